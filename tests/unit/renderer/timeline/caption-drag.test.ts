// Captions on a captions track take the audio clips' drags: moved (snapping to the shots'
// cuts), trimmed at either end — the head as far back as the timeline's start, since no audio
// runs out — and kept to captions tracks.
import { describe, expect, it } from 'vitest';
import { ShotSchema } from '../../../../native/model/document';
import type { Editor } from '../../../../native/model/editor';
import {
  idle,
  press,
  type ClipPart,
  type TimelineHost,
  type TimelinePointer,
} from '../../../../renderer/timeline/clip-drag';
import { audioAsset, clip, timelineEditor, track } from '../../../helpers/timeline-docs';

const PX_PER_FRAME = 2;

function setup() {
  const editor = timelineEditor({
    assets: [audioAsset('bed', 20)],
    tracks: [track('c', 'captions'), track('c2', 'captions'), track('m')],
    clips: [
      clip('cap', 'c', null, { text: 'Hello', startFrame: 40, durationFrames: 60 }),
      clip('bed', 'm', 'bed', { startFrame: 0, durationFrames: 600 }),
    ],
  });
  const shot = ShotSchema.parse({
    id: 'shot:a',
    name: 'a',
    source: null,
    durationFrames: 150,
    caption: '',
    notes: '',
    transitionIn: { kind: 'cut', durationFrames: 0 },
    camera: { from: { x: 0.5, y: 0.5, scale: 1 }, to: { x: 0.5, y: 0.5, scale: 1 }, easing: 'linear' },
  });
  editor.dispatch({ type: 'shot.add', args: { shot } });
  const host: TimelineHost = {
    doc: () => editor.doc,
    pxPerFrame: () => PX_PER_FRAME,
    clipHeight: () => 60,
    playheadFrame: () => 1000,
    snapping: () => true,
    select: () => {},
    begin: (label) => editor.beginGesture(label),
    update: (command) => {
      const result = editor.updateGesture(command);
      if (!result.ok) throw new Error(result.reason);
    },
    commit: () => editor.commitGesture(),
    cancel: () => editor.cancelGesture(),
    guide: () => {},
  };
  return { editor, host };
}

const at = (frame: number, trackId: string | null = 'track:c'): TimelinePointer => ({
  x: frame * PX_PER_FRAME,
  y: 0,
  frame,
  trackId,
  shift: false,
});

function drag(
  editor: Editor,
  host: TimelineHost,
  part: ClipPart,
  from: TimelinePointer,
  to: TimelinePointer,
) {
  let state = press('clip:cap', part, from, host);
  state = state.move!({ ...from, x: from.x + 10 });
  state = state.move!(to);
  expect(state.up!(to)).toBe(idle);
  return editor.doc.timeline.clips['clip:cap']!;
}

describe('dragging a caption', () => {
  it('moves it, snapping its end to the cut after the shot', () => {
    const { editor, host } = setup();
    // Its end would land at 148, two frames before the shot ends at 150.
    expect(drag(editor, host, 'body', at(50), at(98))).toMatchObject({ startFrame: 90, durationFrames: 60 });
  });

  it('trims its head back to the timeline’s start and its tail out, as one step each', () => {
    const { editor, host } = setup();
    expect(drag(editor, host, 'head', at(40), at(-20))).toMatchObject({ startFrame: 0, durationFrames: 100 });
    expect(drag(editor, host, 'tail', at(100), at(120))).toMatchObject({
      startFrame: 0,
      durationFrames: 120,
    });
    expect(editor.undoLabels.slice(-2)).toEqual(['Trim clip', 'Trim clip']);
  });

  it('goes to another captions track, never onto an audio track', () => {
    const { editor, host } = setup();
    expect(drag(editor, host, 'body', at(50), at(60, 'track:c2')).trackId).toBe('track:c2');
    expect(drag(editor, host, 'body', at(60, 'track:c2'), at(70, 'track:m')).trackId).toBe('track:c2');
  });
});
