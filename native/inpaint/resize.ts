/**
 * Resampling for the fixed-size and size-limited inpainting models. A triangle filter widened by
 * the scale factor when shrinking, as Pillow's BILINEAR does: bilinear when enlarging, an
 * area-like average when shrinking, so a 2000-pixel crop brought down to 512 does not alias. An
 * axis that keeps its size is copied exactly.
 *
 * {@link resampleRows} reads the channels straight from wherever they lie (interleaved RGBA
 * bytes, a mask, a padded model output) and hands back one finished output row at a time, so an
 * adapter converts, thresholds and packs each row as it comes instead of making whole-image
 * copies on the way. {@link resizePlanes} is the same filter for planar float images.
 *
 * @example
 * const small = resizePlanes(chw, 3, crop.width, crop.height, 512, 512);
 * const back = resizePlanes(output, 3, 512, 512, crop.width, crop.height);
 */
import type { Rect } from './image';

/**
 * Where a source's channels lie: channel c of pixel (x, y) is
 * `data[offset + y * rowStride + x * pixelStride + c * channelStride]`, for c below `channels`.
 *
 * @example
 * // The RGB of RGBA pixels, and the three planes of a CHW model output:
 * const rgb: PixelSource = { data: image.data, channels: 3, offset: 0, pixelStride: 4, channelStride: 1, rowStride: image.width * 4 };
 * const chw: PixelSource = { data: output, channels: 3, offset: 0, pixelStride: 1, channelStride: width * height, rowStride: width };
 */
export interface PixelSource {
  data: Float32Array | Uint8Array | Uint8ClampedArray;
  channels: number;
  offset: number;
  pixelStride: number;
  channelStride: number;
  rowStride: number;
  /**
   * Every value outside this box is 0 (a mask around its hole, say), so only the box is read;
   * the rest of each output row is 0 without filtering. An empty box (width or height 0) is all 0.
   */
  nonZero?: Rect;
}

/**
 * Called once per output row, top to bottom. `row` holds the row of every channel of every
 * source one after the other (the n-th channel overall at `n * toWidth`); it is reused for the
 * next row, so copy what you keep.
 */
export type EmitRow = (y: number, row: Float32Array) => void;

/**
 * Resamples `sources` (each `width` × `height`) to `toWidth` × `toHeight`, row by row: along each
 * source row first, then down the columns, keeping only the few source rows the filter needs at
 * once. The channels of a source share the filter's taps, so interleaved pixels are read once per
 * tap; nothing is allocated per pixel and no full-size intermediate image is made.
 *
 * @example
 * // RGBA bytes to a planar float tensor scaled to 0..1, in one pass.
 * const rgb = { data: crop.data, channels: 3, offset: 0, pixelStride: 4, channelStride: 1, rowStride: crop.width * 4 };
 * resampleRows([rgb], crop.width, crop.height, 512, 512, (y, row) => {
 *   for (let c = 0; c < 3; c++)
 *     for (let x = 0; x < 512; x++) tensor[c * 512 * 512 + y * 512 + x] = row[c * 512 + x]! / 255;
 * });
 */
export function resampleRows(
  sources: readonly PixelSource[],
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
  emit: EmitRow,
): void {
  let channels = 0;
  for (const source of sources) channels += source.channels;
  requireSizes('resampleRows', { channels, width, height, toWidth, toHeight });
  for (const source of sources) requireInside(source, width, height);
  const columns = filterTaps(width, toWidth);
  const rows = filterTaps(height, toHeight);
  const span = channels * toWidth;
  // Source rows resampled along x, kept in a ring: the filter needs at most `rows.stride` at once,
  // and the rows it needs only move down.
  const slots = Math.min(rows.stride, height);
  const ring = new Float32Array(slots * span);
  const out = new Float32Array(span);
  const spans = sources.map((source) => columnSpan(source.nonZero, columns));
  let ready = 0;
  for (let y = 0; y < toHeight; y++) {
    const first = rows.first[y]!;
    const taps = rows.count[y]!;
    for (; ready < first + taps; ready++) {
      let at = (ready % slots) * span;
      for (let s = 0; s < sources.length; s++) {
        const source = sources[s]!;
        const box = source.nonZero;
        const inside = box === undefined || (ready >= box.y && ready < box.y + box.height);
        const [from, to] = inside ? spans[s]! : [0, 0];
        for (let c = 0, row = at; c < source.channels; c++, row += toWidth) {
          if (from > 0) ring.fill(0, row, row + from);
          if (to < toWidth) ring.fill(0, row + to, row + toWidth);
        }
        alongRow(source, ready, columns, ring, at, toWidth, from, to);
        at += source.channels * toWidth;
      }
    }
    const at = y * rows.stride;
    if (taps === 1 && rows.weights[at] === 1) {
      emit(y, ring.subarray((first % slots) * span, ((first % slots) + 1) * span));
      continue;
    }
    blendRows(ring, span, slots, first, taps, rows.weights, at, out);
    emit(y, out);
  }
}

