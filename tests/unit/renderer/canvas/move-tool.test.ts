// The move tool, driven press → drag → release against an in-memory host: what gets selected,
// what the canvas previews while dragging, and what lands in the document as one undo step.
import { describe, expect, it } from 'vitest';
import type { Document, Layer, Transform } from '../../../../native/model/document';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import type { Point } from '../../../../native/model/geometry';
import type { Guide } from '../../../../native/model/snap';
import { SNAP_PIXELS, moveIdle } from '../../../../renderer/canvas/tools/move-tool';
import type { Band, ToolHost, ToolState } from '../../../../renderer/canvas/tools/tool';
import { toScreen } from '../../../../renderer/canvas/viewport';
import { box, rect } from '../../../helpers/layers';

/** A 1000×1000 artboard with these layers, bottom to top; `groups` then group some of them. */
function documentWith(layers: Layer[], groups: { id: string; of: string[] }[] = []): Document {
  const editor = new Editor(createDocument({ id: 'project:move', name: 'Move', createdAt: 0 }));
  const run = (command: Parameters<Editor['dispatch']>[0]) => {
    const result = editor.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  };
  run({ type: 'canvas.add', args: { canvas: blankCanvas('canvas:a', 'A', 1000, 1000) } });
  for (const layer of layers) run({ type: 'layer.add', args: { layer } });
  for (const g of groups)
    run({
      type: 'layer.group',
      args: { groupId: `layer:${g.id}`, layerIds: g.of.map((id) => `layer:${id}` as const), name: g.id },
    });
  return editor.doc;
}

interface Keys {
  shift?: boolean;
  alt?: boolean;
  mod?: boolean;
}

/** A ToolHost holding a document and a selection, recording what the tool asks of it. */
function testHost(doc: Document, { zoom = 1, selection = [] as string[] } = {}) {
  let view = { zoom, x: 30, y: 20 };
  let selected = [...selection];
  const previews: { transforms: Record<string, Transform> | null; guides: Guide[] | undefined }[] = [];
  const commits: { label: string; transforms: Record<string, Transform> }[] = [];
  const bands: (Band | null)[] = [];
  const unused = () => {
    throw new Error('the move tool should not call this');
  };
  const host: ToolHost = {
    doc: () => doc,
    canvasId: 'canvas:a',
    viewport: () => view,
    setViewport: (v) => {
      view = v;
    },
    selection: () => selected,
    select: (ids) => {
      selected = [...ids];
    },
    preview: (transforms, guides) => previews.push({ transforms, guides }),
    band: (shape) => bands.push(shape),
    commitTransforms: (label, transforms) => commits.push({ label, transforms }),
    mask: { strokeBegin: unused, strokeTo: unused, strokeEnd: unused, polygon: unused },
    addLayer: unused,
    setTool: unused,
    brush: unused,
  };
  return { host, previews, commits, bands, lastPreview: () => previews.at(-1) };
}
type TestHost = ReturnType<typeof testHost>;

/** Presses at an artboard point; the gesture then moves, releases or is cancelled. */
function press(t: TestHost, at: Point, keys: Keys = {}) {
  const pointer = (p: Point, k: Keys) => ({
    point: p,
    screen: toScreen(t.host.viewport(), p),
    shift: k.shift ?? false,
    alt: k.alt ?? false,
    mod: k.mod ?? false,
  });
  let last = at;
  let state: ToolState = moveIdle().down!(pointer(at, keys), t.host);
  const gesture = {
    get state() {
      return state;
    },
    to(p: Point, k: Keys = keys) {
      last = p;
      state = state.move?.(pointer(p, k), t.host) ?? state;
      return gesture;
    },
    release(k: Keys = keys) {
      state = state.up?.(pointer(last, k), t.host) ?? state;
      return gesture;
    },
    cancel() {
      state = state.cancel?.(t.host) ?? state;
      return gesture;
    },
  };
  return gesture;
}

// Two squares far apart: a at (100, 100), b at (400, 500), both 100×100.
const a = rect('a', box(100, 100, 100, 100));
const b = rect('b', box(400, 500, 100, 100));

