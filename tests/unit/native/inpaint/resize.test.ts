// Resampling the planes a model takes: exact at the same size, no overshoot, no drift.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resizePlanes } from '../../../../native/inpaint/resize';

describe('resizePlanes', () => {
  it('the same size is an exact copy, not the same array', () => {
    const source = Float32Array.from({ length: 2 * 5 * 3 }, (_, i) => i * 1.5);
    const out = resizePlanes(source, 2, 5, 3, 5, 3);
    expect(out).toEqual(source);
    expect(out).not.toBe(source);
  });

  it('an unchanged axis is left exact while the other is resampled', () => {
    const source = Float32Array.from({ length: 4 * 3 }, (_, i) => (i % 4) * 10 + Math.floor(i / 4));
    const out = resizePlanes(source, 1, 4, 3, 4, 6);
    // Columns keep their values (0, 10, 20, 30 plus a row offset between 0 and 2).
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 4; x++) {
        const v = out[y * 4 + x]!;
        expect(v - x * 10).toBeGreaterThanOrEqual(-1e-4);
        expect(v - x * 10).toBeLessThanOrEqual(2 + 1e-4);
      }
    }
  });

  it('shrinking averages: a 1-pixel checkerboard halves to grey, without aliasing', () => {
    const source = Float32Array.from({ length: 8 * 8 }, (_, i) =>
      ((i % 8) + Math.floor(i / 8)) % 2 ? 255 : 0,
    );
    const out = resizePlanes(source, 1, 8, 8, 4, 4);
    // Inside, the filter is symmetric: exactly half. At the border it is cut off, so a little less.
    for (const [x, y] of [
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
    ] as const)
      expect(out[y * 4 + x]).toBeCloseTo(127.5, 3);
    for (const v of out) expect(Math.abs(v - 127.5)).toBeLessThan(20);
  });

  it('flat planes stay flat and every value stays within the source range, any sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 100_000 }),
        (w, h, tw, th, flat, seed) => {
          const uniform = resizePlanes(new Float32Array(2 * w * h).fill(flat), 2, w, h, tw, th);
          expect(uniform.length).toBe(2 * tw * th);
          expect(uniform.every((v) => Math.abs(v - flat) < 1e-3)).toBe(true);
          let state = seed;
          const noisy = Float32Array.from(
            { length: w * h },
            () => (state = (state * 48271) % 2147483647) % 256,
          );
          const lo = Math.min(...noisy);
          const hi = Math.max(...noisy);
          const out = resizePlanes(noisy, 1, w, h, tw, th);
          expect(out.every((v) => v >= lo - 1e-3 && v <= hi + 1e-3)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses sizes that are not whole and positive, and data of the wrong length', () => {
    expect(() => resizePlanes(new Float32Array(4), 1, 2, 2, 0, 2)).toThrow(
      'toWidth must be a whole number ≥ 1, got 0',
    );
    expect(() => resizePlanes(new Float32Array(4), 1, 2, 2, 2.5, 2)).toThrow('toWidth must be');
    expect(() => resizePlanes(new Float32Array(3), 1, 2, 2, 4, 4)).toThrow(
      'expected 1×2×2 = 4 values, got 3',
    );
  });
});
