// Where layers are on the artboard: rotated corners, boxes around groups, which layer a click
// lands on, and how resizing, rotating or moving a group carries its children along.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Document, Layer, Transform } from '../../../../native/model/document';
import { Editor } from '../../../../native/model/editor';
import { blankCanvas, createDocument } from '../../../../native/model/factory';
import {
  fitInto,
  boundsOf,
  carryTransform,
  corners,
  hitTest,
  layerBounds,
  normaliseAngle,
  toLocal,
  withTransforms,
  type Point,
} from '../../../../native/model/geometry';
import { box, rect, shapeLayer } from '../../../helpers/layers';

type Step = { layer: Layer } | { group: string; of: string[] } | { update: string; patch: object };

/** A 1000×1000 artboard built through real commands, so every reference is whole. */
function documentWith(...steps: Step[]): Document {
  const editor = new Editor(createDocument({ id: 'project:geo', name: 'Geo', createdAt: 0 }));
  const run = (command: Parameters<Editor['dispatch']>[0]) => {
    const result = editor.dispatch(command);
    if (!result.ok) throw new Error(result.reason);
  };
  run({ type: 'canvas.add', args: { canvas: blankCanvas('canvas:a', 'A', 1000, 1000) } });
  for (const step of steps) {
    if ('layer' in step) run({ type: 'layer.add', args: { layer: step.layer } });
    else if ('group' in step)
      run({
        type: 'layer.group',
        args: {
          groupId: `layer:${step.group}`,
          layerIds: step.of.map((id) => `layer:${id}` as const),
          name: step.group,
        },
      });
    else run({ type: 'layer.update', args: { layerId: `layer:${step.update}`, patch: step.patch } });
  }
  return editor.doc;
}

const near = (p: Point) => ({ x: expect.closeTo(p.x, 6), y: expect.closeTo(p.y, 6) });
const centreOf = (t: Transform) => ({ x: t.x + t.width / 2, y: t.y + t.height / 2 });

describe('corners', () => {
  it('lists an unrotated box clockwise from its top-left corner', () => {
    expect(corners(box(10, 20, 100, 50))).toEqual([
      { x: 10, y: 20 },
      { x: 110, y: 20 },
      { x: 110, y: 70 },
      { x: 10, y: 70 },
    ]);
  });

  it('turns the box clockwise about its centre: at 90° the top-left corner is at the top right', () => {
    // A 100×50 box centred on (50, 25), standing on end.
    expect(corners(box(0, 0, 100, 50, 90))).toEqual(
      [
        { x: 75, y: -25 },
        { x: 75, y: 75 },
        { x: 25, y: 75 },
        { x: 25, y: -25 },
      ].map(near),
    );
  });

  it('puts a square at 45° on its points, reaching half a diagonal from the centre', () => {
    const half = 50 * Math.SQRT2;
    expect(boundsOf(corners(box(0, 0, 100, 100, 45)))).toEqual({
      x: expect.closeTo(50 - half, 6),
      y: expect.closeTo(50 - half, 6),
      width: expect.closeTo(2 * half, 6),
      height: expect.closeTo(2 * half, 6),
    });
  });

  it('is not moved by flips', () => {
    const t = box(5, 5, 80, 40, 30);
    expect(corners({ ...t, flipX: true, flipY: true })).toEqual(corners(t));
  });
});

describe('layerBounds', () => {
  it('is the box of a plain layer, or the box around it when it is rotated', () => {
    const doc = documentWith(
      { layer: rect('a', box(10, 20, 30, 40)) },
      { layer: rect('b', box(0, 0, 100, 50, 90)) },
    );
    expect(layerBounds(doc, 'layer:a')).toEqual({ x: 10, y: 20, width: 30, height: 40 });
    expect(layerBounds(doc, 'layer:b')).toEqual({
      x: expect.closeTo(25, 6),
      y: expect.closeTo(-25, 6),
      width: expect.closeTo(50, 6),
      height: expect.closeTo(100, 6),
    });
  });

  it('is the box around a group’s visible children only', () => {
    const doc = documentWith(
      { layer: rect('a', box(0, 0, 100, 100)) },
      { layer: rect('h', box(800, 800, 10, 10), { visible: false }) },
      { group: 'g', of: ['a', 'h'] },
    );
    expect(layerBounds(doc, 'layer:g')).toEqual({ x: 0, y: 0, width: 100, height: 100 });
  });

  it('is the box around all of a group’s children, nested groups included', () => {
    const doc = documentWith(
      { layer: rect('a', box(10, 20, 30, 40)) },
      { layer: rect('b', box(100, 50, 20, 20)) },
      { layer: rect('c', box(300, 300, 100, 50, 90)) },
      { group: 'inner', of: ['b', 'c'] },
      { group: 'outer', of: ['a', 'inner'] },
    );
    expect(layerBounds(doc, 'layer:inner')).toEqual({
      x: 100,
      y: 50,
      width: expect.closeTo(375 - 100, 6),
      height: expect.closeTo(375 - 50, 6),
    });
    expect(layerBounds(doc, 'layer:outer')).toEqual({
      x: 10,
      y: 20,
      width: expect.closeTo(375 - 10, 6),
      height: expect.closeTo(375 - 20, 6),
    });
  });

  it('is null for a layer that does not exist and for an empty group', () => {
    const { shape: _s, fill: _f, stroke: _k, cornerRadius: _c, ...base } = shapeLayer('layer:g', 'canvas:a');
    const doc = documentWith({ layer: { ...base, type: 'group', childIds: [] } });
    expect(layerBounds(doc, 'layer:none')).toBeNull();
    expect(layerBounds(doc, 'layer:g')).toBeNull();
  });
});

