// New shots and copies: valid records the shot commands take, numbered names, lengths in whole
// frames at the project's frame rate.
import { describe, expect, it } from 'vitest';
import { ShotSchema } from '../../../../native/model/document';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import type { CanvasId } from '../../../../native/model/ids';
import { copyOfShot, newShot, shotNames } from '../../../../renderer/storyboard/new-shot';

const board = 'canvas:board' as CanvasId;

function editor(fps: 24 | 25 | 30 = 25) {
  const e = new Editor(createDocument({ id: 'project:story', name: 'Story', createdAt: 0, fps }));
  const run = (command: Parameters<Editor['dispatch']>[0]) => {
    const result = e.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  };
  run({ type: 'canvas.add', args: { canvas: blankCanvas(board, 'Hero', 1080, 1920) } });
  return { editor: e, run };
}

describe('new shots', () => {
  it('shows its artboard for three seconds at the project frame rate, cut in, camera still', () => {
    const { editor: e, run } = editor(25);
    const shot = newShot(e.doc, { kind: 'canvas', canvasId: board }, 'Shot 1');
    expect(ShotSchema.parse(shot)).toEqual(shot);
    expect(shot.durationFrames).toBe(75);
    expect(shot.transitionIn).toEqual({ kind: 'cut', durationFrames: 0 });
    expect(shot.camera.from).toEqual(shot.camera.to);
    expect(shot.id).toMatch(/^shot:/);
    run({ type: 'shot.add', args: { shot } });
    expect(e.doc.shotOrder).toEqual([shot.id]);
  });

  it('numbers names on from the highest "Shot N", whatever else is called what', () => {
    const { editor: e, run } = editor();
    expect(shotNames(e.doc, 2)).toEqual(['Shot 1', 'Shot 2']);
    for (const name of ['Shot 4', 'Opening', 'Shot 2'])
      run({ type: 'shot.add', args: { shot: newShot(e.doc, null, name) } });
    expect(shotNames(e.doc, 1)).toEqual(['Shot 5']);
  });

  it('copies every field but the id, named "… copy"', () => {
    const { editor: e, run } = editor();
    const shot = { ...newShot(e.doc, null, 'Opening'), caption: 'Hello', notes: 'warm light' };
    run({ type: 'shot.add', args: { shot } });
    const copy = copyOfShot(e.doc.shots[shot.id]!);
    expect(copy.id).not.toBe(shot.id);
    expect(copy).toEqual({ ...shot, id: copy.id, name: 'Opening copy' });
    run({ type: 'shot.add', args: { shot: copy } });
    expect(copyOfShot({ ...shot, name: 'x'.repeat(200) }).name).toHaveLength(200);
  });
});
