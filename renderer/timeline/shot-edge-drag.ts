import type { ShotId } from '../../native/model/ids';
import { storyTiming, type ShotTiming } from '../../native/model/story-timing';
import { snap, snapTargets } from '../../native/model/timeline-snap';
import {
  DRAG_THRESHOLD,
  idle,
  SNAP_PIXELS,
  type DragState,
  type TimelineHost,
  type TimelinePointer,
} from './clip-drag';

/** The longest a shot may last (the document's limit). */
const MAX_SHOT_FRAMES = 10_000_000;

/**
 * The pointer went down on a shot's right edge in the video track: once it travels, the drag
 * changes the shot's duration (`Idle → Pressing → Resizing`). Shots play back to back, so every
 * later shot moves with the edge. The end lands on whole frames and snaps to the playhead, clip
 * edges and beats (not with Shift, nor with snapping off); the whole drag is one undo step,
 * "Change duration".
 */
export function pressShotEdge(shotId: ShotId, start: TimelinePointer, host: TimelineHost): DragState {
  const pressing: DragState = {
    name: 'pressing',
    move(p) {
      if (Math.hypot(p.x - start.x, p.y - start.y) < DRAG_THRESHOLD) return pressing;
      const timing = storyTiming(host.doc()).shots.find((s) => s.shot.id === shotId);
      if (!timing) return idle;
      host.begin('Change duration');
      const next = resizing(timing, start, host);
      return next.move?.(p) ?? next;
    },
    up: () => idle,
    cancel: () => idle,
  };
  return pressing;
}

function resizing(shot: ShotTiming, start: TimelinePointer, host: TimelineHost): DragState {
  const doc = host.doc();
  const targets = snapTargets(doc.timeline, doc.assets, { exclude: [], playheadFrame: host.playheadFrame() });
  const threshold = SNAP_PIXELS / host.pxPerFrame();
  const shotId = shot.shot.id as ShotId;
  let shown = shot.durationFrames;
  const state: DragState = {
    name: 'resizing',
    cursor: 'ew-resize',
    move(p) {
      const end = shot.endFrame + (p.frame - start.frame);
      const s = host.snapping() && !p.shift ? snap([end], targets, threshold) : null;
      const landed = s && s.target.frame > shot.startFrame ? s : null;
      host.guide(landed ? landed.target.frame : null);
      const durationFrames = Math.min(
        MAX_SHOT_FRAMES,
        Math.max(1, Math.round(end + (landed?.delta ?? 0)) - shot.startFrame),
      );
      if (durationFrames !== shown) {
        shown = durationFrames;
        host.update({ type: 'shot.update', args: { shotId, patch: { durationFrames } } });
      }
      return state;
    },
    up() {
      host.guide(null);
      host.commit();
      return idle;
    },
    cancel() {
      host.guide(null);
      host.cancel();
      return idle;
    },
  };
  return state;
}