/**
 * Resamples planar float images (channel after channel, row-major: the CHW layout models take).
 * Resizing to the same size returns an exact copy.
 */
export function resizePlanes(
  source: Float32Array,
  channels: number,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): Float32Array {
  requireSizes('resizePlanes', { channels, width, height, toWidth, toHeight });
  if (source.length !== channels * width * height) {
    throw new Error(
      `resizePlanes: expected ${channels}×${width}×${height} = ${channels * width * height} values, got ${source.length}`,
    );
  }
  if (width === toWidth && height === toHeight) return source.slice();
  const planes: PixelSource = {
    data: source,
    channels,
    offset: 0,
    pixelStride: 1,
    channelStride: width * height,
    rowStride: width,
  };
  const out = new Float32Array(channels * toWidth * toHeight);
  const plane = toWidth * toHeight;
  resampleRows([planes], width, height, toWidth, toHeight, (y, row) => {
    for (let c = 0; c < channels; c++) {
      out.set(row.subarray(c * toWidth, (c + 1) * toWidth), c * plane + y * toWidth);
    }
  });
  return out;
}

/** Throws unless every value the source promises lies inside its array. */
function requireInside(source: PixelSource, width: number, height: number): void {
  const { data, channels, offset, pixelStride, channelStride, rowStride } = source;
  const last = offset + (height - 1) * rowStride + (width - 1) * pixelStride + (channels - 1) * channelStride;
  const whole = [channels, offset, pixelStride, channelStride, rowStride].every((v) => Number.isInteger(v));
  if (!whole || offset < 0 || last >= data.length) {
    throw new Error(
      `resampleRows: a ${width}×${height} source of ${channels} channels does not fit its ${data.length} values`,
    );
  }
}

