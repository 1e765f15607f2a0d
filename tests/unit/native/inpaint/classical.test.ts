// The built-in fill as the app calls it: the engine chosen from the mask, a crop around the hole,
// nothing outside the mask touched, clear refusals of bad input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseEngine, fillClassical } from '../../../../native/inpaint/classical';
import type { Mask, RgbaImage } from '../../../../native/inpaint/image';
import {
  discsMask,
  emptyMask,
  gradient,
  holePsnr,
  noise,
  rectMask,
  scribbleMask,
  stripes,
  synth,
  textured,
} from '../../../helpers/inpaint-images';

function defaced(image: RgbaImage, mask: Mask): RgbaImage {
  const out = { ...image, data: image.data.slice() };
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! > 0) out.data.set([255, 0, 255], i * 4);
  return out;
}

/** A straight horizontal stroke `thickness` px thick. */
const stroke = (size: number, thickness: number) => rectMask(size, size, 10, 40, size - 20, thickness);

describe('chooseEngine', () => {
  it('gives thin strokes to Telea and wide holes to PatchMatch', () => {
    expect(chooseEngine(scribbleMask(200, 200, 3))).toBe('telea');
    expect(chooseEngine(stroke(200, 12))).toBe('telea');
    expect(chooseEngine(stroke(200, 16))).toBe('patchmatch');
    expect(chooseEngine(rectMask(200, 200, 50, 50, 80, 80))).toBe('patchmatch');
    expect(chooseEngine(discsMask(200, 200, [{ x: 100, y: 100, r: 5 }]))).toBe('telea');
  });

  it('gives a wide hole in smooth surroundings to Telea, in textured ones to PatchMatch', () => {
    const big = rectMask(200, 200, 50, 50, 80, 80);
    expect(chooseEngine(big, gradient(200, 200))).toBe('telea');
    expect(
      chooseEngine(
        big,
        synth(200, 200, () => [12, 34, 56]),
      ),
    ).toBe('telea');
    expect(chooseEngine(big, stripes(200, 200))).toBe('patchmatch');
    expect(chooseEngine(big, textured(200, 200))).toBe('patchmatch');
  });
});

