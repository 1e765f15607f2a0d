// Dragging clips on the timeline, press → drag → release against an in-memory host holding a
// real Editor: what lands in the document, what the snap guide shows, and that each drag is
// one undo step.
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../../native/model/document';
import type { Editor } from '../../../../native/model/editor';
import {
  idle,
  press,
  type ClipPart,
  type DragState,
  type TimelineHost,
  type TimelinePointer,
} from '../../../../renderer/timeline/clip-drag';
import { audioAsset, clip, timelineEditor, track } from '../../../helpers/timeline-docs';

const PX_PER_FRAME = 2;

function setup(options: { playhead?: number; snapping?: boolean } = {}) {
  const editor = timelineEditor({
    assets: [audioAsset('bed', 20, { beats: { bpm: 120 } }), audioAsset('vo', 10)],
    tracks: [track('m'), track('v', 'voice'), track('pic', 'video')],
    clips: [
      clip('bed', 'm', 'bed', { startFrame: 0, durationFrames: 300 }),
      clip('vo', 'v', 'vo', { startFrame: 100, durationFrames: 60, trimStartSamples: 48_000 }),
    ],
  });
  const guides: (number | null)[] = [];
  let selected: string | null = null;
  const host: TimelineHost = {
    doc: () => editor.doc,
    pxPerFrame: () => PX_PER_FRAME,
    clipHeight: () => 60,
    playheadFrame: () => options.playhead ?? 500,
    snapping: () => options.snapping ?? true,
    select: (id) => {
      selected = id;
    },
    begin: (label) => editor.beginGesture(label),
    update: (command) => {
      const result = editor.updateGesture(command);
      if (!result.ok) throw new Error(result.reason);
    },
    commit: () => editor.commitGesture(),
    cancel: () => editor.cancelGesture(),
    guide: (frame) => guides.push(frame),
  };
  return { editor, host, guides, selected: () => selected };
}

const at = (
  frame: number,
  trackId: string | null = null,
  extra: Partial<TimelinePointer> = {},
): TimelinePointer => ({
  x: frame * PX_PER_FRAME,
  y: 0,
  frame,
  trackId,
  shift: false,
  ...extra,
});

/** Presses `part` of a clip at `from`, drags through `to` (in steps) and releases there. */
function drag(
  s: ReturnType<typeof setup>,
  clipId: string,
  part: ClipPart,
  from: TimelinePointer,
  to: TimelinePointer,
): DragState {
  let state = press(clipId, part, from, s.host);
  for (let i = 1; i <= 4; i++) {
    const t = i / 4;
    state = state.move!({
      ...to,
      x: from.x + (to.x - from.x) * t,
      y: from.y + (to.y - from.y) * t,
      frame: from.frame + (to.frame - from.frame) * t,
    });
  }
  return state.up!(to);
}

const clipOf = (editor: Editor, id: string) => editor.doc.timeline.clips[`clip:${id}`]!;
const steps = (editor: Editor) => editor.undoLabels;

describe('moving a clip', () => {
  it('moves it by whole frames as one undo step, and selects it', () => {
    const s = setup({ snapping: false });
    expect(drag(s, 'clip:vo', 'body', at(110, 'track:v'), at(150.4, 'track:v'))).toBe(idle);
    expect(clipOf(s.editor, 'vo').startFrame).toBe(140);
    expect(s.selected()).toBe('clip:vo');
    expect(steps(s.editor).at(-1)).toBe('Move clip');
    s.editor.undo();
    expect(clipOf(s.editor, 'vo').startFrame).toBe(100);
  });

  it('snaps its edge to another clip’s end within a few pixels, showing the guide there', () => {
    const s = setup();
    // The start lands 3 frames (6 px) after the bed's end at 300.
    drag(s, 'clip:vo', 'body', at(110, 'track:v'), at(313, 'track:v'));
    expect(clipOf(s.editor, 'vo').startFrame).toBe(300);
    expect(s.guides.filter((g) => g !== null).at(-1)).toBe(300);
    expect(s.guides.at(-1)).toBeNull(); // gone once released
  });

  it('snaps to the playhead, and to the beats of music', () => {
    const onPlayhead = setup({ playhead: 222 });
    drag(onPlayhead, 'clip:vo', 'body', at(110, 'track:v'), at(230, 'track:v'));
    // Its start would be at 220: 2 frames (4 px) from the playhead at 222.
    expect(clipOf(onPlayhead.editor, 'vo').startFrame).toBe(222);
    const onBeat = setup();
    // 120 bpm at 30 fps: a beat every 15 frames. From 100 to 137: start lands on the beat at 135.
    drag(onBeat, 'clip:vo', 'body', at(110, 'track:v'), at(147, 'track:v'));
    expect(clipOf(onBeat.editor, 'vo').startFrame).toBe(135);
  });

  it('does not snap with Shift held or snapping off', () => {
    const s = setup();
    drag(s, 'clip:vo', 'body', at(110, 'track:v'), at(313, 'track:v', { shift: true }));
    expect(clipOf(s.editor, 'vo').startFrame).toBe(303);
  });

  it('goes to another audio track (one undo step), never to a video track', () => {
    const s = setup({ snapping: false });
    const before = steps(s.editor).length;
    drag(s, 'clip:vo', 'body', at(110, 'track:v'), at(400, 'track:m'));
    expect(clipOf(s.editor, 'vo')).toMatchObject({ trackId: 'track:m', startFrame: 390 });
    expect(s.editor.doc.timeline.tracks['track:m']!.clipIds).toEqual(['clip:bed', 'clip:vo']);
    expect(s.editor.doc.timeline.tracks['track:v']!.clipIds).toEqual([]);
    expect(steps(s.editor)).toHaveLength(before + 1);
    s.editor.undo();
    expect(clipOf(s.editor, 'vo')).toMatchObject({ trackId: 'track:v', startFrame: 100 });

    const t = setup({ snapping: false });
    drag(t, 'clip:vo', 'body', at(110, 'track:v'), at(120, 'track:pic'));
    expect(clipOf(t.editor, 'vo').trackId).toBe('track:v');
  });

  it('stays put on a click (no travel), and Escape puts it back mid-drag', () => {
    const s = setup();
    const before = steps(s.editor).length;
    let state = press('clip:vo', 'body', at(110, 'track:v'), s.host);
    state = state.move!(at(110.5, 'track:v'));
    expect(state.up!(at(110.5, 'track:v'))).toBe(idle);
    expect(steps(s.editor)).toHaveLength(before);

    state = press('clip:vo', 'body', at(110, 'track:v'), s.host);
    state = state.move!(at(170, 'track:v'));
    expect(clipOf(s.editor, 'vo').startFrame).not.toBe(100);
    expect(state.cancel!()).toBe(idle);
    expect(clipOf(s.editor, 'vo').startFrame).toBe(100);
    expect(steps(s.editor)).toHaveLength(before);
  });
});

