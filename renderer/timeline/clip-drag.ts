import {
  clampGain,
  fadeIn,
  fadeOut,
  isAudioTrackKind,
  moveTo,
  trimHead,
  trimTail,
} from '../../native/model/clip-edit';
import type { Command } from '../../native/model/commands/index';
import type { Clip, Document } from '../../native/model/document';
import type { GestureLabel } from '../../native/model/gestures';
import { storyTiming } from '../../native/model/story-timing';
import { clipBeats, snap, snapTargets, type SnapTarget } from '../../native/model/timeline-snap';
import { gainAtPosition, levelPosition } from './level';

/** Which part of a clip the pointer went down on. */
export type ClipPart = 'body' | 'head' | 'tail' | 'fade-in' | 'fade-out' | 'level';

/** A pointer event as the clip tools see it. */
export interface TimelinePointer {
  /** Page pixels (for the drag threshold and the level line). */
  x: number;
  y: number;
  /** The (fractional) frame under the pointer. */
  frame: number;
  /** The track whose lane is under the pointer, if any. */
  trackId: string | null;
  /** Shift held: no snapping (and fine steps on the level line). */
  shift: boolean;
}

/** What a clip drag reads and does: the document, the view, and a gesture to edit through. */
export interface TimelineHost {
  doc(): Document;
  pxPerFrame(): number;
  /** Clip height in pixels (the level line's travel). */
  clipHeight(): number;
  playheadFrame(): number;
  /** The snapping toggle. */
  snapping(): boolean;
  select(clipId: string | null): void;
  begin(label: GestureLabel): void;
  update(command: Command): void;
  commit(): void;
  cancel(): void;
  /** The snap guide to show, at a frame, or none. */
  guide(frame: number | null): void;
}

/**
 * A drag's current state (STYLE.md 7): `Idle → Pressing → Moving | Trimming | Fading | Level`,
 * each handler returning the next state.
 */
export interface DragState {
  readonly name: string;
  readonly cursor?: string;
  move?(p: TimelinePointer): DragState;
  up?(p: TimelinePointer): DragState;
  /** Escape: the document goes back to where the drag began. */
  cancel?(): DragState;
}

/** Screen pixels within which a clip edge snaps. */
export const SNAP_PIXELS = 8;
/** Screen pixels a press travels before it is a drag. */
export const DRAG_THRESHOLD = 3;

export const idle: DragState = { name: 'idle' };

const LABELS: Record<ClipPart, GestureLabel> = {
  body: 'Move clip',
  head: 'Trim clip',
  tail: 'Trim clip',
  'fade-in': 'Fade clip',
  'fade-out': 'Fade clip',
  level: 'Change gain',
};

const CURSORS: Record<ClipPart, string> = {
  body: 'grabbing',
  head: 'ew-resize',
  tail: 'ew-resize',
  'fade-in': 'ew-resize',
  'fade-out': 'ew-resize',
  level: 'ns-resize',
};

/** The pointer went down on `part` of a clip: it is selected; a drag starts once it travels. */
export function press(clipId: string, part: ClipPart, start: TimelinePointer, host: TimelineHost): DragState {
  host.select(clipId);
  const pressing: DragState = {
    name: 'pressing',
    move(p) {
      if (Math.hypot(p.x - start.x, p.y - start.y) < DRAG_THRESHOLD) return pressing;
      const clip = host.doc().timeline.clips[clipId];
      if (!clip) return idle;
      host.begin(LABELS[part]);
      const next = dragging(clip, part, start, host);
      return next.move?.(p) ?? next;
    },
    up: () => idle,
    cancel: () => idle,
  };
  return pressing;
}

/**
 * What a dragged clip snaps to: the playhead, other clips' edges, beats, and the cuts between
 * the storyboard's shots (a caption lands on the shot it belongs to).
 */
function clipSnapTargets(doc: Document, clipId: string, playheadFrame: number): SnapTarget[] {
  const targets = snapTargets(doc.timeline, doc.assets, { exclude: [clipId], playheadFrame });
  for (const shot of storyTiming(doc).shots) targets.push({ frame: shot.endFrame, kind: 'edge' });
  return targets.sort((a, b) => a.frame - b.frame);
}

