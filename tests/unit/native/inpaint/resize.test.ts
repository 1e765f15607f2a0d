// Resampling the planes a model takes: exact at the same size, no overshoot, no drift, the same
// filter whatever the layout it reads, and the same as filtering every output pixel directly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resampleRows, resizePlanes, type PixelSource } from '../../../../native/inpaint/resize';

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

/** Seeded values 0..255, one per call. */
function values(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => (state = (state * 48271) % 2147483647) % 256);
}

/**
 * The filter written out pixel by pixel: a triangle as wide as the scale when shrinking (1 when
 * enlarging), centred on the output pixel's centre, over the source pixels it reaches.
 */
function directResize(
  source: Float32Array,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
) {
  const weights = (size: number, toSize: number, i: number): number[] => {
    const scale = size / toSize;
    const support = Math.max(1, scale);
    const centre = (i + 0.5) * scale;
    const w = Array.from({ length: size }, (_, j) => Math.max(0, 1 - Math.abs(j + 0.5 - centre) / support));
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  };
  const out = new Float64Array(toWidth * toHeight);
  for (let y = 0; y < toHeight; y++) {
    const wy = weights(height, toHeight, y);
    for (let x = 0; x < toWidth; x++) {
      const wx = weights(width, toWidth, x);
      let sum = 0;
      for (let j = 0; j < height; j++) {
        if (wy[j] === 0) continue;
        for (let i = 0; i < width; i++) sum += source[j * width + i]! * wx[i]! * wy[j]!;
      }
      out[y * toWidth + x] = sum;
    }
  }
  return out;
}

/** Every output row of `resampleRows`, kept. */
function collect(
  sources: PixelSource[],
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): Float32Array[] {
  const rows: Float32Array[] = [];
  resampleRows(sources, width, height, toWidth, toHeight, (y, row) => {
    expect(y).toBe(rows.length);
    rows.push(row.slice());
  });
  expect(rows.length).toBe(toHeight);
  return rows;
}

describe('resampleRows', () => {
  it('gives what filtering each output pixel directly gives, enlarging or shrinking by any factor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 100_000 }),
        (w, h, tw, th, seed) => {
          const source = values(w * h, seed);
          const expected = directResize(source, w, h, tw, th);
          const plane: PixelSource = {
            data: source,
            channels: 1,
            offset: 0,
            pixelStride: 1,
            channelStride: 0,
            rowStride: w,
          };
          const rows = collect([plane], w, h, tw, th);
          for (let y = 0; y < th; y++) {
            for (let x = 0; x < tw; x++)
              expect(Math.abs(rows[y]![x]! - expected[y * tw + x]!)).toBeLessThan(1e-3);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('shrinks strongly (many taps each way) as the direct filter does', () => {
    const source = values(97 * 61, 3);
    const expected = directResize(source, 97, 61, 5, 4);
    const rows = collect(
      [{ data: source, channels: 1, offset: 0, pixelStride: 1, channelStride: 0, rowStride: 97 }],
      97,
      61,
      5,
      4,
    );
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 5; x++) expect(rows[y]![x]).toBeCloseTo(expected[y * 5 + x]!, 3);
  });

  it('reads interleaved RGBA bytes and a mask as resizePlanes reads the same values in planes', () => {
    const [w, h, tw, th] = [23, 17, 40, 9];
    const rgba = new Uint8ClampedArray(values(w * h * 4, 11));
    const mask = new Uint8Array(values(w * h, 12));
    const planes = new Float32Array(4 * w * h);
    for (let k = 0; k < w * h; k++) {
      for (let c = 0; c < 3; c++) planes[c * w * h + k] = rgba[k * 4 + c]!;
      planes[3 * w * h + k] = mask[k]!;
    }
    const expected = resizePlanes(planes, 4, w, h, tw, th);
    const rows = collect(
      [
        { data: rgba, channels: 3, offset: 0, pixelStride: 4, channelStride: 1, rowStride: w * 4 },
        { data: mask, channels: 1, offset: 0, pixelStride: 1, channelStride: 0, rowStride: w },
      ],
      w,
      h,
      tw,
      th,
    );
    for (let y = 0; y < th; y++) {
      for (let c = 0; c < 4; c++) {
        for (let x = 0; x < tw; x++) expect(rows[y]![c * tw + x]).toBe(expected[c * tw * th + y * tw + x]);
      }
    }
  });

  it('a nonZero box only skips work: a source that is 0 outside it resizes the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.record({ x: fc.nat(), y: fc.nat(), width: fc.nat(), height: fc.nat() }),
        (w, h, tw, th, raw) => {
          const box = {
            x: raw.x % w,
            y: raw.y % h,
            width: raw.width % (w - (raw.x % w) + 1),
            height: raw.height % (h - (raw.y % h) + 1),
          };
          const data = new Uint8Array(w * h);
          for (let y = box.y; y < box.y + box.height; y++)
            data.fill(255, y * w + box.x, y * w + box.x + box.width);
          const plain: PixelSource = {
            data,
            channels: 1,
            offset: 0,
            pixelStride: 1,
            channelStride: 0,
            rowStride: w,
          };
          const full = collect([plain], w, h, tw, th);
          const boxed = collect([{ ...plain, nonZero: box }], w, h, tw, th);
          expect(boxed).toEqual(full);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a padded plane in place: the padding never leaks in', () => {
    // 5 × 3 pixels stored in rows of 8, the padding NaN.
    const data = new Float32Array(8 * 4).fill(NaN);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) data[y * 8 + x] = 10 * y + x;
    const rows = collect(
      [{ data, channels: 1, offset: 0, pixelStride: 1, channelStride: 0, rowStride: 8 }],
      5,
      3,
      9,
      7,
    );
    for (const row of rows) for (const v of row) expect(v >= 0 && v <= 24).toBe(true);
  });

  it('a smooth image enlarged to 512 and brought back is within a level of itself', () => {
    const [w, h] = [300, 200];
    const source = Float32Array.from({ length: w * h }, (_, k) => {
      const x = k % w;
      const y = Math.floor(k / w);
      return 128 + 100 * Math.sin(x / 23) * Math.cos(y / 17);
    });
    const back = resizePlanes(resizePlanes(source, 1, w, h, 512, 512), 1, 512, 512, w, h);
    let worst = 0;
    for (let k = 0; k < source.length; k++) worst = Math.max(worst, Math.abs(back[k]! - source[k]!));
    expect(worst).toBeLessThan(1);
  });

  it('refuses a source that does not fit its array', () => {
    const data = new Float32Array(10);
    const emit = () => undefined;
    expect(() =>
      resampleRows(
        [{ data, channels: 1, offset: 0, pixelStride: 1, channelStride: 0, rowStride: 5 }],
        5,
        3,
        2,
        2,
        emit,
      ),
    ).toThrow('resampleRows: a 5×3 source of 1 channels does not fit its 10 values');
    expect(() => resampleRows([], 5, 2, 2, 2, emit)).toThrow('channels must be a whole number ≥ 1, got 0');
  });
});
