/**
 * Resampling of planar float images (channel after channel, row-major: the CHW layout models
 * take), for the fixed-size and size-limited inpainting models. A triangle filter widened by the
 * scale factor when shrinking, as Pillow's BILINEAR does: bilinear when enlarging, an area-like
 * average when shrinking, so a 2000-pixel crop brought down to 512 does not alias. Resizing to the
 * same size returns an exact copy.
 *
 * @example
 * const small = resizePlanes(chw, 3, crop.width, crop.height, 512, 512);
 * const back = resizePlanes(output, 3, 512, 512, crop.width, crop.height);
 */
export function resizePlanes(
  source: Float32Array,
  channels: number,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): Float32Array {
  for (const [name, value] of [
    ['channels', channels],
    ['width', width],
    ['height', height],
    ['toWidth', toWidth],
    ['toHeight', toHeight],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`resizePlanes: ${name} must be a whole number ≥ 1, got ${String(value)}`);
    }
  }
  if (source.length !== channels * width * height) {
    throw new Error(
      `resizePlanes: expected ${channels}×${width}×${height} = ${channels * width * height} values, got ${source.length}`,
    );
  }
  if (width === toWidth && height === toHeight) return source.slice();

  const columns = filterTaps(width, toWidth);
  const rows = filterTaps(height, toHeight);
  const between = new Float32Array(toWidth * height);
  const out = new Float32Array(channels * toWidth * toHeight);
  for (let c = 0; c < channels; c++) {
    const plane = c * width * height;
    // Along each row first (to toWidth × height), then down each column.
    for (let y = 0; y < height; y++) {
      const row = plane + y * width;
      for (let x = 0; x < toWidth; x++) {
        const first = columns.first[x]!;
        const count = columns.count[x]!;
        const at = x * columns.stride;
        let sum = 0;
        for (let k = 0; k < count; k++) sum += source[row + first + k]! * columns.weights[at + k]!;
        between[y * toWidth + x] = sum;
      }
    }
    const target = c * toWidth * toHeight;
    for (let y = 0; y < toHeight; y++) {
      const first = rows.first[y]!;
      const count = rows.count[y]!;
      const at = y * rows.stride;
      const outRow = target + y * toWidth;
      for (let x = 0; x < toWidth; x++) out[outRow + x] = 0;
      for (let k = 0; k < count; k++) {
        const weight = rows.weights[at + k]!;
        const from = (first + k) * toWidth;
        for (let x = 0; x < toWidth; x++) out[outRow + x] = out[outRow + x]! + between[from + x]! * weight;
      }
    }
  }
  return out;
}

interface Taps {
  first: Int32Array;
  count: Int32Array;
  /** `stride` weights per output pixel, the first `count` of them used, summing to 1. */
  weights: Float32Array;
  stride: number;
}

/** For each output pixel, the source pixels under the filter and their normalised weights. */
function filterTaps(size: number, toSize: number): Taps {
  const scale = size / toSize;
  const support = Math.max(1, scale);
  const stride = Math.ceil(support) * 2 + 2;
  const first = new Int32Array(toSize);
  const count = new Int32Array(toSize);
  const weights = new Float32Array(toSize * stride);
  for (let i = 0; i < toSize; i++) {
    // Pixel centres: output i sits at source coordinate (i + 0.5) * scale.
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(size, Math.ceil(centre + support));
    let total = 0;
    let n = 0;
    for (let j = lo; j < hi; j++) {
      const w = Math.max(0, 1 - Math.abs(j + 0.5 - centre) / support);
      weights[i * stride + n] = w;
      total += w;
      n++;
    }
    // Trim zero weights at the start so `first` points at the first pixel that counts.
    let skip = 0;
    while (skip < n - 1 && weights[i * stride + skip] === 0) skip++;
    if (skip > 0) weights.copyWithin(i * stride, i * stride + skip, i * stride + n);
    n -= skip;
    first[i] = lo + skip;
    count[i] = n;
    for (let k = 0; k < n; k++) weights[i * stride + k] = weights[i * stride + k]! / total;
  }
  return { first, count, weights, stride };
}