function requireSizes(who: string, sizes: Record<string, number>): void {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${who}: ${name} must be a whole number ≥ 1, got ${String(value)}`);
    }
  }
}

/**
 * Output columns `from` … `to` − 1 of source row `y`, for every channel of `source`, resampled
 * along x into `out` from `at`, channel after channel `toWidth` apart.
 */
function alongRow(
  source: PixelSource,
  y: number,
  taps: Taps,
  out: Float32Array,
  at: number,
  toWidth: number,
  from: number,
  to: number,
): void {
  const { data, channels, pixelStride: step, channelStride } = source;
  const { first, count, weights, stride, identity } = taps;
  const base = source.offset + y * source.rowStride;
  if (identity) {
    for (let c = 0; c < channels; c++) {
      const row = at + c * toWidth;
      for (let x = from, p = base + c * channelStride + from * step; x < to; x++, p += step)
        out[row + x] = data[p]!;
    }
    return;
  }
  for (let x = from; x < to; x++) {
    const n = count[x]!;
    const w = x * stride;
    const p = base + first[x]! * step;
    // Enlarging takes two taps and a slight shrink three: spelt out, with the weights loaded once
    // for all the channels, they run about twice as fast as the loop below.
    if (n === 2) {
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      for (let c = 0, q = p, i = at + x; c < channels; c++, q += channelStride, i += toWidth) {
        out[i] = data[q]! * w0 + data[q + step]! * w1;
      }
    } else if (n === 3) {
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      for (let c = 0, q = p, i = at + x; c < channels; c++, q += channelStride, i += toWidth) {
        out[i] = data[q]! * w0 + data[q + step]! * w1 + data[q + 2 * step]! * w2;
      }
    } else {
      for (let c = 0, q = p, i = at + x; c < channels; c++, q += channelStride, i += toWidth) {
        let sum = 0;
        for (let k = 0, r = q; k < n; k++, r += step) sum += data[r]! * weights[w + k]!;
        out[i] = sum;
      }
    }
  }
}

/**
 * The output columns [from, to) whose taps reach into the box's columns: the only ones that can
 * be other than 0. The whole row when there is no box; an empty range when the box is empty.
 */
function columnSpan(box: Rect | undefined, taps: Taps): [number, number] {
  const size = taps.first.length;
  if (box === undefined) return [0, size];
  let from = 0;
  while (from < size && taps.first[from]! + taps.count[from]! <= box.x) from++;
  let to = size;
  while (to > from && taps.first[to - 1]! >= box.x + box.width) to--;
  return [from, to];
}

/** out = the weighted sum of ring rows first … first + taps − 1 (each `span` long). */
function blendRows(
  ring: Float32Array,
  span: number,
  slots: number,
  first: number,
  taps: number,
  weights: Float32Array,
  at: number,
  out: Float32Array,
): void {
  const a = (first % slots) * span;
  const wa = weights[at]!;
  if (taps === 1) {
    for (let i = 0; i < span; i++) out[i] = ring[a + i]! * wa;
    return;
  }
  const b = ((first + 1) % slots) * span;
  const wb = weights[at + 1]!;
  if (taps === 2) {
    for (let i = 0; i < span; i++) out[i] = ring[a + i]! * wa + ring[b + i]! * wb;
    return;
  }
  const c = ((first + 2) % slots) * span;
  const wc = weights[at + 2]!;
  if (taps === 3) {
    for (let i = 0; i < span; i++) out[i] = ring[a + i]! * wa + ring[b + i]! * wb + ring[c + i]! * wc;
    return;
  }
  const d = ((first + 3) % slots) * span;
  const wd = weights[at + 3]!;
  if (taps === 4) {
    for (let i = 0; i < span; i++) {
      out[i] = ring[a + i]! * wa + ring[b + i]! * wb + ring[c + i]! * wc + ring[d + i]! * wd;
    }
    return;
  }
  // Strong shrinking: many taps. Sum each column in a double, as the short cases do.
  const offsets = new Int32Array(taps);
  for (let k = 0; k < taps; k++) offsets[k] = ((first + k) % slots) * span;
  for (let i = 0; i < span; i++) {
    let sum = 0;
    for (let k = 0; k < taps; k++) sum += ring[offsets[k]! + i]! * weights[at + k]!;
    out[i] = sum;
  }
}

interface Taps {
  first: Int32Array;
  count: Int32Array;
  /** `stride` weights per output pixel, the first `count` of them used, summing to 1. */
  weights: Float32Array;
  stride: number;
  /** The same size: every output pixel is its source pixel, weight 1. */
  identity: boolean;
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
    const at = i * stride;
    let total = 0;
    let n = 0;
    for (let j = lo; j < hi; j++) {
      const w = Math.max(0, 1 - Math.abs(j + 0.5 - centre) / support);
      weights[at + n] = w;
      total += w;
      n++;
    }
    // Trim zero weights at both ends: `first` is the first pixel that counts, and the fewer taps
    // the faster the short cases above run. Monotonic in i, which the row ring relies on.
    let skip = 0;
    while (skip < n - 1 && weights[at + skip] === 0) skip++;
    if (skip > 0) weights.copyWithin(at, at + skip, at + n);
    n -= skip;
    while (n > 1 && weights[at + n - 1] === 0) n--;
    first[i] = lo + skip;
    count[i] = n;
    for (let k = 0; k < n; k++) weights[at + k] = weights[at + k]! / total;
  }
  return { first, count, weights, stride, identity: size === toSize };
}