/** A head trim of a clip with no audio under it (a caption): only the start moves, never past its end. */
function trimTextHead(clip: Clip, startFrame: number): Partial<Clip> {
  const end = clip.startFrame + clip.durationFrames;
  const start = Math.min(end - 1, Math.max(0, Math.round(startFrame)));
  return { startFrame: start, durationFrames: end - start };
}

function dragging(clip: Clip, part: ClipPart, start: TimelinePointer, host: TimelineHost): DragState {
  const doc = host.doc();
  const fps = doc.timeline.fps;
  const asset = clip.assetId ? doc.assets[clip.assetId] : undefined;
  const ownKind = doc.timeline.tracks[clip.trackId]?.kind ?? 'music';
  const targets = clipSnapTargets(doc, clip.id, host.playheadFrame());
  const threshold = SNAP_PIXELS / host.pxPerFrame();
  const end = clip.startFrame + clip.durationFrames;
  // A music clip's own beats land on the playhead and on other clips' edges too.
  const beatOffsets =
    doc.timeline.tracks[clip.trackId]?.kind === 'music'
      ? clipBeats(clip, asset, fps).map((b) => b.frame - clip.startFrame)
      : [];
  let trackId = clip.trackId;

  /** Snaps `frame` (or, for a move, the clip's edges and beats around it) when snapping is on. */
  const snapped = (p: TimelinePointer, frame: number, offsets: number[]): number => {
    const s =
      host.snapping() && !p.shift
        ? snap(
            offsets.map((o) => frame + o),
            targets,
            threshold,
          )
        : null;
    host.guide(s ? s.target.frame : null);
    return Math.round(frame + (s?.delta ?? 0));
  };
  const update = (patch: Partial<Clip>) => {
    const { id: _id, trackId: _track, ...rest } = patch;
    host.update({ type: 'clip.update', args: { clipId: clip.id, patch: rest } });
  };
  const finish: DragState['up'] = () => {
    host.guide(null);
    host.commit();
    return idle;
  };
  const cancel = () => {
    host.guide(null);
    host.cancel();
    return idle;
  };
  const dx = (p: TimelinePointer) => p.frame - start.frame;

  const state = (name: string, move: (p: TimelinePointer) => void): DragState => {
    const s: DragState = {
      name,
      cursor: CURSORS[part],
      move(p) {
        move(p);
        return s;
      },
      up: finish,
      cancel,
    };
    return s;
  };

  switch (part) {
    case 'body':
      return state('moving', (p) => {
        const startFrame = moveTo(
          snapped(p, clip.startFrame + dx(p), [0, clip.durationFrames, ...beatOffsets]),
        ).startFrame;
        // Audio moves between audio tracks; a caption between captions tracks.
        const lane = p.trackId ? host.doc().timeline.tracks[p.trackId] : undefined;
        const fits =
          lane && (isAudioTrackKind(ownKind) ? isAudioTrackKind(lane.kind) : lane.kind === ownKind);
        const target = fits ? lane.id : trackId;
        if (target !== trackId) {
          // To another track: the same clip (same id) taken off one and put on the other.
          const now = host.doc().timeline.clips[clip.id] ?? clip;
          host.update({ type: 'clip.remove', args: { clipId: clip.id } });
          host.update({
            type: 'clip.add',
            args: { clip: { ...now, trackId: target as Clip['trackId'], startFrame } },
          });
          trackId = target;
        } else update({ startFrame });
      });
    case 'head':
      return state('trimming', (p) => {
        const at = snapped(p, clip.startFrame + dx(p), [0]);
        update(isAudioTrackKind(ownKind) ? trimHead(clip, at, fps) : trimTextHead(clip, at));
      });
    case 'tail':
      return state('trimming', (p) => update(trimTail(clip, snapped(p, end + dx(p), [0]), asset, fps)));
    case 'fade-in':
      return state('fading', (p) => update(fadeIn(clip, Math.round(clip.fadeInFrames + dx(p)))));
    case 'fade-out':
      return state('fading', (p) => update(fadeOut(clip, Math.round(clip.fadeOutFrames - dx(p)))));
    case 'level': {
      const from = levelPosition(clip.gainDb);
      return state('level', (p) => {
        // Shift: a tenth of the travel, for fine changes.
        const travel = (start.y - p.y) / host.clipHeight() / (p.shift ? 10 : 1);
        update({ gainDb: clampGain(gainAtPosition(from + travel)) });
      });
    }
  }
}
