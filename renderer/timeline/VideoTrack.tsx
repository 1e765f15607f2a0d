import { memo, type PointerEvent } from 'react';
import type { Document } from '../../native/model/document';
import type { ShotId } from '../../native/model/ids';
import { storyTiming, type ShotTiming } from '../../native/model/story-timing';
import { formatTimecode } from '../../native/model/time';
import type { AssetImages } from '../canvas/asset-images';
import { CLIP_HEIGHT, CLIP_INSET, CLIP_LABEL_HEIGHT, HEADER_WIDTH, TRACK_HEIGHT } from './layout';
import { ShotBlockThumb } from './ShotBlockThumb';

const TRANSITION_NAMES = { crossfade: 'Crossfade', 'dip-to-black': 'Dip to black', slide: 'Slide' } as const;

export interface VideoTrackProps {
  doc: Document;
  pxPerFrame: number;
  /** The lane's width, pixels. */
  width: number;
  images: AssetImages;
  imagesVersion: number;
  fontsReady: boolean;
  /** The pointer went down on a shot's right edge. */
  onPressEdge(shotId: ShotId, event: PointerEvent): void;
}

const seconds = (frames: number, fps: number) => `${Math.round((frames / fps) * 100) / 100} s`;

/** One shot on the video track: name, picture, its transition in, and the edge that sets its length. */
const ShotBlock = memo(function ShotBlock(props: {
  doc: Document;
  timing: ShotTiming;
  pxPerFrame: number;
  images: AssetImages;
  imagesVersion: number;
  fontsReady: boolean;
  onPressEdge(shotId: ShotId, event: PointerEvent): void;
}) {
  const { doc, timing, pxPerFrame, onPressEdge } = props;
  const { shot } = timing;
  const fps = doc.timeline.fps;
  const width = Math.max(2, timing.durationFrames * pxPerFrame);
  const transition = shot.transitionIn.kind === 'cut' ? null : shot.transitionIn.kind;
  const thumbHeight = CLIP_HEIGHT - CLIP_LABEL_HEIGHT - 6;
  return (
    <div
      className="shot-block"
      role="button"
      aria-label={shot.name}
      title={`${shot.name}\n${formatTimecode(timing.startFrame, fps)} – ${formatTimecode(timing.endFrame, fps)} (${seconds(timing.durationFrames, fps)})\nDrag the right edge to change its length`}
      data-shot-id={shot.id}
      data-start-frame={timing.startFrame}
      data-duration-frames={timing.durationFrames}
      style={{ left: timing.startFrame * pxPerFrame, width, top: CLIP_INSET, height: CLIP_HEIGHT }}
    >
      <div className="clip-label" style={{ height: CLIP_LABEL_HEIGHT }}>
        {shot.name}
      </div>
      <div className="shot-block-body">
        <ShotBlockThumb
          doc={doc}
          shot={shot}
          images={props.images}
          imagesVersion={props.imagesVersion}
          fontsReady={props.fontsReady}
          width={Math.max(0, Math.min(thumbHeight * 2, width - 14))}
          height={thumbHeight}
        />
      </div>
      {transition && (
        <div
          className={`shot-transition transition-${transition}`}
          data-testid="shot-transition"
          title={`${TRANSITION_NAMES[transition]} in, ${seconds(timing.transitionFrames, fps)}`}
          aria-label={`${TRANSITION_NAMES[transition]} into ${shot.name}`}
          style={{ width: Math.max(4, timing.transitionFrames * pxPerFrame) }}
        />
      )}
      <div
        className="shot-edge"
        data-part="duration"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Change duration of ${shot.name}`}
        onPointerDown={(e) => onPressEdge(shot.id as ShotId, e)}
      />
    </div>
  );
});

/**
 * The video track: the storyboard's shots end to end, as the timing of the story says. Its
 * header is fixed; the shots are changed in the Storyboard, and their lengths here.
 */
export function VideoTrack(props: VideoTrackProps) {
  const { doc, pxPerFrame, width } = props;
  const timing = storyTiming(doc);
  return (
    <div className="track-row" style={{ height: TRACK_HEIGHT }}>
      <div
        className="track-header track-video"
        role="group"
        aria-label="Video track"
        style={{ width: HEADER_WIDTH, height: TRACK_HEIGHT }}
      >
        <div className="track-title">
          <span className="track-name">Video</span>
          <span className="track-kind">
            {timing.shots.length} {timing.shots.length === 1 ? 'shot' : 'shots'} ·{' '}
            {seconds(timing.totalFrames, doc.timeline.fps)}
          </span>
        </div>
        <span className="muted small-text">
          {timing.shots.length === 0 ? 'Add shots in the Storyboard' : 'Drag an edge to change a length'}
        </span>
      </div>
      <div
        className="lane lane-video"
        role="group"
        aria-label="Video shots"
        style={{ width, height: TRACK_HEIGHT }}
      >
        {timing.shots.map((t) => (
          <ShotBlock
            key={t.shot.id}
            doc={doc}
            timing={t}
            pxPerFrame={pxPerFrame}
            images={props.images}
            imagesVersion={props.imagesVersion}
            fontsReady={props.fontsReady}
            onPressEdge={props.onPressEdge}
          />
        ))}
      </div>
    </div>
  );
}