describe('hitTest', () => {
  it('finds the top-most layer under the point, and nothing on empty artboard', () => {
    const doc = documentWith(
      { layer: rect('bottom', box(0, 0, 200, 200)) },
      { layer: rect('top', box(100, 100, 200, 200)) },
    );
    expect(hitTest(doc, 'canvas:a', { x: 150, y: 150 })).toEqual(['layer:top']);
    expect(hitTest(doc, 'canvas:a', { x: 50, y: 50 })).toEqual(['layer:bottom']);
    expect(hitTest(doc, 'canvas:a', { x: 250, y: 50 })).toEqual([]);
    expect(hitTest(doc, 'canvas:a', { x: 800, y: 800 })).toEqual([]);
    expect(hitTest(doc, 'canvas:none', { x: 50, y: 50 })).toEqual([]);
  });

  it('answers with the path from the top-level group down to the layer hit', () => {
    const doc = documentWith(
      { layer: rect('a', box(0, 0, 100, 100)) },
      { layer: rect('b', box(200, 0, 100, 100)) },
      { group: 'inner', of: ['b'] },
      { group: 'outer', of: ['a', 'inner'] },
    );
    expect(hitTest(doc, 'canvas:a', { x: 250, y: 50 })).toEqual(['layer:outer', 'layer:inner', 'layer:b']);
    expect(hitTest(doc, 'canvas:a', { x: 50, y: 50 })).toEqual(['layer:outer', 'layer:a']);
    // Between the children, inside the group's box, there is nothing to hit.
    expect(hitTest(doc, 'canvas:a', { x: 150, y: 50 })).toEqual([]);
  });

  it('passes over hidden and locked layers to the one beneath', () => {
    const doc = documentWith(
      { layer: rect('bottom', box(0, 0, 100, 100)) },
      { layer: rect('locked', box(0, 0, 100, 100), { locked: true }) },
      { layer: rect('hidden', box(0, 0, 100, 100), { visible: false }) },
    );
    expect(hitTest(doc, 'canvas:a', { x: 50, y: 50 })).toEqual(['layer:bottom']);
  });

  it('passes over everything inside a hidden or a locked group', () => {
    const doc = documentWith(
      { layer: rect('bottom', box(0, 0, 100, 100)) },
      { layer: rect('a', box(0, 0, 100, 100)) },
      { group: 'g', of: ['a'] },
      { update: 'g', patch: { visible: false } },
    );
    expect(hitTest(doc, 'canvas:a', { x: 50, y: 50 })).toEqual(['layer:bottom']);
    const locked = documentWith(
      { layer: rect('bottom', box(0, 0, 100, 100)) },
      { layer: rect('a', box(0, 0, 100, 100)) },
      { group: 'g', of: ['a'] },
      { update: 'g', patch: { locked: true } },
    );
    expect(hitTest(locked, 'canvas:a', { x: 50, y: 50 })).toEqual(['layer:bottom']);
  });

  it('hits an ellipse inside its outline but not in the corners of its box', () => {
    const doc = documentWith({ layer: rect('dot', box(0, 0, 200, 100), { shape: 'ellipse' }) });
    expect(hitTest(doc, 'canvas:a', { x: 100, y: 50 })).toEqual(['layer:dot']);
    expect(hitTest(doc, 'canvas:a', { x: 195, y: 50 })).toEqual(['layer:dot']);
    expect(hitTest(doc, 'canvas:a', { x: 5, y: 5 })).toEqual([]);
    expect(hitTest(doc, 'canvas:a', { x: 190, y: 95 })).toEqual([]);
  });

  it('hits a rotated layer where it is drawn, not where its unrotated box would be', () => {
    const doc = documentWith({ layer: rect('diamond', box(0, 0, 100, 100, 45)) });
    expect(hitTest(doc, 'canvas:a', { x: 50, y: 50 })).toEqual(['layer:diamond']);
    expect(hitTest(doc, 'canvas:a', { x: 5, y: 5 })).toEqual([]);
    // The diamond's top point reaches above the unrotated box.
    expect(hitTest(doc, 'canvas:a', { x: 50, y: -15 })).toEqual(['layer:diamond']);
  });
});