describe('fillClassical', () => {
  it('auto: Telea for a 3-px scribble, PatchMatch for a big square, each filling well', () => {
    const truth = textured(120, 120);
    const scribble = scribbleMask(120, 120, 3);
    const thin = fillClassical(defaced(truth, scribble), scribble, { engine: 'auto', seed: 1 });
    expect(thin.engine).toBe('telea');
    expect(holePsnr(thin.image, truth, scribble)).toBeGreaterThan(18);

    const square = rectMask(120, 120, 40, 40, 40, 40);
    const wide = fillClassical(defaced(truth, square), square, { engine: 'auto', seed: 1 });
    expect(wide.engine).toBe('patchmatch');
    expect(holePsnr(wide.image, truth, square)).toBeGreaterThan(22);
  });

  it('leaves every unmasked pixel byte for byte as it was, whatever the mask, engine and seed', () => {
    const size = 48;
    const image = textured(size, size, 7);
    const masks = fc
      .array(
        fc.record({
          x: fc.integer({ min: -4, max: size }),
          y: fc.integer({ min: -4, max: size }),
          r: fc.double({ min: 0.5, max: 12, noNaN: true }),
        }),
        { minLength: 1, maxLength: 4 },
      )
      .chain((discs) =>
        fc.constantFrom(255, 200, 140).map((value) => {
          const mask = discsMask(size, size, discs);
          for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) mask.data[i] = value;
          mask.data[0] = 0;
          mask.data[size * size - 1] = 0;
          return mask;
        }),
      )
      .filter((mask) => mask.data.some((v) => v >= 128));
    fc.assert(
      fc.property(
        masks,
        fc.constantFrom('auto', 'telea', 'patchmatch') as fc.Arbitrary<'auto' | 'telea' | 'patchmatch'>,
        fc.integer({ min: 0, max: 2 ** 31 }),
        (mask, engine, seed) => {
          const before = image.data.slice();
          const { image: out } = fillClassical(image, mask, { engine, seed });
          expect(image.data).toEqual(before);
          for (let i = 0; i < mask.data.length; i++) {
            if (mask.data[i] !== 0) continue;
            for (let c = 0; c < 4; c++) expect(out.data[i * 4 + c]).toBe(image.data[i * 4 + c]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives variants for different seeds with PatchMatch, and one answer with Telea', () => {
    const truth = noise(80, 80, 3);
    const mask = rectMask(80, 80, 25, 25, 30, 30);
    const image = defaced(truth, mask);
    const a = fillClassical(image, mask, { engine: 'patchmatch', seed: 1 });
    const b = fillClassical(image, mask, { engine: 'patchmatch', seed: 1 });
    const c = fillClassical(image, mask, { engine: 'patchmatch', seed: 2 });
    expect(b.image.data).toEqual(a.image.data);
    expect(c.image.data).not.toEqual(a.image.data);
    const t1 = fillClassical(image, mask, { engine: 'telea', seed: 1 });
    const t2 = fillClassical(image, mask, { engine: 'telea', seed: 2 });
    expect(t2.image.data).toEqual(t1.image.data);
  });

  it('works on a crop: a far-away part of the image does not change the fill', () => {
    const truth = stripes(200, 200);
    const mask = rectMask(200, 200, 20, 20, 24, 24);
    const a = fillClassical(defaced(truth, mask), mask, { engine: 'patchmatch', seed: 4 });
    const elsewhere = defaced(truth, mask);
    for (let y = 150; y < 200; y++)
      for (let x = 150; x < 200; x++) elsewhere.data.set([0, 0, 0], (y * 200 + x) * 4);
    const b = fillClassical(elsewhere, mask, { engine: 'patchmatch', seed: 4 });
    for (let i = 0; i < mask.data.length; i++) {
      if (mask.data[i]) expect(b.image.data[i * 4]).toBe(a.image.data[i * 4]);
    }
    expect(holePsnr(a.image, truth, mask)).toBeGreaterThanOrEqual(40);
    // A tiny margin still leaves enough context.
    const tight = fillClassical(defaced(truth, mask), mask, { engine: 'patchmatch', seed: 4, margin: 0 });
    expect(holePsnr(tight.image, truth, mask)).toBeGreaterThan(20);
  });

  it('blends a feathered edge: out = original·(1 − a) + fill·a', () => {
    const grey = synth(64, 64, () => [100, 100, 100]);
    const mask = rectMask(64, 64, 20, 20, 24, 24, 160);
    mask.data.fill(255, 30 * 64 + 28, 30 * 64 + 36);
    const image = defaced(grey, mask);
    for (const engine of ['telea', 'patchmatch'] as const) {
      const { image: out } = fillClassical(image, mask, { engine, seed: 1 });
      const a = 160 / 255;
      expect(out.data[(22 * 64 + 22) * 4]).toBeCloseTo(255 * (1 - a) + 100 * a, -0.5);
      expect(out.data[(22 * 64 + 22) * 4 + 1]).toBeCloseTo(100 * a, -0.5);
      expect(Array.from(out.data.subarray((30 * 64 + 30) * 4, (30 * 64 + 30) * 4 + 4))).toEqual([
        100, 100, 100, 255,
      ]);
    }
  });

  it('reports progress to 1 and stops with Error("cancelled")', () => {
    const image = textured(80, 80);
    const mask = rectMask(80, 80, 20, 20, 30, 30);
    for (const engine of ['telea', 'patchmatch'] as const) {
      const progress: number[] = [];
      fillClassical(image, mask, { engine, seed: 1, onProgress: (f) => progress.push(f) });
      expect(progress.at(-1)).toBe(1);
      expect(() => fillClassical(image, mask, { engine, seed: 1, shouldStop: () => true })).toThrow(
        /^cancelled$/,
      );
    }
  });

  it('answers bad input with a message naming what is wrong', () => {
    const image = textured(20, 20);
    const mask = rectMask(20, 20, 5, 5, 5, 5);
    const ok = { engine: 'auto', seed: 1 } as const;
    expect(() => fillClassical(image, rectMask(21, 20, 5, 5, 5, 5), ok)).toThrow(
      /fillClassical: mask is 21×20 but image is 20×20/,
    );
    expect(() => fillClassical({ width: 20, height: 20, data: new Uint8ClampedArray(10) }, mask, ok)).toThrow(
      /image\.data must be/,
    );
    expect(() => fillClassical({ width: 0, height: 20, data: new Uint8ClampedArray(0) }, mask, ok)).toThrow(
      /image must be at least 1×1/,
    );
    expect(() => fillClassical(image, emptyMask(20, 20), ok)).toThrow(
      'the mask is empty: paint the area to fill',
    );
    expect(() => fillClassical(image, rectMask(20, 20, 5, 5, 5, 5, 60), ok)).toThrow(/the mask is too faint/);
    expect(() => fillClassical(image, rectMask(20, 20, 0, 0, 20, 20), ok)).toThrow(/covers the whole image/);
    expect(() => fillClassical(image, mask, { engine: 'lama' as never, seed: 1 })).toThrow(/options\.engine/);
    expect(() => fillClassical(image, mask, { engine: 'auto', seed: NaN })).toThrow(/options\.seed/);
    expect(() => fillClassical(image, mask, { engine: 'auto', seed: Infinity })).toThrow(/options\.seed/);
    expect(() => fillClassical(image, mask, { ...ok, margin: NaN })).toThrow(/options\.margin/);
    expect(() => fillClassical(image, mask, { ...ok, margin: -1 })).toThrow(/options\.margin/);
    expect(() => fillClassical(image, mask, { ...ok, margin: Infinity })).toThrow(/options\.margin/);
    expect(() => fillClassical(image, mask, { ...ok, onProgress: 3 as never })).toThrow(
      /options\.onProgress/,
    );
    expect(() => fillClassical(image, mask, null as never)).toThrow(/options must be an object/);
    expect(() => chooseEngine(null as never)).toThrow(/chooseEngine: mask must be a Mask/);
  });
});