describe('the move tool: selecting', () => {
  it('selects the layer pressed on, in place of what was selected', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:b'] });
    const g = press(t, { x: 150, y: 150 }).release();
    expect(t.host.selection()).toEqual(['layer:a']);
    expect(g.state.name).toBe('move.idle');
    expect(t.previews).toEqual([]);
    expect(t.commits).toEqual([]);
  });

  it('selects a grouped layer’s group, or with Ctrl the layer itself', () => {
    const doc = documentWith([a, b], [{ id: 'g', of: ['a', 'b'] }]);
    const t = testHost(doc);
    press(t, { x: 150, y: 150 }).release();
    expect(t.host.selection()).toEqual(['layer:g']);
    const u = testHost(doc);
    press(u, { x: 150, y: 150 }, { mod: true }).release();
    expect(u.host.selection()).toEqual(['layer:a']);
  });

  it('clears the selection on a press on empty artboard', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:a'] });
    press(t, { x: 700, y: 100 }).release();
    expect(t.host.selection()).toEqual([]);
    expect(t.commits).toEqual([]);
  });

  it('drags a selection rectangle from empty space that selects the layers it touches', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:b'] });
    const g = press(t, { x: 50, y: 50 });
    expect(t.host.selection()).toEqual([]);
    g.to({ x: 120, y: 130 });
    expect(t.bands.at(-1)).toEqual({ kind: 'select', x: 50, y: 50, width: 70, height: 80 });
    expect(t.host.selection()).toEqual(['layer:a']);
    g.to({ x: 410, y: 510 });
    expect(t.host.selection()).toEqual(['layer:a', 'layer:b']);
    // Back off b again: it drops out.
    g.to({ x: 300, y: 300 });
    expect(t.host.selection()).toEqual(['layer:a']);
    g.release();
    expect(t.bands.at(-1)).toBeNull();
    expect(t.host.selection()).toEqual(['layer:a']);
    expect(t.commits).toEqual([]);
  });

  it('with Shift, a selection rectangle adds to what is selected', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:b'] });
    press(t, { x: 50, y: 50 }, { shift: true }).to({ x: 120, y: 120 }).release();
    expect(t.host.selection()).toEqual(['layer:b', 'layer:a']);
  });

  it('leaves hidden and locked layers out of a selection rectangle', () => {
    const doc = documentWith([
      a,
      rect('hidden', box(200, 200, 50, 50), { visible: false }),
      rect('locked', box(300, 300, 50, 50), { locked: true }),
    ]);
    const t = testHost(doc);
    press(t, { x: 0, y: 0 }).to({ x: 900, y: 900 }).release();
    expect(t.host.selection()).toEqual(['layer:a']);
  });

  it('with Shift, a click adds a layer to the selection and a click on a selected one drops it', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:b'] });
    press(t, { x: 150, y: 150 }, { shift: true }).release();
    expect(t.host.selection()).toEqual(['layer:b', 'layer:a']);
    press(t, { x: 450, y: 550 }, { shift: true }).release();
    expect(t.host.selection()).toEqual(['layer:a']);
    expect(t.commits).toEqual([]);
  });

  it('with Shift, a drag from a selected layer moves the selection instead of dropping it', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:a', 'layer:b'] });
    press(t, { x: 150, y: 150 }, { shift: true }).to({ x: 150, y: 170 }).release();
    expect(t.host.selection()).toEqual(['layer:a', 'layer:b']);
    expect(t.commits).toEqual([
      {
        label: 'Move layer',
        transforms: { 'layer:a': box(100, 120, 100, 100), 'layer:b': box(400, 520, 100, 100) },
      },
    ]);
  });

  it('cannot select a locked layer by pressing on it', () => {
    const doc = documentWith([a, rect('locked', box(600, 100, 100, 100), { locked: true })]);
    const t = testHost(doc, { selection: ['layer:a'] });
    press(t, { x: 650, y: 150 }).release();
    expect(t.host.selection()).toEqual([]);
  });
});

