// Dragging shot cards, press → drag → release against an in-memory host holding a real Editor:
// the other cards make room as it goes, the whole drag is one undo step ("Move shot"), a
// click is no drag, and Escape puts the shot back.
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../../native/model/document';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import type { CanvasId, ShotId } from '../../../../native/model/ids';
import { newShot } from '../../../../renderer/storyboard/new-shot';
import { idle, press, type ShotDragHost, type ShotPointer } from '../../../../renderer/storyboard/shot-drag';

const CARD = { width: 100, height: 200, gap: 10 };

/** A storyboard of shots named a, b, c… laid out `columns` to a row, in the document's order. */
function setup(names: string[], columns = 10) {
  const canvasId = 'canvas:board' as CanvasId;
  const editor = new Editor(createDocument({ id: 'project:story', name: 'Story', createdAt: 0 }));
  const run = (command: Parameters<Editor['dispatch']>[0]) => {
    const result = editor.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  };
  run({ type: 'canvas.add', args: { canvas: blankCanvas(canvasId, 'Board', 1080, 1080) } });
  const ids: Record<string, ShotId> = {};
  for (const name of names) {
    const shot = newShot(editor.doc, { kind: 'canvas', canvasId }, name);
    ids[name] = shot.id;
    run({ type: 'shot.add', args: { shot } });
  }
  const dragging: (string | null)[] = [];
  const host: ShotDragHost = {
    doc: () => editor.doc,
    box: (id) => {
      const i = editor.doc.shotOrder.indexOf(id as ShotId);
      if (i < 0) return undefined;
      return {
        left: (i % columns) * (CARD.width + CARD.gap),
        top: Math.floor(i / columns) * (CARD.height + CARD.gap),
        width: CARD.width,
        height: CARD.height,
      };
    },
    begin: (label) => editor.beginGesture(label),
    update: (command) => {
      const result = editor.updateGesture(command);
      if (!result.ok) throw new Error(result.reason);
    },
    commit: () => editor.commitGesture(),
    cancel: () => editor.cancelGesture(),
    dragging: (id) => dragging.push(id),
  };
  const order = (doc: Document = editor.doc) =>
    doc.shotOrder.map((id) => Object.keys(ids).find((n) => ids[n] === id));
  return { editor, host, ids, order, dragging };
}

/** The middle of the card at a slot (index in a row of 10). */
const slot = (i: number, row = 0): ShotPointer => ({
  x: i * (CARD.width + CARD.gap) + CARD.width / 2,
  y: row * (CARD.height + CARD.gap) + CARD.height / 2,
});

function drag(s: ReturnType<typeof setup>, name: string, from: ShotPointer, path: ShotPointer[]) {
  let state = press(s.ids[name]!, from, s.host);
  for (const p of path) state = state.move!(p);
  return state;
}

describe('dragging a shot card', () => {
  it('moves the shot past the cards it is dragged over, as one undo step "Move shot"', () => {
    const s = setup(['a', 'b', 'c', 'd']);
    const end = drag(s, 'a', slot(0), [slot(0.6), slot(1.2), slot(2.2)]);
    expect(end.name).toBe('moving');
    // Live: the others made room while it moved.
    expect(s.order()).toEqual(['b', 'c', 'a', 'd']);
    expect(s.dragging).toEqual([s.ids.a]);
    expect(end.up!(slot(2.2))).toBe(idle);
    expect(s.dragging.at(-1)).toBeNull();
    expect(s.order()).toEqual(['b', 'c', 'a', 'd']);
    expect(s.editor.undoLabels).toEqual([
      'Add artboard',
      'Add shot',
      'Add shot',
      'Add shot',
      'Add shot',
      'Move shot',
    ]);
    s.editor.undo();
    expect(s.order()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves a shot to the front', () => {
    const s = setup(['a', 'b', 'c']);
    drag(s, 'c', slot(2), [slot(1.2), slot(0.2), { x: -20, y: 100 }]).up!({ x: -20, y: 100 });
    expect(s.order()).toEqual(['c', 'a', 'b']);
  });

  it('moves across rows of a wrapping grid', () => {
    const s = setup(['a', 'b', 'c', 'd', 'e'], 2); // a b / c d / e
    drag(s, 'a', slot(0), [slot(0.5, 0.5), slot(0.8, 1), slot(1.2, 2)]).up!(slot(1.2, 2));
    expect(s.order()).toEqual(['b', 'c', 'd', 'e', 'a']);
  });

  it('a press that does not travel is a click: nothing moves, nothing is recorded', () => {
    const s = setup(['a', 'b']);
    const state = drag(s, 'a', slot(0), [{ x: slot(0).x + 2, y: slot(0).y + 1 }]);
    expect(state.name).toBe('pressing');
    expect(state.up!(slot(0))).toBe(idle);
    expect(s.order()).toEqual(['a', 'b']);
    expect(s.editor.undoLabels.at(-1)).toBe('Add shot');
    expect(s.dragging).toEqual([]);
  });

  it('a drag that ends where it began leaves no step', () => {
    const s = setup(['a', 'b']);
    drag(s, 'a', slot(0), [slot(1.2), { x: 20, y: 100 }]).up!({ x: 20, y: 100 });
    expect(s.order()).toEqual(['a', 'b']);
    expect(s.editor.undoLabels.at(-1)).toBe('Add shot');
  });

  it('Escape puts the shot back where the drag began', () => {
    const s = setup(['a', 'b', 'c']);
    const state = drag(s, 'a', slot(0), [slot(1.5), slot(2.5)]);
    expect(s.order()).toEqual(['b', 'c', 'a']);
    expect(state.cancel!()).toBe(idle);
    expect(s.order()).toEqual(['a', 'b', 'c']);
    expect(s.editor.undoLabels.at(-1)).toBe('Add shot');
    expect(s.dragging.at(-1)).toBeNull();
  });
});