describe('trimming', () => {
  it('trims the tail, never past the audio’s end', () => {
    const s = setup({ snapping: false });
    drag(s, 'clip:vo', 'tail', at(160, 'track:v'), at(140, 'track:v'));
    expect(clipOf(s.editor, 'vo').durationFrames).toBe(40);
    expect(steps(s.editor).at(-1)).toBe('Trim clip');
    // 10 s of audio, 1 s trimmed off: at most 270 frames.
    drag(s, 'clip:vo', 'tail', at(140, 'track:v'), at(900, 'track:v'));
    expect(clipOf(s.editor, 'vo').durationFrames).toBe(270);
  });

  it('trims the head: start, length and trim point together, not before the asset’s start', () => {
    const s = setup({ snapping: false });
    drag(s, 'clip:vo', 'head', at(100, 'track:v'), at(115, 'track:v'));
    expect(clipOf(s.editor, 'vo')).toMatchObject({
      startFrame: 115,
      durationFrames: 45,
      trimStartSamples: 48_000 + 15 * 1600,
    });
    drag(s, 'clip:vo', 'head', at(115, 'track:v'), at(0, 'track:v'));
    expect(clipOf(s.editor, 'vo')).toMatchObject({ startFrame: 70, durationFrames: 90, trimStartSamples: 0 });
  });

  it('snaps a trimmed edge to the playhead', () => {
    const s = setup({ playhead: 150 });
    drag(s, 'clip:vo', 'tail', at(160, 'track:v'), at(152, 'track:v'));
    expect(clipOf(s.editor, 'vo').durationFrames).toBe(50);
  });
});

describe('fades and gain', () => {
  it('drags the fade handles in from the corners, within the clip', () => {
    const s = setup();
    drag(s, 'clip:vo', 'fade-in', at(100, 'track:v'), at(120, 'track:v'));
    drag(s, 'clip:vo', 'fade-out', at(160, 'track:v'), at(100, 'track:v'));
    expect(clipOf(s.editor, 'vo')).toMatchObject({ fadeInFrames: 20, fadeOutFrames: 40 });
    expect(steps(s.editor).slice(-2)).toEqual(['Fade clip', 'Fade clip']);
  });

  it('raises and lowers the level line (Shift for fine steps)', () => {
    const s = setup();
    drag(s, 'clip:vo', 'level', at(120, 'track:v', { y: 100 }), at(120, 'track:v', { y: 130 }));
    const lowered = clipOf(s.editor, 'vo').gainDb;
    expect(lowered).toBeLessThan(-5);
    expect(steps(s.editor).at(-1)).toBe('Change gain');
    drag(s, 'clip:vo', 'level', at(120, 'track:v', { y: 100 }), at(120, 'track:v', { y: 70, shift: true }));
    const raised = clipOf(s.editor, 'vo').gainDb;
    expect(raised).toBeGreaterThan(lowered);
    expect(raised).toBeLessThan(lowered + 4);
  });
});

describe('the document after any drag', () => {
  it('is still valid', async () => {
    const { parseDocument } = await import('../../../../native/model/parse');
    const s = setup();
    drag(s, 'clip:vo', 'head', at(100, 'track:v'), at(20, 'track:v'));
    drag(s, 'clip:vo', 'body', at(100, 'track:v'), at(700, 'track:m'));
    drag(s, 'clip:bed', 'tail', at(300, 'track:m'), at(5, 'track:m'));
    expect(() => parseDocument(JSON.parse(JSON.stringify(s.editor.doc)) as Document)).not.toThrow();
  });
});
