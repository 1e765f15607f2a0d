import { memo, useMemo, type PointerEvent } from 'react';
import { dbToGain } from '../../native/model/clip-edit';
import type { Asset, Clip, Track } from '../../native/model/document';
import { formatTimecode, SAMPLE_RATE } from '../../native/model/time';
import { clipBeats } from '../../native/model/timeline-snap';
import { useStudioApi } from '../platform/studio-context';
import type { ClipPart } from './clip-drag';
import { CLIP_HEIGHT, CLIP_INSET, CLIP_LABEL_HEIGHT, KIND_COLOURS, WAVE_HEIGHT } from './layout';
import { formatGain, levelPosition } from './level';
import { usePeaks } from './peaks';
import { Waveform } from './Waveform';

export interface ClipViewProps {
  clip: Clip;
  asset: Asset | undefined;
  name: string;
  kind: Track['kind'];
  fps: number;
  pxPerSecond: number;
  selected: boolean;
  /** The lane's pixels worth drawing (what is in view, and a screen either side), and a screen's width. */
  visible: { from: number; to: number; screen: number };
  /** Audio clips are edited with the mouse; others are only shown. */
  editable: boolean;
  onPress(clipId: string, part: ClipPart, event: PointerEvent): void;
}

/** The part of a clip a press landed on, from the handle's `data-part`. */
function partOf(target: EventTarget): ClipPart {
  const el = target instanceof Element ? target.closest<HTMLElement>('[data-part]') : null;
  return (el?.dataset.part as ClipPart | undefined) ?? 'body';
}

/**
 * One clip in its lane: its name, its waveform (only the trimmed part, only what is in view),
 * its fades as ramps with the level line between them, beat ticks on music, and the handles
 * to trim, fade and change its gain.
 */
