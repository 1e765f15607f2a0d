// Dragging a shot's right edge on the video track, press → drag → release against an in-memory
// host holding a real Editor: the shot's length changes, later shots follow, snapping applies,
// and each drag is one undo step, "Change duration".
import { describe, expect, it } from 'vitest';
import { ShotSchema, type Shot } from '../../../../native/model/document';
import type { ShotId } from '../../../../native/model/ids';
import { storyTiming } from '../../../../native/model/story-timing';
import {
  idle,
  type DragState,
  type TimelineHost,
  type TimelinePointer,
} from '../../../../renderer/timeline/clip-drag';
import { pressShotEdge } from '../../../../renderer/timeline/shot-edge-drag';
import { audioAsset, clip, timelineEditor, track } from '../../../helpers/timeline-docs';

const PX_PER_FRAME = 2;

const shot = (id: string, durationFrames: number): Shot =>
  ShotSchema.parse({
    id: `shot:${id}`,
    name: id,
    source: null,
    durationFrames,
    caption: '',
    notes: '',
    transitionIn: { kind: 'cut', durationFrames: 0 },
    camera: { from: { x: 0.5, y: 0.5, scale: 1 }, to: { x: 0.5, y: 0.5, scale: 1 }, easing: 'linear' },
  });

function setup(options: { playhead?: number; snapping?: boolean } = {}) {
  const editor = timelineEditor({
    assets: [audioAsset('vo', 20)],
    tracks: [track('v', 'voice')],
    clips: [clip('vo', 'v', 'vo', { startFrame: 0, durationFrames: 130 })],
  });
  for (const s of [shot('a', 90), shot('b', 60), shot('c', 30)]) {
    const result = editor.dispatch({ type: 'shot.add', args: { shot: s } });
    if (!result.ok) throw new Error(result.reason);
  }
  const guides: (number | null)[] = [];
  const host: TimelineHost = {
    doc: () => editor.doc,
    pxPerFrame: () => PX_PER_FRAME,
    clipHeight: () => 60,
    playheadFrame: () => options.playhead ?? 500,
    snapping: () => options.snapping ?? true,
    select: () => {},
    begin: (label) => editor.beginGesture(label),
    update: (command) => {
      const result = editor.updateGesture(command);
      if (!result.ok) throw new Error(result.reason);
    },
    commit: () => editor.commitGesture(),
    cancel: () => editor.cancelGesture(),
    guide: (frame) => guides.push(frame),
  };
  return { editor, host, guides };
}

const at = (frame: number, extra: Partial<TimelinePointer> = {}): TimelinePointer => ({
  x: frame * PX_PER_FRAME,
  y: 0,
  frame,
  trackId: null,
  shift: false,
  ...extra,
});

function drag(s: ReturnType<typeof setup>, shotId: string, from: number, to: TimelinePointer): DragState {
  let state = pressShotEdge(shotId as ShotId, at(from), s.host);
  for (let i = 1; i <= 4; i++)
    state = state.move!({
      ...to,
      x: at(from + ((to.frame - from) * i) / 4).x,
      frame: from + ((to.frame - from) * i) / 4,
    });
  return state.up!(to);
}

const spans = (s: ReturnType<typeof setup>) =>
  storyTiming(s.editor.doc).shots.map((t) => [t.startFrame, t.durationFrames]);

describe('dragging a shot’s edge', () => {
  it('changes its length in whole frames; the shots after it move with it; one undo step', () => {
    const s = setup({ snapping: false });
    expect(drag(s, 'shot:a', 90, at(60.4))).toBe(idle);
    expect(spans(s)).toEqual([
      [0, 60],
      [60, 60],
      [120, 30],
    ]);
    expect(s.editor.undoLabels.at(-1)).toBe('Change duration');
    s.editor.undo();
    expect(spans(s)).toEqual([
      [0, 90],
      [90, 60],
      [150, 30],
    ]);
  });

  it('lengthens a middle shot, never shortens one below a frame', () => {
    const s = setup({ snapping: false });
    drag(s, 'shot:b', 150, at(200));
    expect(spans(s)[1]).toEqual([90, 110]);
    expect(spans(s)[2]).toEqual([200, 30]);
    drag(s, 'shot:b', 200, at(10));
    expect(spans(s)[1]).toEqual([90, 1]);
  });

  it('snaps the end to an audio clip’s edge or the playhead, showing the guide; not with Shift', () => {
    const s = setup();
    // 3 frames (6 px) from the voice clip's end at 130.
    drag(s, 'shot:a', 90, at(127));
    expect(spans(s)[0]).toEqual([0, 130]);
    expect(s.guides.filter((g) => g !== null).at(-1)).toBe(130);
    expect(s.guides.at(-1)).toBeNull();

    const p = setup({ playhead: 75 });
    drag(p, 'shot:a', 90, at(73));
    expect(spans(p)[0]).toEqual([0, 75]);

    const free = setup();
    drag(free, 'shot:a', 90, at(127, { shift: true }));
    expect(spans(free)[0]).toEqual([0, 127]);
  });

  it('does nothing on a click, and Escape puts the length back mid-drag', () => {
    const s = setup();
    const before = s.editor.undoLabels.length;
    let state = pressShotEdge('shot:a' as ShotId, at(90), s.host);
    state = state.move!(at(90.5));
    expect(state.up!(at(90.5))).toBe(idle);
    expect(s.editor.undoLabels).toHaveLength(before);

    state = pressShotEdge('shot:a' as ShotId, at(90), s.host);
    state = state.move!(at(40));
    expect(spans(s)[0]).toEqual([0, 40]);
    expect(state.cancel!()).toBe(idle);
    expect(spans(s)[0]).toEqual([0, 90]);
    expect(s.editor.undoLabels).toHaveLength(before);
  });
});
