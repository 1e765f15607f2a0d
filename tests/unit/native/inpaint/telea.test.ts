// Telea's fast-marching fill: thin strokes on smooth images vanish, nothing outside the hole moves.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { telea } from '../../../../native/inpaint/telea';
import type { Mask, RgbaImage } from '../../../../native/inpaint/image';
import {
  discsMask,
  gradient,
  holePsnr,
  rectMask,
  scribbleMask,
  stripes,
  synth,
} from '../../../helpers/inpaint-images';

/** Paints the hole of `mask` over `image` in a loud colour, as the thing to remove. */
function defaced(image: RgbaImage, mask: Mask, colour: [number, number, number] = [255, 0, 255]): RgbaImage {
  const out = { ...image, data: image.data.slice() };
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]! > 0) out.data.set(colour, i * 4);
  }
  return out;
}

/** A random small image and a random mask with partial values and at least one kept pixel. */
const imageAndMask = fc
  .record({ width: fc.integer({ min: 1, max: 20 }), height: fc.integer({ min: 1, max: 20 }) })
  .chain(({ width, height }) =>
    fc.record({
      image: fc
        .uint8Array({ minLength: width * height * 4, maxLength: width * height * 4 })
        .map((bytes) => ({ width, height, data: new Uint8ClampedArray(bytes) })),
      mask: fc
        .array(fc.constantFrom(0, 0, 0, 255, 255, 200, 128, 127, 40), {
          minLength: width * height,
          maxLength: width * height,
        })
        .map((values) => {
          values[0] = 0;
          return { width, height, data: Uint8Array.from(values) };
        }),
    }),
  );

describe('telea', () => {
  it('leaves every pixel the mask does not fill (below 128) byte for byte as it was', () => {
    fc.assert(
      fc.property(imageAndMask, ({ image, mask }) => {
        const out = telea(image, mask);
        expect(out.width).toBe(image.width);
        expect(out.height).toBe(image.height);
        for (let i = 0; i < mask.data.length; i++) {
          if (mask.data[i]! >= 128) continue;
          expect(Array.from(out.data.subarray(i * 4, i * 4 + 4))).toEqual(
            Array.from(image.data.subarray(i * 4, i * 4 + 4)),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it('makes thin strokes across a smooth gradient disappear (PSNR ≥ 35 dB in the hole)', () => {
    const truth = gradient(160, 120);
    const masks = [
      scribbleMask(160, 120, 3),
      scribbleMask(160, 120, 1, 40),
      scribbleMask(160, 120, 8, 80),
      discsMask(160, 120, [
        { x: 20, y: 20, r: 3 },
        { x: 90, y: 30, r: 4 },
        { x: 140, y: 100, r: 2.5 },
      ]),
    ];
    for (const mask of masks) {
      const out = telea(defaced(truth, mask), mask);
      expect(holePsnr(out, truth, mask)).toBeGreaterThanOrEqual(35);
    }
  });

  it('reaches holes that touch the image edge and corner', () => {
    const truth = gradient(64, 48);
    const mask = rectMask(64, 48, 0, 0, 6, 48);
    mask.data.fill(255, 47 * 64, 48 * 64); // the bottom row too
    expect(holePsnr(telea(defaced(truth, mask), mask), truth, mask)).toBeGreaterThanOrEqual(30);
  });

  it('does not change its input and gives the same bytes every time', () => {
    const image = defaced(stripes(40, 40), scribbleMask(40, 40, 3));
    const before = image.data.slice();
    const mask = scribbleMask(40, 40, 3);
    const a = telea(image, mask);
    const b = telea(image, mask, { radius: 5 });
    expect(image.data).toEqual(before);
    expect(b.data).toEqual(a.data);
    expect(telea(image, mask, { radius: 2 }).data).not.toEqual(a.data);
  });

  it('blends soft mask values: out = original·(1 − a) + fill·a with a = mask/255', () => {
    const grey = synth(32, 32, () => [100, 100, 100]);
    for (const value of [255, 200, 128, 127, 64]) {
      const mask = rectMask(32, 32, 12, 12, 8, 8, value);
      const out = telea(defaced(grey, mask, [250, 250, 250]), mask);
      const a = value >= 128 ? value / 255 : 0;
      const at = (12 * 32 + 14) * 4;
      expect(out.data[at]).toBeCloseTo(250 * (1 - a) + 100 * a, -0.5);
      expect(out.data[at + 3]).toBe(255);
    }
  });

  it('fills alpha like any other channel', () => {
    const half = synth(30, 30, () => [10, 20, 30]);
    for (let i = 0; i < 900; i++) half.data[i * 4 + 3] = 128;
    const mask = rectMask(30, 30, 10, 10, 4, 4);
    const out = telea(defaced(half, mask), mask);
    expect(out.data[(11 * 30 + 11) * 4 + 3]).toBe(128);
    expect(Array.from(out.data.subarray((11 * 30 + 11) * 4, (11 * 30 + 11) * 4 + 3))).toEqual([10, 20, 30]);
  });

  it('returns an unchanged copy when nothing reaches 128', () => {
    const image = stripes(10, 10);
    const out = telea(image, rectMask(10, 10, 2, 2, 3, 3, 90));
    expect(out.data).toEqual(image.data);
    expect(out.data).not.toBe(image.data);
  });

  it('answers bad input with a message naming the argument', () => {
    const image = gradient(10, 10);
    expect(() => telea(image, rectMask(10, 9, 0, 0, 2, 2))).toThrow(/mask is 10×9 but image is 10×10/);
    expect(() =>
      telea({ width: 10, height: 10, data: new Uint8ClampedArray(3) }, rectMask(10, 10, 0, 0, 2, 2)),
    ).toThrow(/image\.data must be/);
    expect(() => telea(image, rectMask(10, 10, 0, 0, 2, 2), { radius: NaN })).toThrow(/options\.radius/);
    expect(() => telea(image, rectMask(10, 10, 0, 0, 2, 2), { radius: 0 })).toThrow(/options\.radius/);
    expect(() => telea(image, rectMask(10, 10, 0, 0, 10, 10))).toThrow(/covers the whole image/);
  });
});
