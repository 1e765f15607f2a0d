// Smart guides: a box being dragged snaps its nearest edge or centre to the artboard's edges and
// centre lines and to the other layers' edges and centres, each axis on its own.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Box } from '../../../../native/model/geometry';
import { snapBox, snapPoint, snapTargets } from '../../../../native/model/snap';

const artboard = { width: 1000, height: 800 };
const other: Box = { x: 300, y: 200, width: 100, height: 60 };
const targets = snapTargets(artboard, [other]);
const THRESHOLD = 6;

describe('snapTargets', () => {
  it('has the artboard’s edges and centre lines', () => {
    const { xs, ys } = snapTargets(artboard, []);
    expect([...xs].sort((a, b) => a - b)).toEqual([0, 500, 1000]);
    expect([...ys].sort((a, b) => a - b)).toEqual([0, 400, 800]);
  });

  it('adds each other box’s edges and centre on both axes', () => {
    const { xs, ys } = snapTargets(artboard, [other, { x: -50, y: 10, width: 20, height: 30 }]);
    expect(xs).toEqual(expect.arrayContaining([0, 500, 1000, 300, 350, 400, -50, -40, -30]));
    expect(ys).toEqual(expect.arrayContaining([0, 400, 800, 200, 230, 260, 10, 25, 40]));
    expect(xs).toHaveLength(9);
    expect(ys).toHaveLength(9);
  });
});

describe('snapBox', () => {
  it('brings a left edge onto another box’s left edge and shows the guide there', () => {
    const result = snapBox({ x: 303, y: 600, width: 40, height: 50 }, targets, THRESHOLD);
    expect(result).toEqual({ dx: -3, dy: 0, guides: [{ axis: 'x', at: 300 }] });
  });

  it('brings a right edge onto another box’s left edge (boxes side by side)', () => {
    const result = snapBox({ x: 245, y: 600, width: 50, height: 50 }, targets, THRESHOLD);
    expect(result.dx).toBe(5);
    expect(result.guides).toEqual([{ axis: 'x', at: 300 }]);
  });

  it('brings a centre onto the artboard’s centre line', () => {
    const result = snapBox({ x: 700, y: 372, width: 40, height: 60 }, targets, THRESHOLD);
    // The centre is at y = 402: two above it is the artboard's middle.
    expect(result).toEqual({ dx: 0, dy: -2, guides: [{ axis: 'y', at: 400 }] });
  });

  it('snaps each axis on its own, both at once when both are near', () => {
    const result = snapBox({ x: 996 - 40, y: 197, width: 40, height: 40 }, targets, THRESHOLD);
    // Right edge 996 → artboard edge 1000; top 197 → the other box's top 200.
    expect(result.dx).toBe(4);
    expect(result.dy).toBe(3);
    expect(result.guides).toEqual([
      { axis: 'x', at: 1000 },
      { axis: 'y', at: 200 },
    ]);
  });

  it('takes the nearest of several guides in reach', () => {
    // Left edge is 4 from x = 300, right edge is 1 from x = 400.
    const result = snapBox({ x: 304, y: 600, width: 95, height: 50 }, targets, THRESHOLD);
    expect(result.dx).toBe(1);
    expect(result.guides).toEqual([{ axis: 'x', at: 400 }]);
  });

  it('shows the guide of an edge already on a line without moving it', () => {
    const result = snapBox({ x: 0, y: 600, width: 50, height: 50 }, targets, THRESHOLD);
    expect(result).toEqual({ dx: 0, dy: 0, guides: [{ axis: 'x', at: 0 }] });
  });

  it('leaves a box alone when nothing is within the threshold', () => {
    const result = snapBox({ x: 307, y: 607, width: 50, height: 50 }, targets, THRESHOLD);
    expect(result).toEqual({ dx: 0, dy: 0, guides: [] });
    // Exactly at the threshold still snaps.
    expect(snapBox({ x: 306, y: 607, width: 50, height: 50 }, targets, THRESHOLD).dx).toBe(-6);
  });

  it('reaches further with a larger threshold (zoomed out)', () => {
    const box = { x: 310, y: 607, width: 50, height: 50 };
    expect(snapBox(box, targets, 6).guides).toEqual([]);
    // Zoomed out to 50%, 6 screen pixels are 12 artboard pixels.
    expect(snapBox(box, targets, 6 / 0.5).dx).toBe(-10);
  });

  it('after snapping, every guide shown lies on an edge or the centre of the box, within reach', () => {
    const size = fc.double({ min: 1, max: 500, noNaN: true });
    const pos = fc.double({ min: -200, max: 1200, noNaN: true });
    fc.assert(
      fc.property(pos, pos, size, size, fc.double({ min: 0, max: 20, noNaN: true }), (x, y, w, h, t) => {
        const box = { x, y, width: w, height: h };
        const { dx, dy, guides } = snapBox(box, targets, t);
        expect(Math.abs(dx)).toBeLessThanOrEqual(t);
        expect(Math.abs(dy)).toBeLessThanOrEqual(t);
        const moved = { x: x + dx, y: y + dy };
        for (const g of guides) {
          const lines =
            g.axis === 'x'
              ? [moved.x, moved.x + w / 2, moved.x + w]
              : [moved.y, moved.y + h / 2, moved.y + h];
          expect(Math.min(...lines.map((l) => Math.abs(l - g.at)))).toBeLessThan(1e-6);
          expect((g.axis === 'x' ? targets.xs : targets.ys).includes(g.at)).toBe(true);
        }
        if (!guides.some((g) => g.axis === 'x')) expect(dx).toBe(0);
        if (!guides.some((g) => g.axis === 'y')) expect(dy).toBe(0);
      }),
    );
  });
});

describe('snapPoint', () => {
  it('puts a dragged handle on the nearest lines within the threshold', () => {
    expect(snapPoint({ x: 3, y: 397 }, targets, THRESHOLD)).toEqual({
      x: 0,
      y: 400,
      guides: [
        { axis: 'x', at: 0 },
        { axis: 'y', at: 400 },
      ],
    });
    expect(snapPoint({ x: 352, y: 700 }, targets, THRESHOLD)).toEqual({
      x: 350,
      y: 700,
      guides: [{ axis: 'x', at: 350 }],
    });
  });

  it('leaves a handle where it is when no line is within reach', () => {
    expect(snapPoint({ x: 120.5, y: 640 }, targets, THRESHOLD)).toEqual({ x: 120.5, y: 640, guides: [] });
  });
});
