import { memo, useRef, type PointerEvent } from 'react';
import type { Clip } from '../../native/model/document';
import { formatTimecode } from '../../native/model/time';
import type { ClipPart } from './clip-drag';
import { CLIP_HEIGHT, CLIP_INSET } from './layout';

export interface CaptionClipViewProps {
  clip: Clip;
  fps: number;
  pxPerFrame: number;
  selected: boolean;
  onPress(clipId: string, part: ClipPart, event: PointerEvent): void;
  /** Double-click: edit the text in place. */
  onEdit(clip: Clip): void;
}

/** Two presses at one spot within this many milliseconds are a double-click. */
const DOUBLE_PRESS_MS = 400;

/**
 * A caption on a captions track: its text, and handles to trim either end. Moved and trimmed
 * with the same drags as audio clips (snapping to the shots' cuts too); double-click (or Enter) edits it.
 */
export const CaptionClipView = memo(function CaptionClipView(props: CaptionClipViewProps) {
  const { clip, fps, pxPerFrame, selected, onPress, onEdit } = props;
  const text = clip.text ?? '';
  const end = clip.startFrame + clip.durationFrames;
  const lastPress = useRef({ time: -Infinity, x: 0, y: 0 });
  const editOnRelease = useRef(false);
  return (
    <div
      className={`clip clip-captions caption-clip${selected ? ' selected' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={`Caption: ${text}`}
      aria-pressed={selected}
      title={`${text}\n${formatTimecode(clip.startFrame, fps)} – ${formatTimecode(end, fps)}\nDouble-click to edit`}
      data-clip-id={clip.id}
      data-start-frame={clip.startFrame}
      data-duration-frames={clip.durationFrames}
      style={{
        left: clip.startFrame * pxPerFrame,
        width: Math.max(2, clip.durationFrames * pxPerFrame),
        top: CLIP_INSET,
        height: CLIP_HEIGHT,
      }}
      onPointerDown={(e) => {
        // A second press soon after the first edits the text (a drag captures the pointer, so
        // no dblclick reaches the clip); the editor opens on release, once focus has settled.
        const last = lastPress.current;
        const again =
          e.timeStamp - last.time < DOUBLE_PRESS_MS && Math.hypot(e.clientX - last.x, e.clientY - last.y) < 5;
        lastPress.current = { time: again ? -Infinity : e.timeStamp, x: e.clientX, y: e.clientY };
        editOnRelease.current = again;
        if (again) {
          e.stopPropagation();
          return;
        }
        const part = (e.target as Element).closest<HTMLElement>('[data-part]')?.dataset.part as
          ClipPart | undefined;
        onPress(clip.id, part ?? 'body', e);
      }}
      onPointerUp={() => {
        if (!editOnRelease.current) return;
        editOnRelease.current = false;
        onEdit(clip);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onEdit(clip);
      }}
    >
      <div className="caption-text">{text}</div>
      <div className="trim-handle head" data-part="head" aria-label={`Trim start of caption ${text}`} />
      <div className="trim-handle tail" data-part="tail" aria-label={`Trim end of caption ${text}`} />
    </div>
  );
});