export const ClipView = memo(function ClipView(props: ClipViewProps) {
  const { clip, asset, name, kind, fps, pxPerSecond, selected, visible, editable, onPress } = props;
  const studio = useStudioApi();
  const audio = asset?.kind === 'audio' ? asset : undefined;
  const peaks = usePeaks(studio, audio?.sha256 ?? null);
  const pxPerFrame = pxPerSecond / fps;
  const left = clip.startFrame * pxPerFrame;
  const width = Math.max(2, clip.durationFrames * pxPerFrame);
  const trim = clip.trimStartSamples / SAMPLE_RATE;

  // The waveform's window: in view (± a screen), in steps of a screen measured from the clip's
  // own start, so moving the clip a little does not redraw it.
  let wave: null | { first: number; end: number; left: number } = null;
  if (peaks && 'peaks' in peaks) {
    const step = Math.max(1, visible.screen);
    const from = Math.max(0, Math.floor((visible.from - left) / step) * step);
    const to = Math.min(width, from + 4 * step, Math.max(0, visible.to - left + step));
    if (to > from) {
      const bps = peaks.peaks.bucketsPerSecond;
      const length = peaks.peaks.channels[0]?.length ?? 0;
      const first = Math.min(Math.max(0, length - 1), Math.floor((trim + from / pxPerSecond) * bps));
      const end = Math.min(length, Math.max(first + 1, Math.ceil((trim + to / pxPerSecond) * bps)));
      wave = { first, end, left: (first / bps - trim) * pxPerSecond };
    }
  }

  const fadeInPx = clip.fadeInFrames * pxPerFrame;
  const fadeOutPx = clip.fadeOutFrames * pxPerFrame;
  const levelY = (1 - levelPosition(clip.gainDb)) * WAVE_HEIGHT;
  const H = WAVE_HEIGHT;
  const beats = useMemo(
    () => (kind === 'music' ? clipBeats(clip, audio, fps) : []),
    [kind, clip, audio, fps],
  );
  const beatPx = beats.length > 1 ? (beats[1]!.frame - beats[0]!.frame) * pxPerFrame : 0;
  const colour = KIND_COLOURS[kind];

  const title = [
    name,
    `${formatTimecode(clip.startFrame, fps)} – ${formatTimecode(clip.startFrame + clip.durationFrames, fps)}`,
    `Gain ${formatGain(clip.gainDb)}`,
    peaks && 'error' in peaks ? `No waveform: ${peaks.error}` : null,
  ]
    .filter(Boolean)
    .join('\n');

  return (
    <div
      className={`clip clip-${kind}${selected ? ' selected' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-pressed={selected}
      title={title}
      data-clip-id={clip.id}
      data-start-frame={clip.startFrame}
      data-duration-frames={clip.durationFrames}
      data-trim-start-samples={clip.trimStartSamples}
      data-gain-db={clip.gainDb}
      data-fade-in-frames={clip.fadeInFrames}
      data-fade-out-frames={clip.fadeOutFrames}
      style={{
        left,
        width,
        top: CLIP_INSET,
        height: CLIP_HEIGHT,
        borderColor: selected ? undefined : colour,
      }}
      onPointerDown={(e) => editable && onPress(clip.id, partOf(e.target), e)}
    >
      <div className="clip-label" style={{ height: CLIP_LABEL_HEIGHT }}>
        {name}
      </div>
      <div className="clip-body" style={{ top: CLIP_LABEL_HEIGHT, height: WAVE_HEIGHT }}>
        {wave && peaks && 'peaks' in peaks && (
          <Waveform
            peaks={peaks.peaks}
            firstBucket={wave.first}
            endBucket={wave.end}
            left={wave.left}
            pxPerSecond={pxPerSecond}
            height={WAVE_HEIGHT}
            scale={dbToGain(clip.gainDb)}
            color={colour}
          />
        )}
        {audio && (
          <svg className="clip-overlay" width={width} height={H} aria-hidden="true">
            {beatPx >= 6 &&
              beats.map((b) => {
                const x = (b.frame - clip.startFrame) * pxPerFrame;
                return (
                  <line
                    key={b.frame}
                    className={b.downbeat ? 'beat bar' : 'beat'}
                    x1={x}
                    x2={x}
                    y1={b.downbeat ? H - 10 : H - 5}
                    y2={H}
                  />
                );
              })}
            {fadeInPx > 0 && (
              <polygon className="fade-shade" points={`0,0 ${fadeInPx},0 ${fadeInPx},${levelY} 0,${H}`} />
            )}
            {fadeOutPx > 0 && (
              <polygon
                className="fade-shade"
                points={`${width},0 ${width - fadeOutPx},0 ${width - fadeOutPx},${levelY} ${width},${H}`}
              />
            )}
            <polyline
              className="level-line"
              points={`0,${fadeInPx > 0 ? H : levelY} ${fadeInPx},${levelY} ${width - fadeOutPx},${levelY} ${width},${fadeOutPx > 0 ? H : levelY}`}
            />
          </svg>
        )}
        {editable && audio && (
          <div
            className="level-handle"
            data-part="level"
            aria-label={`Gain of ${name}`}
            title={`Gain ${formatGain(clip.gainDb)} (drag up or down; Shift for fine steps)`}
            style={{ top: levelY - 4, left: fadeInPx, right: fadeOutPx }}
          />
        )}
      </div>
      {editable && (
        <>
          <div className="trim-handle head" data-part="head" aria-label={`Trim start of ${name}`} />
          <div className="trim-handle tail" data-part="tail" aria-label={`Trim end of ${name}`} />
          <div
            className="fade-handle"
            data-part="fade-in"
            aria-label={`Fade in of ${name}`}
            title="Fade in"
            style={{ left: Math.min(fadeInPx, width - 10) }}
          />
          <div
            className="fade-handle"
            data-part="fade-out"
            aria-label={`Fade out of ${name}`}
            title="Fade out"
            style={{ left: Math.max(0, width - fadeOutPx - 10) }}
          />
        </>
      )}
    </div>
  );
});