describe('the move tool: dragging', () => {
  it('previews the layer following the pointer and commits its final place as one “Move layer”', () => {
    const t = testHost(documentWith([a, b]));
    const g = press(t, { x: 150, y: 150 }).to({ x: 170, y: 130 });
    expect(g.state.name).toBe('move.translating');
    expect(t.lastPreview()).toEqual({ transforms: { 'layer:a': box(120, 80, 100, 100) }, guides: [] });
    expect(t.commits).toEqual([]);
    g.to({ x: 190, y: 160 }).release();
    expect(t.lastPreview()?.transforms).toBeNull();
    expect(t.commits).toEqual([{ label: 'Move layer', transforms: { 'layer:a': box(140, 110, 100, 100) } }]);
    expect(t.host.selection()).toEqual(['layer:a']);
    expect(g.state.name).toBe('move.idle');
  });

  it('moves every selected layer by the same amount', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:a', 'layer:b'] });
    press(t, { x: 450, y: 550 }).to({ x: 480, y: 570 }).release();
    expect(t.commits).toEqual([
      {
        label: 'Move layer',
        transforms: { 'layer:a': box(130, 120, 100, 100), 'layer:b': box(430, 520, 100, 100) },
      },
    ]);
  });

  it('moves a group’s children along with it', () => {
    const doc = documentWith([a, b], [{ id: 'g', of: ['a', 'b'] }]);
    const t = testHost(doc);
    press(t, { x: 150, y: 150 }).to({ x: 170, y: 180 }).release();
    const moved = t.commits[0]!.transforms;
    expect(moved['layer:a']).toEqual(box(120, 130, 100, 100));
    expect(moved['layer:b']).toEqual(box(420, 530, 100, 100));
  });

  it('commits nothing for a press that travels less than 3 screen pixels', () => {
    const t = testHost(documentWith([a, b]));
    const g = press(t, { x: 150, y: 150 }).to({ x: 152, y: 151 });
    expect(g.state.name).toBe('move.pointing');
    g.release();
    expect(t.previews).toEqual([]);
    expect(t.commits).toEqual([]);
    expect(t.host.selection()).toEqual(['layer:a']);
  });

  it('counts the 3 pixels on screen, not on the artboard', () => {
    // Zoomed in 4×, 0.6 artboard pixels are 2.4 on screen: still a click.
    const zoomedIn = testHost(documentWith([a, b]), { zoom: 4 });
    press(zoomedIn, { x: 150, y: 150 }).to({ x: 150.6, y: 150 }).release();
    expect(zoomedIn.commits).toEqual([]);
    // Zoomed out to 50%, 4 artboard pixels are 2 on screen: still a click.
    const zoomedOut = testHost(documentWith([a, b]), { zoom: 0.5 });
    press(zoomedOut, { x: 150, y: 150 }).to({ x: 154, y: 150 }).release();
    expect(zoomedOut.commits).toEqual([]);
    // The same 4 artboard pixels zoomed in are 16 on screen: a move.
    const moved = testHost(documentWith([a, b]), { zoom: 4 });
    press(moved, { x: 150, y: 150 }).to({ x: 154, y: 150 }).release();
    expect(moved.commits[0]?.transforms['layer:a']).toEqual(box(104, 100, 100, 100));
  });

  it('with Shift, keeps the move along whichever axis the pointer has travelled further', () => {
    const t = testHost(documentWith([a, b]));
    const g = press(t, { x: 150, y: 150 }, { shift: true }).to({ x: 200, y: 165 });
    expect(t.lastPreview()?.transforms).toEqual({ 'layer:a': box(150, 100, 100, 100) });
    g.to({ x: 165, y: 220 });
    expect(t.lastPreview()?.transforms).toEqual({ 'layer:a': box(100, 170, 100, 100) });
    g.release();
    expect(t.commits[0]?.transforms).toEqual({ 'layer:a': box(100, 170, 100, 100) });
  });

  it('stops previewing and commits nothing when the drag is cancelled', () => {
    const t = testHost(documentWith([a, b]));
    const g = press(t, { x: 150, y: 150 }).to({ x: 200, y: 200 }).cancel();
    expect(g.state.name).toBe('move.idle');
    expect(t.lastPreview()?.transforms).toBeNull();
    expect(t.commits).toEqual([]);
  });

  it('does not move locked layers in the selection', () => {
    const locked = rect('locked', box(600, 100, 100, 100), { locked: true });
    const t = testHost(documentWith([a, b, locked]), { selection: ['layer:a', 'layer:locked'] });
    press(t, { x: 150, y: 150 }).to({ x: 180, y: 150 }).release();
    expect(t.host.selection()).toEqual(['layer:a', 'layer:locked']);
    expect(t.commits).toEqual([{ label: 'Move layer', transforms: { 'layer:a': box(130, 100, 100, 100) } }]);
    for (const { transforms } of t.previews)
      expect(Object.keys(transforms ?? {})).not.toContain('layer:locked');
  });

  it('moves the selection when pressed inside its box, even where another layer lies on top', () => {
    const top = rect('top', box(150, 150, 100, 100));
    const t = testHost(documentWith([a, b, top]), { selection: ['layer:a'] });
    press(t, { x: 175, y: 175 }).to({ x: 195, y: 185 }).release();
    expect(t.host.selection()).toEqual(['layer:a']);
    expect(t.commits).toEqual([{ label: 'Move layer', transforms: { 'layer:a': box(120, 110, 100, 100) } }]);
    // With nothing selected, the same press picks the layer on top.
    const u = testHost(documentWith([a, b, top]));
    press(u, { x: 175, y: 175 }).release();
    expect(u.host.selection()).toEqual(['layer:top']);
  });

  it('selects the layer on top with a click (no drag) inside the selected layer’s box', () => {
    const top = rect('top', box(150, 150, 100, 100));
    const t = testHost(documentWith([a, b, top]), { selection: ['layer:a'] });
    press(t, { x: 175, y: 175 }).release();
    expect(t.host.selection()).toEqual(['layer:top']);
    expect(t.commits).toEqual([]);
    // Where nothing lies on top, the click keeps the selection.
    const u = testHost(documentWith([a, b, top]), { selection: ['layer:a'] });
    press(u, { x: 110, y: 110 }).release();
    expect(u.host.selection()).toEqual(['layer:a']);
  });
});