describe('toLocal', () => {
  it('measures from the box’s top-left corner', () => {
    expect(toLocal(box(100, 200, 50, 40), { x: 110, y: 205 })).toEqual({ x: 10, y: 5 });
  });

  it('takes each corner of any rotated box back to the corners of the unrotated one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: -360, max: 360, noNaN: true }),
        (x, y, width, height, rotation) => {
          const t = box(x, y, width, height, rotation);
          const local = corners(t).map((p) => toLocal(t, p));
          const expected = [
            { x: 0, y: 0 },
            { x: width, y: 0 },
            { x: width, y: height },
            { x: 0, y: height },
          ];
          local.forEach((p, i) => {
            expect(p.x).toBeCloseTo(expected[i]!.x, 6);
            expect(p.y).toBeCloseTo(expected[i]!.y, 6);
          });
        },
      ),
    );
  });
});

describe('carryTransform', () => {
  it('moving a group leaves a child at an angle its size', () => {
    const doc = documentWith(
      { layer: rect('a', box(0, 0, 100, 50, 30)) },
      { layer: rect('b', box(300, 300, 10, 10)) },
      { group: 'g', of: ['a', 'b'] },
    );
    const t = { ...layerBounds(doc, 'layer:g')!, rotation: 0, flipX: false, flipY: false };
    const a = carryTransform(doc, 'layer:g', t, { ...t, x: t.x + 10 })['layer:a']!;
    expect(a.width).toBeCloseTo(100, 9);
    expect(a.height).toBeCloseTo(50, 9);
    expect(a.x).toBeCloseTo(10, 9);
  });

  // A group whose box is (0, 0, 200, 100), centred on (100, 50).
  const groupDoc = () =>
    documentWith(
      { layer: rect('a', box(0, 0, 20, 20)) },
      { layer: rect('b', box(150, 60, 50, 40, 90)) },
      { layer: rect('c', box(100, 40, 10, 10)) },
      { group: 'inner', of: ['c'] },
      { group: 'g', of: ['a', 'b', 'inner'] },
    );
  const before = box(0, 0, 200, 100);
  const children = ['layer:a', 'layer:b', 'layer:inner', 'layer:c'];

  it('moves every child, however deep, by the same amount and nothing else', () => {
    const doc = groupDoc();
    const after = box(30, -20, 200, 100);
    const result = carryTransform(doc, 'layer:g', before, after);
    expect(result['layer:g']).toEqual(after);
    expect(Object.keys(result).sort()).toEqual(['layer:g', ...children].sort());
    for (const id of children) {
      const t = doc.layers[id]!.transform;
      expect(result[id]).toEqual({
        ...t,
        x: expect.closeTo(t.x + 30, 9),
        y: expect.closeTo(t.y - 20, 9),
        width: expect.closeTo(t.width, 9),
        height: expect.closeTo(t.height, 9),
      });
    }
  });

  it('turning the group 90° about its centre swings each child’s centre round it and turns the child', () => {
    const doc = groupDoc();
    const result = carryTransform(doc, 'layer:g', before, box(0, 0, 200, 100, 90));
    // a's centre (10, 10) is 90 left and 40 above the group's centre (100, 50): a quarter turn
    // clockwise puts it 40 right and 90 above.
    expect(centreOf(result['layer:a']!)).toEqual(near({ x: 140, y: -40 }));
    expect(result['layer:a']).toMatchObject({ width: 20, height: 20, rotation: 90 });
    // b's centre (175, 80) is 75 right and 30 below: it ends 30 left and 75 below.
    expect(centreOf(result['layer:b']!)).toEqual(near({ x: 70, y: 125 }));
    expect(result['layer:b']).toMatchObject({ rotation: 180 });
    expect(result['layer:b']!.width).toBeCloseTo(50, 9);
    expect(result['layer:b']!.height).toBeCloseTo(40, 9);
  });

  it('keeps turned children’s angles within (-180°, 180°]', () => {
    const doc = documentWith(
      { layer: rect('a', box(0, 0, 20, 20, 170)) },
      { layer: rect('b', box(180, 80, 20, 20)) },
      { group: 'g', of: ['a', 'b'] },
    );
    const result = carryTransform(doc, 'layer:g', before, box(0, 0, 200, 100, 90));
    expect(result['layer:a']!.rotation).toBe(-100);
  });

  it('scaling the group 2× about its centre doubles each child’s size and its distance from the centre', () => {
    const doc = groupDoc();
    const result = carryTransform(doc, 'layer:g', before, box(-100, -50, 400, 200));
    for (const id of ['layer:a', 'layer:b', 'layer:c']) {
      const t = doc.layers[id]!.transform;
      const c = centreOf(t);
      expect(centreOf(result[id]!)).toEqual(near({ x: 100 + (c.x - 100) * 2, y: 50 + (c.y - 50) * 2 }));
      expect(result[id]!.width).toBeCloseTo(t.width * 2, 9);
      expect(result[id]!.height).toBeCloseTo(t.height * 2, 9);
      expect(result[id]!.rotation).toBe(t.rotation);
    }
  });

  it('scaling from the top-left corner keeps a child in that corner there', () => {
    const doc = groupDoc();
    const result = carryTransform(doc, 'layer:g', before, box(0, 0, 400, 200));
    expect(result['layer:a']).toEqual({
      ...box(0, 0, 40, 40),
      x: expect.closeTo(0, 9),
      y: expect.closeTo(0, 9),
    });
  });

  it('stretching a group sideways widens a child standing on end along its height', () => {
    const doc = documentWith(
      { layer: rect('a', box(0, 0, 20, 10, 90)) },
      { layer: rect('b', box(190, 90, 10, 10)) },
      { group: 'g', of: ['a', 'b'] },
    );
    const result = carryTransform(doc, 'layer:g', before, box(0, 0, 400, 100));
    expect(result['layer:a']!.width).toBeCloseTo(20, 9);
    expect(result['layer:a']!.height).toBeCloseTo(20, 9);
    expect(result['layer:b']!.width).toBeCloseTo(20, 9);
    expect(result['layer:b']!.height).toBeCloseTo(10, 9);
  });
});

