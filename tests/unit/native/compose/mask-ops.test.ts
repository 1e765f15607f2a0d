// The generative-fill mask: brush strokes, selections, grow/shrink and feather, pixel by pixel.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  clearMask,
  cloneMask,
  createMask,
  expandMask,
  featherMask,
  fillPolygon,
  fillRect,
  invertMask,
  isEmpty,
  maskArea,
  maskBounds,
  stampLine,
  type BrushOptions,
  type Mask,
  type Rect,
} from '../../../../native/compose/mask-ops';

const at = (m: Mask, x: number, y: number) => m.data[y * m.width + x]!;
const hard = (size: number, mode: BrushOptions['mode'] = 'paint'): BrushOptions => ({
  size,
  hardness: 1,
  mode,
});
const soft = (size: number): BrushOptions => ({ size, hardness: 0, mode: 'paint' });
/** Distance from pixel (x, y)'s centre to a point. */
const distance = (x: number, y: number, cx: number, cy: number) => Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
const sum = (m: Mask) => m.data.reduce((total, v) => total + v, 0);

function pixelsWhere(m: Mask, test: (value: number, x: number, y: number) => boolean): [number, number][] {
  const found: [number, number][] = [];
  for (let y = 0; y < m.height; y++)
    for (let x = 0; x < m.width; x++) if (test(at(m, x, y), x, y)) found.push([x, y]);
  return found;
}

/** The smallest box around the pixels that differ between two masks, or null. */
function changedBox(before: Mask, after: Mask): Rect | null {
  const changed = pixelsWhere(after, (v, x, y) => v !== at(before, x, y));
  if (changed.length === 0) return null;
  const xs = changed.map(([x]) => x);
  const ys = changed.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x + 1, height: Math.max(...ys) - y + 1 };
}

describe('creating masks', () => {
  it('starts empty, the size asked for', () => {
    const m = createMask(30, 20);
    expect(m).toMatchObject({ width: 30, height: 20 });
    expect(m.data.length).toBe(600);
    expect(isEmpty(m)).toBe(true);
  });

  it('clones into an independent copy', () => {
    const m = createMask(10, 10);
    fillRect(m, { x: 2, y: 2, width: 3, height: 3 }, 'add');
    const copy = cloneMask(m);
    expect(copy.data).toEqual(m.data);
    clearMask(copy);
    expect(maskArea(m)).toBe(9);
  });
});

