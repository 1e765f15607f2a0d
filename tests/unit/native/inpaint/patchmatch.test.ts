// PatchMatch completion: textures come back as texture (stripes, checks, grain), not as a blur;
// the seed decides the result; a cancelled job stops.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { patchmatch } from '../../../../native/inpaint/patchmatch';
import { telea } from '../../../../native/inpaint/telea';
import type { Mask, RgbaImage } from '../../../../native/inpaint/image';
import {
  checkerboard,
  discsMask,
  holePsnr,
  meanFill,
  noise,
  rectMask,
  stripes,
  synth,
  textureRatio,
  textured,
} from '../../../helpers/inpaint-images';

function defaced(image: RgbaImage, mask: Mask): RgbaImage {
  const out = { ...image, data: image.data.slice() };
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! > 0) out.data.set([255, 0, 255], i * 4);
  return out;
}

const W = 96;
const square = rectMask(W, W, 30, 30, 36, 36);
const blob = discsMask(W, W, [
  { x: 44, y: 44, r: 18 },
  { x: 60, y: 54, r: 14 },
]);

describe('patchmatch', () => {
  it('leaves every pixel the mask does not fill (below 128) byte for byte as it was', () => {
    const masks = fc
      .record({
        x: fc.integer({ min: 0, max: 30 }),
        y: fc.integer({ min: 0, max: 30 }),
        w: fc.integer({ min: 1, max: 14 }),
        h: fc.integer({ min: 1, max: 14 }),
        value: fc.constantFrom(255, 255, 200, 128, 127, 30),
        specks: fc.array(fc.tuple(fc.nat(32 * 32 - 1), fc.constantFrom(255, 90)), { maxLength: 12 }),
      })
      .map(({ x, y, w, h, value, specks }) => {
        const mask = rectMask(32, 32, x, y, Math.min(w, 32 - x), Math.min(h, 32 - y), value);
        for (const [at, v] of specks) mask.data[at] = v;
        return mask;
      });
    const image = textured(32, 32, 3);
    fc.assert(
      fc.property(masks, fc.integer({ min: 0, max: 1000 }), (mask, seed) => {
        const out = patchmatch(image, mask, { seed, patchSize: 5 });
        for (let i = 0; i < mask.data.length; i++) {
          if (mask.data[i]! >= 128) continue;
          expect(Array.from(out.data.subarray(i * 4, i * 4 + 4))).toEqual(
            Array.from(image.data.subarray(i * 4, i * 4 + 4)),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rebuilds vertical stripes of period 8: PSNR ≥ 40 dB, texture ratio 0.75–1.25, better than a blur', () => {
    const truth = stripes(W, W, 8);
    for (const mask of [square, blob]) {
      const out = patchmatch(defaced(truth, mask), mask, { seed: 1 });
      const psnr = holePsnr(out, truth, mask);
      expect(psnr).toBeGreaterThanOrEqual(40);
      expect(textureRatio(out, truth, mask)).toBeGreaterThan(0.75);
      expect(textureRatio(out, truth, mask)).toBeLessThan(1.25);
      expect(psnr).toBeGreaterThan(holePsnr(meanFill(truth, mask), truth, mask) + 10);
      expect(psnr).toBeGreaterThan(holePsnr(telea(defaced(truth, mask), mask), truth, mask) + 10);
    }
  });

  it('rebuilds a checkerboard: PSNR ≥ 40 dB, texture ratio 0.75–1.25', () => {
    const truth = checkerboard(W, W, 6);
    const out = patchmatch(defaced(truth, blob), blob, { seed: 2 });
    expect(holePsnr(out, truth, blob)).toBeGreaterThanOrEqual(40);
    const ratio = textureRatio(out, truth, blob);
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });

  it('fills grain with grain where Telea blurs it (texture ratio 0.75–1.25)', () => {
    for (const truth of [noise(W, W, 5), textured(W, W, 5)]) {
      const out = patchmatch(defaced(truth, square), square, { seed: 3 });
      const ratio = textureRatio(out, truth, square);
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.25);
    }
    const grain = noise(W, W, 5);
    expect(textureRatio(telea(defaced(grain, square), square), grain, square)).toBeLessThan(0.6);
    // Stripes under the grain come back in phase, so the error is the grain's alone (≈ 24 dB).
    const truth = textured(W, W, 5);
    const psnr = holePsnr(patchmatch(defaced(truth, blob), blob, { seed: 3 }), truth, blob);
    expect(psnr).toBeGreaterThanOrEqual(22);
    expect(psnr).toBeGreaterThan(holePsnr(telea(defaced(truth, blob), blob), truth, blob) + 5);
  });

  it('gives the same bytes for the same seed and different bytes for another', () => {
    const image = defaced(noise(64, 64, 9), rectMask(64, 64, 20, 20, 24, 24));
    const mask = rectMask(64, 64, 20, 20, 24, 24);
    const a = patchmatch(image, mask, { seed: 11 });
    const b = patchmatch(image, mask, { seed: 11 });
    const c = patchmatch(image, mask, { seed: 12 });
    expect(b.data).toEqual(a.data);
    expect(c.data).not.toEqual(a.data);
  });

  it('fills holes touching the edge and corner of the image', () => {
    const truth = stripes(W, W, 8);
    const corner = rectMask(W, W, 0, 0, 30, 26);
    const edge = rectMask(W, W, 60, 20, 36, 30);
    for (const mask of [corner, edge]) {
      const out = patchmatch(defaced(truth, mask), mask, { seed: 4 });
      expect(holePsnr(out, truth, mask)).toBeGreaterThanOrEqual(30);
    }
  });

  it('rebuilds varying alpha too', () => {
    const truth = synth(W, W, () => [200, 100, 50]);
    for (let i = 0; i < W * W; i++) truth.data[i * 4 + 3] = (i % W) % 8 < 4 ? 255 : 0;
    const out = patchmatch(defaced(truth, square), square, { seed: 5 });
    let wrong = 0;
    for (let i = 0; i < W * W; i++) {
      if (square.data[i] && Math.abs(out.data[i * 4 + 3]! - truth.data[i * 4 + 3]!) > 8) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('falls back to a smooth fill when no whole patch fits outside the hole', () => {
    const image = synth(8, 8, () => [90, 90, 90]);
    const mask = rectMask(8, 8, 2, 2, 4, 4);
    const out = patchmatch(defaced(image, mask), mask, { seed: 1 });
    expect(out.data).toEqual(image.data);
  });

  it('reports progress rising to 1', () => {
    const fractions: number[] = [];
    patchmatch(defaced(textured(W, W), square), square, { seed: 1, onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
  });

  it('stops with Error("cancelled") when shouldStop says so', () => {
    const image = defaced(textured(W, W), square);
    expect(() => patchmatch(image, square, { seed: 1, shouldStop: () => true })).toThrow(/^cancelled$/);
    let polls = 0;
    const progress: number[] = [];
    expect(() =>
      patchmatch(image, square, {
        seed: 1,
        shouldStop: () => ++polls > 3,
        onProgress: (f) => progress.push(f),
      }),
    ).toThrow('cancelled');
    expect(progress.at(-1) ?? 0).toBeLessThan(1);
  });

  it('answers bad input with a message naming the argument', () => {
    const image = textured(20, 20);
    const mask = rectMask(20, 20, 5, 5, 5, 5);
    expect(() => patchmatch(image, rectMask(20, 21, 5, 5, 5, 5), { seed: 1 })).toThrow(
      /mask is 20×21 but image is 20×20/,
    );
    expect(() => patchmatch(image, mask, { seed: NaN })).toThrow(/options\.seed must be a whole number/);
    expect(() => patchmatch(image, mask, { seed: Infinity })).toThrow(/options\.seed/);
    expect(() => patchmatch(image, mask, { seed: 1.5 })).toThrow(/options\.seed/);
    expect(() => patchmatch(image, mask, { seed: 1, patchSize: 8 })).toThrow(
      /options\.patchSize must be an odd/,
    );
    expect(() => patchmatch(image, mask, { seed: 1, patchSize: NaN })).toThrow(/options\.patchSize/);
    expect(() => patchmatch(image, mask, { seed: 1, iterations: 0 })).toThrow(/options\.iterations/);
    expect(() => patchmatch(image, mask, { seed: 1, iterations: Infinity })).toThrow(/options\.iterations/);
    expect(() => patchmatch(image, mask, undefined as never)).toThrow(/options must be an object/);
    expect(() => patchmatch(image, rectMask(20, 20, 0, 0, 20, 20), { seed: 1 })).toThrow(
      /covers the whole image/,
    );
  });

  it('honours patchSize and iterations', () => {
    const truth = stripes(64, 64, 8);
    const mask = rectMask(64, 64, 20, 20, 20, 20);
    const small = patchmatch(defaced(truth, mask), mask, { seed: 1, patchSize: 5, iterations: 3 });
    expect(holePsnr(small, truth, mask)).toBeGreaterThanOrEqual(30);
  });
});
