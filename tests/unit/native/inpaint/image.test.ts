// The fill pipeline's quick search for the hole gives exactly what native/compose/mask-ops gives:
// the box around the marked pixels.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskBounds } from '../../../../native/compose/mask-ops';
import { maskCrop, nonZeroBounds, type Mask } from '../../../../native/inpaint/image';

/** Random masks: sparse specks or dense noise, any value, at any offset into a larger buffer. */
const masks = fc
  .record({
    width: fc.integer({ min: 1, max: 70 }),
    height: fc.integer({ min: 1, max: 50 }),
    offset: fc.integer({ min: 0, max: 7 }),
    dense: fc.boolean(),
    specks: fc.array(fc.tuple(fc.nat(69), fc.nat(49), fc.integer({ min: 1, max: 255 })), { maxLength: 30 }),
    seed: fc.nat(),
  })
  .map(({ width, height, offset, dense, specks, seed }): Mask => {
    const buffer = new Uint8Array(width * height + offset + 5).fill(9);
    const data = buffer.subarray(offset, offset + width * height).fill(0);
    if (dense) {
      let state = seed;
      for (let k = 0; k < data.length; k++) {
        state = (state * 1103515245 + 12345) % 2147483648;
        data[k] = state % 3 === 0 ? state >>> 23 : 0;
      }
    }
    for (const [x, y, v] of specks) data[(y % height) * width + (x % width)] = v;
    return { width, height, data };
  });

describe('nonZeroBounds', () => {
  it('is maskBounds(mask, 1) for any mask, at any byte offset', () => {
    fc.assert(
      fc.property(masks, (mask) => {
        expect(nonZeroBounds(mask)).toEqual(maskBounds(mask, 1));
      }),
      { numRuns: 500 },
    );
  });

  it('finds single pixels anywhere in a large mask, and nothing in an empty one', () => {
    const width = 123;
    const height = 37;
    const mask: Mask = { width, height, data: new Uint8Array(width * height) };
    expect(nonZeroBounds(mask)).toBeNull();
    expect(maskCrop(mask, 10)).toBeNull();
    for (const k of [
      0,
      1,
      3,
      4,
      5,
      width - 1,
      width,
      17 * width + 64,
      width * height - 4,
      width * height - 1,
    ]) {
      mask.data.fill(0);
      mask.data[k] = 1;
      expect(nonZeroBounds(mask)).toEqual({ x: k % width, y: Math.floor(k / width), width: 1, height: 1 });
    }
    expect(nonZeroBounds({ width: 0, height: 0, data: new Uint8Array(0) })).toBeNull();
  });

  it('refuses a malformed mask as maskBounds does', () => {
    const bad = { width: 4, height: 4, data: new Uint8Array(3) };
    expect(() => nonZeroBounds(bad)).toThrow('maskBounds: mask must be');
  });
});