describe('the brush', () => {
  it('paints a dot as a disc of the brush radius', () => {
    const m = createMask(100, 100);
    stampLine(m, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, hard(21));
    expect(at(m, 50, 50)).toBe(255);
    for (const [x, y] of pixelsWhere(m, () => true)) {
      const d = distance(x, y, 50.5, 50.5);
      if (d <= 9.5) expect(at(m, x, y)).toBe(255);
      if (d >= 11.5) expect(at(m, x, y)).toBe(0);
    }
    expect(at(m, 61, 50)).toBe(0);
    expect(maskArea(m)).toBeGreaterThan(Math.PI * 10.5 * 10.5 * 0.95);
    expect(maskArea(m)).toBeLessThan(Math.PI * 10.5 * 10.5 * 1.05);
  });

  it('fades a soft brush from the centre, while a hard one is solid to its anti-aliased rim', () => {
    const softDot = createMask(100, 100);
    const hardDot = createMask(100, 100);
    stampLine(softDot, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, soft(40));
    stampLine(hardDot, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, hard(40));
    // Half way out (10 px from the centre of a 20 px radius).
    expect(at(softDot, 60, 50)).toBeGreaterThan(60);
    expect(at(softDot, 60, 50)).toBeLessThan(195);
    expect(at(hardDot, 60, 50)).toBe(255);
    // The soft brush falls off steadily along a radius.
    const profile = Array.from({ length: 20 }, (_, i) => at(softDot, 50 + i, 50));
    for (let i = 1; i < profile.length; i++) expect(profile[i]).toBeLessThanOrEqual(profile[i - 1]!);
    expect(profile.filter((v) => v > 0 && v < 255).length).toBeGreaterThan(12);
    // The hard brush is partial only within a pixel of its rim.
    const partial = pixelsWhere(hardDot, (v) => v > 0 && v < 255);
    expect(partial.length).toBeGreaterThan(0);
    for (const [x, y] of partial) expect(Math.abs(distance(x, y, 50.5, 50.5) - 20)).toBeLessThanOrEqual(1);
  });

  it('sits between the two at middling hardness', () => {
    const m = createMask(100, 100);
    stampLine(m, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, { size: 40, hardness: 0.5, mode: 'paint' });
    expect(at(m, 55, 50)).toBe(255);
    expect(at(m, 66, 50)).toBeGreaterThan(0);
    expect(at(m, 66, 50)).toBeLessThan(255);
  });

  it('erases paint', () => {
    const m = createMask(100, 100);
    stampLine(m, { x: 20, y: 50 }, { x: 80, y: 50 }, soft(30));
    stampLine(m, { x: 20, y: 50 }, { x: 80, y: 50 }, hard(34, 'erase'));
    expect(isEmpty(m)).toBe(true);

    stampLine(m, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, hard(40));
    stampLine(m, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, hard(10, 'erase'));
    expect(at(m, 50, 50)).toBe(0);
    expect(at(m, 60, 50)).toBe(255);
  });

  it('erases partly with a soft eraser', () => {
    const m = createMask(100, 100);
    fillRect(m, { x: 0, y: 0, width: 100, height: 100 }, 'add');
    stampLine(m, { x: 50.5, y: 50.5 }, { x: 50.5, y: 50.5 }, { ...soft(40), mode: 'erase' });
    expect(at(m, 50, 50)).toBe(0);
    expect(at(m, 60, 50)).toBeGreaterThan(0);
    expect(at(m, 60, 50)).toBeLessThan(255);
    expect(at(m, 90, 50)).toBe(255);
  });

  it('covers the whole segment between two points', () => {
    const m = createMask(200, 200);
    stampLine(m, { x: 10, y: 20 }, { x: 190, y: 20 }, hard(10));
    for (let x = 10; x < 190; x++) expect(at(m, x, 19)).toBe(255);
    expect(at(m, 100, 30)).toBe(0);
    expect(at(m, 199, 20)).toBe(0);

    stampLine(m, { x: 20, y: 40 }, { x: 180, y: 190 }, hard(6));
    for (let t = 0; t <= 1; t += 0.01) {
      const x = Math.floor(20 + 160 * t);
      const y = Math.floor(40 + 150 * t);
      expect(at(m, x, y)).toBe(255);
    }
    // Well off the diagonal, nothing.
    expect(at(m, 150, 80)).toBe(0);
  });

  it('does not build up where one stroke goes over itself', () => {
    const m = createMask(100, 100);
    const brush = { size: 30, hardness: 0.2, mode: 'paint' } as const;
    stampLine(m, { x: 30, y: 50 }, { x: 70, y: 50 }, brush);
    const once = cloneMask(m);
    expect(stampLine(m, { x: 70, y: 50 }, { x: 30, y: 50 }, brush)).toBeNull();
    expect(m.data).toEqual(once.data);
  });

  it('reports exactly the box of the pixels it changed', () => {
    const point = fc.record({
      x: fc.double({ min: -60, max: 160, noNaN: true }),
      y: fc.double({ min: -60, max: 140, noNaN: true }),
    });
    const brush = fc.record({
      size: fc.double({ min: 0, max: 80, noNaN: true }),
      hardness: fc.double({ min: 0, max: 1, noNaN: true }),
      mode: fc.constantFrom('paint' as const, 'erase' as const),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(point, point, brush), { minLength: 1, maxLength: 4 }), (strokes) => {
        const m = createMask(100, 80);
        fillRect(m, { x: 20, y: 10, width: 50, height: 40 }, 'add');
        for (const [from, to, b] of strokes) {
          const before = cloneMask(m);
          const dirty = stampLine(m, from, to, b);
          expect(dirty).toEqual(changedBox(before, m));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('clips strokes that run off the artboard', () => {
    const m = createMask(50, 50);
    expect(stampLine(m, { x: -1000, y: -1000 }, { x: -900, y: -950 }, hard(20))).toBeNull();
    expect(isEmpty(m)).toBe(true);
    const dirty = stampLine(m, { x: -1e9, y: 25 }, { x: 1e9, y: 25 }, hard(10));
    expect(dirty).toEqual({ x: 0, y: 20, width: 50, height: 10 });
    expect(at(m, 0, 25)).toBe(255);
    expect(at(m, 49, 25)).toBe(255);
  });

  it('paints nothing with a zero-size brush', () => {
    const m = createMask(10, 10);
    expect(stampLine(m, { x: 5, y: 5 }, { x: 5, y: 5 }, hard(0))).toBeNull();
    expect(isEmpty(m)).toBe(true);
  });
});

describe('selections', () => {
  it('fills the inside of a lasso triangle and not the outside', () => {
    const m = createMask(100, 100);
    const dirty = fillPolygon(
      m,
      [
        { x: 10, y: 10 },
        { x: 90, y: 10 },
        { x: 10, y: 90 },
      ],
      'add',
    );
    expect(at(m, 20, 20)).toBe(255);
    expect(at(m, 11, 87)).toBe(255); // centre (11.5, 87.5), just inside the long edge
    expect(at(m, 80, 80)).toBe(0);
    expect(at(m, 5, 50)).toBe(0);
    expect(Math.abs(maskArea(m) - 3200)).toBeLessThan(80);
    expect(dirty).toEqual(maskBounds(m));
    // Only ever whole pixels: no anti-aliasing.
    expect(pixelsWhere(m, (v) => v !== 0 && v !== 255)).toEqual([]);
  });

  it('fills by the nonzero rule, so a star is solid in the middle', () => {
    const m = createMask(100, 100);
    const star = [0, 2, 4, 1, 3].map((i) => ({
      x: 50 + 45 * Math.sin((i * 2 * Math.PI) / 5),
      y: 50 - 45 * Math.cos((i * 2 * Math.PI) / 5),
    }));
    fillPolygon(m, star, 'add');
    expect(at(m, 50, 50)).toBe(255);
    expect(at(m, 50, 8)).toBe(255);
  });

  it('fills a rectangle pixel for pixel, centre in, and reports it', () => {
    const m = createMask(40, 40);
    expect(fillRect(m, { x: 10, y: 5, width: 5, height: 3 }, 'add')).toEqual({
      x: 10,
      y: 5,
      width: 5,
      height: 3,
    });
    expect(maskArea(m)).toBe(15);
    expect(maskBounds(m)).toEqual({ x: 10, y: 5, width: 5, height: 3 });
    // Half-pixel edges take the pixels whose centres they cover.
    clearMask(m);
    fillRect(m, { x: 9.6, y: 4.4, width: 5, height: 3 }, 'add');
    expect(maskBounds(m)).toEqual({ x: 10, y: 4, width: 5, height: 3 });
  });

  it('subtracts from what is there', () => {
    const m = createMask(40, 40);
    fillRect(m, { x: 0, y: 0, width: 30, height: 30 }, 'add');
    const dirty = fillRect(m, { x: 10, y: 10, width: 10, height: 10 }, 'subtract');
    expect(dirty).toEqual({ x: 10, y: 10, width: 10, height: 10 });
    expect(at(m, 15, 15)).toBe(0);
    expect(at(m, 5, 5)).toBe(255);
    expect(maskArea(m)).toBe(900 - 100);
    // Subtracting where nothing is changes nothing.
    expect(fillRect(m, { x: 32, y: 32, width: 5, height: 5 }, 'subtract')).toBeNull();
  });

  it('replaces what is there and reports the whole mask', () => {
    const m = createMask(40, 30);
    fillRect(m, { x: 0, y: 0, width: 10, height: 10 }, 'add');
    stampLine(m, { x: 30, y: 20 }, { x: 35, y: 25 }, soft(8));
    const dirty = fillRect(m, { x: 20, y: 5, width: 5, height: 5 }, 'replace');
    expect(dirty).toEqual({ x: 0, y: 0, width: 40, height: 30 });
    expect(maskArea(m, 1)).toBe(25);
    expect(maskBounds(m)).toEqual({ x: 20, y: 5, width: 5, height: 5 });
  });

  it('reports exactly the box of the pixels a selection changed', () => {
    const coordinate = fc.double({ min: -30, max: 90, noNaN: true });
    const polygon = fc.array(fc.record({ x: coordinate, y: coordinate }), { minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(polygon, fc.constantFrom('add' as const, 'subtract' as const), (points, mode) => {
        const m = createMask(60, 60);
        stampLine(m, { x: 10, y: 30 }, { x: 50, y: 30 }, soft(30));
        const before = cloneMask(m);
        expect(fillPolygon(m, points, mode)).toEqual(changedBox(before, m));
      }),
      { numRuns: 200 },
    );
  });

  it('clips a selection larger than the artboard', () => {
    const m = createMask(20, 10);
    const dirty = fillPolygon(
      m,
      [
        { x: -1e6, y: -1e6 },
        { x: 1e6, y: -1e6 },
        { x: 0, y: 1e6 },
      ],
      'add',
    );
    expect(dirty).toEqual({ x: 0, y: 0, width: 20, height: 10 });
    expect(maskArea(m)).toBe(200);
  });

  it('encloses nothing with fewer than three points', () => {
    const m = createMask(20, 20);
    expect(
      fillPolygon(
        m,
        [
          { x: 1, y: 1 },
          { x: 15, y: 15 },
        ],
        'add',
      ),
    ).toBeNull();
    expect(isEmpty(m)).toBe(true);
  });
});

describe('invert and clear', () => {
  it('gives back the mask when inverted twice', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), (bytes) => {
        const m: Mask = { width: 8, height: 6, data: Uint8Array.from(bytes) };
        expect(invertMask(m)).toEqual({ x: 0, y: 0, width: 8, height: 6 });
        invertMask(m);
        expect(m.data).toEqual(Uint8Array.from(bytes));
      }),
    );
  });

  it('inverts keep and fill', () => {
    const m = createMask(10, 10);
    fillRect(m, { x: 0, y: 0, width: 5, height: 10 }, 'add');
    invertMask(m);
    expect(at(m, 2, 2)).toBe(0);
    expect(at(m, 7, 2)).toBe(255);
  });

  it('clears everything and reports the whole mask', () => {
    const m = createMask(10, 8);
    fillRect(m, { x: 2, y: 2, width: 3, height: 3 }, 'add');
    expect(clearMask(m)).toEqual({ x: 0, y: 0, width: 10, height: 8 });
    expect(isEmpty(m)).toBe(true);
  });
});

describe('grow and shrink', () => {
  it('grows a single pixel into a disc of the radius, and shrinks it back', () => {
    const m = createMask(101, 101);
    fillRect(m, { x: 50, y: 50, width: 1, height: 1 }, 'add');
    const grown = expandMask(m, 20);
    expect(maskArea(m)).toBe(1);
    expect(at(grown, 50, 50)).toBe(255);
    expect(at(grown, 69, 50)).toBe(255);
    expect(at(grown, 50, 31)).toBe(255);
    expect(at(grown, 63, 63)).toBe(255); // 18.4 px away, diagonally
    expect(at(grown, 72, 50)).toBe(0);
    expect(at(grown, 66, 66)).toBe(0); // 22.6 px away
    const area = maskArea(grown);
    expect(area).toBeGreaterThan(Math.PI * 20 * 20 * 0.95);
    expect(area).toBeLessThan(Math.PI * 21 * 21 * 1.05);

    const shrunk = expandMask(grown, -20);
    expect(maskArea(shrunk)).toBeLessThanOrEqual(9);
    const bounds = maskBounds(shrunk, 128);
    if (bounds) {
      expect(bounds.x).toBeGreaterThanOrEqual(49);
      expect(bounds.x + bounds.width).toBeLessThanOrEqual(52);
    }
  });

  it('keeps a big square when shrunk then grown, corners rounded at most', () => {
    const m = createMask(200, 200);
    fillRect(m, { x: 50, y: 50, width: 100, height: 100 }, 'add');
    const opened = expandMask(expandMask(m, -15), 15);
    expect(Math.abs(maskArea(opened) - 10_000)).toBeLessThan(10_000 * 0.03);
    expect(at(opened, 100, 50)).toBe(255);
    expect(at(opened, 50, 100)).toBe(255);
    expect(at(opened, 149, 100)).toBe(255);
    expect(at(opened, 100, 148)).toBe(255);
    expect(at(opened, 100, 48)).toBe(0);
    expect(at(opened, 152, 100)).toBe(0);
    const bounds = maskBounds(opened, 128)!;
    expect(Math.abs(bounds.x - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs(bounds.width - 100)).toBeLessThanOrEqual(2);
  });

  it('grows by about the radius along a straight edge', () => {
    const m = createMask(100, 20);
    fillRect(m, { x: 40, y: 0, width: 20, height: 20 }, 'add');
    expect(maskBounds(expandMask(m, 7), 128)).toEqual({ x: 33, y: 0, width: 34, height: 20 });
    expect(maskBounds(expandMask(m, -7), 128)).toEqual({ x: 47, y: 0, width: 6, height: 20 });
  });

  it('returns a new mask and leaves the input alone', () => {
    const m = createMask(30, 30);
    fillRect(m, { x: 10, y: 10, width: 5, height: 5 }, 'add');
    const before = cloneMask(m);
    const grown = expandMask(m, 3);
    expect(grown).not.toBe(m);
    expect(m.data).toEqual(before.data);
    expect(expandMask(m, 0).data).toEqual(m.data);
  });

  it('does not shrink away from the artboard edges', () => {
    const m = createMask(40, 30);
    invertMask(m);
    expect(maskArea(expandMask(m, -10))).toBe(40 * 30);
  });

  it('grows an empty mask into an empty mask and a full one stays full', () => {
    expect(isEmpty(expandMask(createMask(20, 20), 5))).toBe(true);
    const full = createMask(20, 20);
    invertMask(full);
    expect(maskArea(expandMask(full, 5))).toBe(400);
  });

  it('handles a radius larger than the artboard', () => {
    const m = createMask(30, 20);
    fillRect(m, { x: 0, y: 0, width: 1, height: 1 }, 'add');
    expect(maskArea(expandMask(m, 500))).toBe(600);
    expect(isEmpty(expandMask(m, -500))).toBe(true);
  });
});

describe('feather', () => {
  it('keeps the amount of mask and softens the edge', () => {
    const m = createMask(120, 120);
    fillRect(m, { x: 40, y: 40, width: 40, height: 40 }, 'add');
    const soft = featherMask(m, 10);
    expect(Math.abs(sum(soft) - sum(m))).toBeLessThan(sum(m) * 0.01);
    expect(at(soft, 60, 60)).toBe(255);
    expect(at(soft, 5, 5)).toBe(0);
    // Across the left edge the mask now climbs through intermediate values.
    const across = Array.from({ length: 20 }, (_, i) => at(soft, 30 + i, 60));
    for (let i = 1; i < across.length; i++) expect(across[i]).toBeGreaterThanOrEqual(across[i - 1]!);
    expect(across.filter((v) => v > 10 && v < 245).length).toBeGreaterThanOrEqual(8);
    expect(Math.abs(at(soft, 40, 60) - 128)).toBeLessThan(30);
  });

  it('leaves the input alone and does nothing at radius 0', () => {
    const m = createMask(20, 20);
    fillRect(m, { x: 5, y: 5, width: 10, height: 10 }, 'add');
    const before = cloneMask(m);
    featherMask(m, 4);
    expect(m.data).toEqual(before.data);
    expect(featherMask(m, 0).data).toEqual(m.data);
  });

  it('keeps a mask that reaches the edge solid there', () => {
    const m = createMask(50, 50);
    invertMask(m);
    expect(maskArea(featherMask(m, 30), 255)).toBe(2500);
  });
});

describe('measuring', () => {
  it('has no bounds and no area when empty', () => {
    const m = createMask(10, 10);
    expect(maskBounds(m)).toBeNull();
    expect(maskArea(m)).toBe(0);
    expect(isEmpty(m)).toBe(true);
  });

  it('measures bounds and area at a threshold', () => {
    const m = createMask(50, 50);
    fillRect(m, { x: 10, y: 20, width: 5, height: 4 }, 'add');
    m.data[45 * 50 + 40] = 60;
    expect(maskBounds(m)).toEqual({ x: 10, y: 20, width: 31, height: 26 });
    expect(maskBounds(m, 128)).toEqual({ x: 10, y: 20, width: 5, height: 4 });
    expect(maskArea(m)).toBe(20);
    expect(maskArea(m, 1)).toBe(21);
    expect(isEmpty(m)).toBe(false);
  });
});

describe('bad arguments', () => {
  const m = createMask(10, 10);
  const p = { x: 1, y: 1 };

  it('names the argument that is not a usable number', () => {
    expect(() => createMask(-1, 5)).toThrow(/width/);
    expect(() => createMask(5, 2.5)).toThrow(/height/);
    expect(() => createMask(Number.NaN, 5)).toThrow(/width/);
    expect(() => stampLine(m, p, p, hard(Number.NaN))).toThrow(/size/);
    expect(() => stampLine(m, p, p, hard(-3))).toThrow(/size/);
    expect(() => stampLine(m, p, p, hard(Infinity))).toThrow(/size/);
    expect(() => stampLine(m, p, p, { size: 5, hardness: 2, mode: 'paint' })).toThrow(/hardness/);
    expect(() => stampLine(m, { x: Number.NaN, y: 0 }, p, hard(5))).toThrow(/from\.x/);
    expect(() => stampLine(m, p, { x: 0, y: Infinity }, hard(5))).toThrow(/to\.y/);
    expect(() => stampLine(m, p, p, { size: 5, hardness: 1, mode: 'smudge' as never })).toThrow(/mode/);
    expect(() => fillPolygon(m, [p, p, { x: 3, y: Number.NaN }], 'add')).toThrow(/points\[2\]\.y/);
    expect(() => fillRect(m, { x: 0, y: 0, width: -4, height: 2 }, 'add')).toThrow(/rect\.width/);
    expect(() => expandMask(m, Number.NaN)).toThrow(/radius/);
    expect(() => expandMask(m, -Infinity)).toThrow(/radius/);
    expect(() => featherMask(m, -1)).toThrow(/radius/);
    expect(() => featherMask(m, Infinity)).toThrow(/radius/);
    expect(() => maskArea(m, Number.NaN)).toThrow(/threshold/);
  });

  it('refuses a mask whose data does not match its size', () => {
    expect(() => isEmpty({ width: 10, height: 10, data: new Uint8Array(5) })).toThrow(/mask/);
  });
});