describe('normaliseAngle', () => {
  it('brings any angle into (-180°, 180°]', () => {
    expect(normaliseAngle(190)).toBe(-170);
    expect(normaliseAngle(-180)).toBe(180);
    expect(normaliseAngle(180)).toBe(180);
    expect(normaliseAngle(720 + 45)).toBe(45);
  });
});

describe('withTransforms', () => {
  it('shows layers at new transforms without touching the document it was given', () => {
    const doc = documentWith(
      { layer: rect('a', box(0, 0, 20, 20)) },
      { layer: rect('b', box(50, 50, 20, 20)) },
    );
    const snapshot = structuredClone(doc);
    const moved = withTransforms(doc, { 'layer:a': box(300, 300, 40, 40), 'layer:none': box(0, 0, 1, 1) });
    expect(moved.layers['layer:a']!.transform).toEqual(box(300, 300, 40, 40));
    expect(moved.layers['layer:b']).toBe(doc.layers['layer:b']);
    expect(moved.layers['layer:none']).toBeUndefined();
    expect(doc).toEqual(snapshot);
    expect(doc.layers['layer:a']!.transform).toEqual(box(0, 0, 20, 20));
  });
});

describe('fitInto (extending an artboard to another placement)', () => {
  it('keeps a square whole in a story, centred, with bands above and below to fill', () => {
    expect(fitInto({ width: 1080, height: 1080 }, { width: 1080, height: 1920 })).toEqual({
      scale: 1,
      x: 0,
      y: 420,
      area: { x: 0, y: 420, width: 1080, height: 1080 },
    });
  });
  it('shrinks a story to fit a landscape; the area is the whole pixels it covers', () => {
    const fit = fitInto({ width: 1080, height: 1920 }, { width: 1920, height: 1080 });
    expect(fit.scale).toBeCloseTo(0.5625, 10);
    expect(fit.x).toBeCloseTo(656.25, 10);
    expect(fit.area).toEqual({ x: 657, y: 0, width: 606, height: 1080 });
  });
  it('grows a small banner to fill what it can', () => {
    const fit = fitInto({ width: 300, height: 250 }, { width: 1080, height: 1080 });
    expect(fit.scale).toBeCloseTo(3.6, 10);
    expect(fit.area).toEqual({ x: 0, y: 90, width: 1080, height: 900 });
  });
});