describe('the move tool: snapping', () => {
  // Dragging a right by 196 puts its right edge at 396, 4 short of b's left edge at 400.
  it('lands an edge exactly on another layer’s edge within reach, showing the guide', () => {
    const t = testHost(documentWith([a, b]));
    const g = press(t, { x: 150, y: 150 }).to({ x: 346, y: 150 });
    expect(t.lastPreview()).toEqual({
      transforms: { 'layer:a': box(300, 100, 100, 100) },
      guides: [{ axis: 'x', at: 400 }],
    });
    g.release();
    expect(t.commits).toEqual([{ label: 'Move layer', transforms: { 'layer:a': box(300, 100, 100, 100) } }]);
  });

  it('snaps to the artboard’s centre lines and edges too', () => {
    const t = testHost(documentWith([a]));
    // a's centre from 150 to 497 across, its top from 100 to 2 down.
    press(t, { x: 150, y: 150 }).to({ x: 497, y: 52 });
    expect(t.lastPreview()).toEqual({
      transforms: { 'layer:a': box(450, 0, 100, 100) },
      guides: [
        { axis: 'x', at: 500 },
        { axis: 'y', at: 0 },
      ],
    });
  });

  it(`reaches ${SNAP_PIXELS} screen pixels, however far that is on the artboard`, () => {
    const gap = (zoom: number, dx: number) => {
      const t = testHost(documentWith([a, b]), { zoom });
      press(t, { x: 150, y: 150 }).to({ x: 150 + dx, y: 150 });
      return t.lastPreview()!.transforms!['layer:a']!.x;
    };
    // Zoomed in 2×, 4 artboard pixels are 8 on screen: out of reach.
    expect(gap(2, 196)).toBe(296);
    expect(gap(2, 197)).toBe(300);
    // Zoomed out to 50%, 10 artboard pixels are 5 on screen: in reach.
    expect(gap(0.5, 190)).toBe(300);
    expect(gap(0.5, 187)).toBe(287);
  });

  it('with Ctrl held while dragging, does not snap', () => {
    const t = testHost(documentWith([a, b]));
    const g = press(t, { x: 150, y: 150 }).to({ x: 346, y: 150 }, { mod: true });
    expect(t.lastPreview()).toEqual({ transforms: { 'layer:a': box(296, 100, 100, 100) }, guides: [] });
    g.release({ mod: true });
    expect(t.commits[0]?.transforms).toEqual({ 'layer:a': box(296, 100, 100, 100) });
  });

  it('does not snap to the layers being moved', () => {
    const t = testHost(documentWith([a, b]), { selection: ['layer:a', 'layer:b'] });
    // Together they span 100–500 across: 296 across puts their left edge 4 from where b was.
    press(t, { x: 150, y: 150 }).to({ x: 446, y: 153 });
    expect(t.lastPreview()).toEqual({
      transforms: { 'layer:a': box(396, 103, 100, 100), 'layer:b': box(696, 503, 100, 100) },
      guides: [],
    });
  });

  it('does not snap to hidden layers', () => {
    const hidden = rect('hidden', box(700, 300, 10, 10), { visible: false });
    const t = testHost(documentWith([a, b, hidden]));
    // a's left edge ends 4 short of the hidden layer's.
    press(t, { x: 150, y: 150 }).to({ x: 746, y: 150 });
    expect(t.lastPreview()).toEqual({ transforms: { 'layer:a': box(696, 100, 100, 100) }, guides: [] });
  });

  it('with Shift, snaps only along the axis of the move', () => {
    const c = rect('c', box(700, 103, 50, 50));
    const t = testHost(documentWith([a, b, c]));
    // Across by 100 with Shift: a's top stays at 100 though c's top at 103 is in reach.
    press(t, { x: 150, y: 150 }, { shift: true }).to({ x: 250, y: 152 });
    expect(t.lastPreview()).toEqual({ transforms: { 'layer:a': box(200, 100, 100, 100) }, guides: [] });
  });
});
