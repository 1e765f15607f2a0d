import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Editor, type Edit, type EditRecord } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import { integrityProblems } from '../../../../native/model/integrity';
import { parseDocument } from '../../../../native/model/parse';
import { shapeLayer } from '../../../helpers/layers';
import { Choices, randomEdit } from '../../../helpers/random-edits';

const fresh = () => createDocument({ id: 'project:test', name: 'Test', createdAt: 0 });

function withCanvas(): Editor {
  const editor = new Editor(fresh());
  editor.dispatch({ type: 'canvas.add', args: { canvas: blankCanvas('canvas:a', 'A', 1080, 1080) } });
  editor.dispatch({ type: 'layer.add', args: { layer: shapeLayer('layer:box', 'canvas:a') } });
  return editor;
}

const move = (x: number) => ({
  type: 'layer.update' as const,
  args: { layerId: 'layer:box' as const, patch: { transform: { x } } },
});

describe('Editor', () => {
  it('undoes and redoes commands by their labels', () => {
    const editor = withCanvas();
    expect(editor.undoLabels).toEqual(['Add artboard', 'Add layer']);
    editor.dispatch({ type: 'project.rename', args: { name: 'Renamed' } });
    expect(editor.undo()).toMatchObject({ ok: true, record: { kind: 'undo', label: 'Rename project' } });
    expect(editor.doc.name).toBe('Test');
    expect(editor.redoLabels).toEqual(['Rename project']);
    editor.redo();
    expect(editor.doc.name).toBe('Renamed');
    expect(editor.redo()).toEqual({ ok: false, reason: 'nothing to redo' });
  });

  it('a new command clears the redo list', () => {
    const editor = withCanvas();
    editor.undo();
    editor.dispatch({ type: 'project.rename', args: { name: 'Other' } });
    expect(editor.redoLabels).toEqual([]);
  });

  it('commits a drag as one undo step holding only the last position', () => {
    const editor = withCanvas();
    editor.beginGesture('Move layer');
    for (const x of [5, 10, 15, 20]) expect(editor.updateGesture(move(x)).ok).toBe(true);
    expect(editor.doc.layers['layer:box']!.transform.x).toBe(20);
    const committed = editor.commitGesture();
    expect(committed).toMatchObject({
      ok: true,
      record: { kind: 'gesture', label: 'Move layer', commands: [move(20)] },
    });
    expect(editor.undoLabels.at(-1)).toBe('Move layer');
    editor.undo();
    expect(editor.doc.layers['layer:box']!.transform.x).toBe(0);
  });

  it('cancels a gesture back to where it began, leaving history alone', () => {
    const editor = withCanvas();
    const before = editor.doc;
    editor.beginGesture('Move layer');
    editor.updateGesture(move(300));
    editor.cancelGesture();
    expect(editor.doc).toBe(before);
    expect(editor.undoLabels).toEqual(['Add artboard', 'Add layer']);
  });

  it('refuses commands that do not apply, changing nothing', () => {
    const editor = withCanvas();
    const before = editor.doc;
    expect(editor.dispatch({ type: 'layer.remove', args: { layerIds: ['layer:nope'] } })).toEqual({
      ok: false,
      reason: 'nothing changed',
      noop: true,
    });
    expect(editor.doc).toBe(before);
    expect(editor.undoLabels).toHaveLength(2);
  });
});

describe('random editing sessions (property-based)', () => {
  it('always leave a whole document; undoing everything returns to the start; replaying the records reproduces the result', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 20, maxLength: 400 }),
        (values) => {
          const start = fresh();
          const editor = new Editor(start, 10_000);
          const choices = new Choices(values);
          const records: EditRecord[] = [];
          for (let i = 0; i < 60; i++) {
            const result = editor.apply(randomEdit(choices, editor.doc));
            if (result.ok) records.push(result.record);
            expect(integrityProblems(editor.doc)).toEqual([]);
          }
          parseDocument(JSON.parse(JSON.stringify(editor.doc)));

          // Replay: the records alone rebuild the same document.
          const replay = new Editor(start, 10_000);
          for (const record of records) {
            const edit: Edit =
              record.kind === 'command'
                ? { kind: 'command', command: record.command }
                : record.kind === 'gesture'
                  ? { kind: 'gesture', label: record.label, commands: record.commands }
                  : { kind: record.kind };
            expect(replay.apply(edit).ok).toBe(true);
          }
          expect(replay.doc).toEqual(editor.doc);

          while (editor.undo().ok);
          expect(editor.doc).toEqual(start);
        },
      ),
      { numRuns: 60 },
    );
  });
});
