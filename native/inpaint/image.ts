import { maskBounds, type Mask, type Rect } from '../compose/mask-ops';

/**
 * Pixels the fill engines work on: RGBA, 8 bits per channel, row-major, not premultiplied.
 * The mask is the artboard mask of native/compose/mask-ops (0 = keep, 255 = fill).
 *
 * @example
 * const box = maskCrop(mask, 32)!;                 // the hole plus a margin of context
 * const part = cropImage(image, box);
 * const filled = telea(part, cropMask(mask, box));
 * pasteImage(image, filled, box);
 */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type { Mask, Rect };

export function createImage(width: number, height: number): RgbaImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`an image must be at least 1×1 whole pixels, not ${width}×${height}`);
  }
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

/** The box around every pixel to fill (value ≥ 1), grown by `margin` on each side and kept inside the image; null when nothing is masked. */
export function maskCrop(mask: Mask, margin: number): Rect | null {
  const bounds = nonZeroBounds(mask);
  if (!bounds) return null;
  const m = Math.max(0, Math.round(margin));
  const x = Math.max(0, bounds.x - m);
  const y = Math.max(0, bounds.y - m);
  return {
    x,
    y,
    width: Math.min(mask.width, bounds.x + bounds.width + m) - x,
    height: Math.min(mask.height, bounds.y + bounds.height + m) - y,
  };
}

/**
 * The box around every pixel above 0, or null when there are none: what `maskBounds(mask, 1)`
 * answers (and throws, for a malformed mask), but reading the zeros four bytes at a time and
 * skipping what cannot widen the box: the rows above the first and below the last marked pixel are
 * found by one scan each way, and rows in between are read only left of the box found so far and
 * right of it.
 */
export function nonZeroBounds(mask: Mask): Rect | null {
  const { width, height, data } = mask;
  const wellFormed =
    typeof mask === 'object' &&
    mask !== null &&
    data instanceof Uint8Array &&
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width >= 0 &&
    height >= 0 &&
    data.length === width * height;
  if (!wellFormed) return maskBounds(mask, 1); // throws maskBounds' own message
  const scan = new ZeroScanner(data);
  const first = scan.firstNonZero(0, data.length);
  if (first < 0) return null;
  const last = scan.lastNonZero(first, data.length);
  const top = Math.floor(first / width);
  const bottom = Math.floor(last / width);
  let left = first - top * width;
  let right = last - bottom * width;
  if (left > right) [left, right] = [right, left];
  for (let y = top; y <= bottom && (left > 0 || right < width - 1); y++) {
    const row = y * width;
    if (left > 0) {
      const at = scan.firstNonZero(row, row + left);
      if (at >= 0) left = at - row;
    }
    if (right < width - 1) {
      const at = scan.lastNonZero(row + right + 1, row + width);
      if (at >= 0) right = at - row;
    }
  }
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** Finds non-zero bytes in ranges of one array, testing aligned runs of four bytes as one word. */
class ZeroScanner {
  private readonly words: Uint32Array;
  /** Index in `data` of words[0]. */
  private readonly start: number;

  constructor(private readonly data: Uint8Array) {
    this.start = (4 - (data.byteOffset & 3)) & 3;
    const count = data.length > this.start ? (data.length - this.start) >> 2 : 0;
    this.words =
      count > 0 ? new Uint32Array(data.buffer, data.byteOffset + this.start, count) : new Uint32Array(0);
  }

  /** The first index in from … to − 1 holding a non-zero byte, or −1. */
  firstNonZero(from: number, to: number): number {
    const { data, words, start } = this;
    let i = from;
    const wordFrom = Math.max(0, (i - start + 3) >> 2);
    const wordTo = Math.min(words.length, Math.max(0, (to - start) >> 2));
    if (wordFrom < wordTo) {
      const aligned = start + wordFrom * 4;
      for (; i < aligned; i++) if (data[i] !== 0) return i;
      let w = wordFrom;
      while (w < wordTo && words[w] === 0) w++;
      i = start + w * 4;
    }
    for (; i < to; i++) if (data[i] !== 0) return i;
    return -1;
  }

  /** The last index in from … to − 1 holding a non-zero byte, or −1. */
  lastNonZero(from: number, to: number): number {
    const { data, words, start } = this;
    let i = to - 1;
    const wordFrom = Math.max(0, (from - start + 3) >> 2);
    const wordTo = Math.min(words.length, Math.max(0, (to - start) >> 2));
    if (wordFrom < wordTo) {
      const aligned = start + wordTo * 4;
      for (; i >= aligned; i--) if (data[i] !== 0) return i;
      let w = wordTo - 1;
      while (w >= wordFrom && words[w] === 0) w--;
      i = start + w * 4 + 3;
    }
    for (; i >= from; i--) if (data[i] !== 0) return i;
    return -1;
  }
}

export function cropImage(image: RgbaImage, box: Rect): RgbaImage {
  const out = createImage(box.width, box.height);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * image.width + box.x) * 4;
    out.data.set(image.data.subarray(from, from + box.width * 4), y * box.width * 4);
  }
  return out;
}

export function cropMask(mask: Mask, box: Rect): Mask {
  const data = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * mask.width + box.x;
    data.set(mask.data.subarray(from, from + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data };
}

/** Copies `part` into `image` with its top-left corner at the box's. */
export function pasteImage(image: RgbaImage, part: RgbaImage, box: Pick<Rect, 'x' | 'y'>): void {
  for (let y = 0; y < part.height; y++) {
    const to = ((box.y + y) * image.width + box.x) * 4;
    image.data.set(part.data.subarray(y * part.width * 4, (y + 1) * part.width * 4), to);
  }
}

/** Mask values at or above this are holes the engines fill; lower values keep their pixels and only blend. */
export const HOLE = 128;

/** Throws a message naming `who` and the argument when `image` is not a well-formed {@link RgbaImage}. */
export function requireImage(who: string, image: RgbaImage, name = 'image'): void {
  if (typeof image !== 'object' || image === null) throw new Error(`${who}: ${name} must be an RGBA image`);
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(
      `${who}: ${name} must be at least 1×1 whole pixels, not ${String(width)}×${String(height)}`,
    );
  }
  if (!(data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
    throw new Error(`${who}: ${name}.data must be a Uint8ClampedArray of ${width}×${height}×4 bytes`);
  }
}

/** Throws a message naming `who` when `mask` is malformed or not the size of `image`. */
export function requireMaskFor(who: string, image: RgbaImage, mask: Mask): void {
  if (typeof mask !== 'object' || mask === null) throw new Error(`${who}: mask must be a Mask`);
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new Error(
      `${who}: mask is ${String(mask.width)}×${String(mask.height)} but image is ${image.width}×${image.height}; they must be the same size`,
    );
  }
  if (!(mask.data instanceof Uint8Array) || mask.data.length !== mask.width * mask.height) {
    throw new Error(`${who}: mask.data must be a Uint8Array of ${mask.width}×${mask.height} bytes`);
  }
}

/**
 * A copy of `image` with `fill` (RGBA, `stride` floats per pixel: 4, or 3 with `image`'s alpha kept)
 * blended in where the mask is at least {@link HOLE}: out = image·(1 − a) + fill·a with a = mask/255,
 * so a feathered edge fades. Every other pixel is copied byte for byte.
 */
export function blendFill(
  image: RgbaImage,
  mask: Mask,
  fill: ArrayLike<number>,
  stride: 3 | 4 = 4,
): RgbaImage {
  const out: RgbaImage = { width: image.width, height: image.height, data: image.data.slice() };
  const src = image.data;
  const dst = out.data;
  const m = mask.data;
  for (let i = 0; i < m.length; i++) {
    const v = m[i]!;
    if (v < HOLE) continue;
    const a = v / 255;
    const k = i * 4;
    const f = i * stride;
    for (let c = 0; c < stride; c++) dst[k + c] = src[k + c]! + (fill[f + c]! - src[k + c]!) * a;
  }
  return out;
}

/**
 * How deep the hole goes: the largest distance (pixels) from a hole pixel to the nearest pixel that
 * is not one — the radius of the widest disc that fits in the hole. A stroke w pixels wide is about
 * w/2 deep. Infinity when nothing is known. `hole` is 1 where a pixel is.
 */
export function holeDepth(hole: Uint8Array, width: number, height: number): number {
  const d = distanceTransform(hole, width, height);
  let max = 0;
  for (let i = 0; i < d.length; i++) if (d[i]! > max) max = d[i]!;
  return max;
}

/**
 * For every pixel where `inside` is 1, the chamfer distance (steps 1 and √2, within a few % of
 * Euclidean) to the nearest pixel where it is 0; 0 elsewhere, Infinity when there is no such pixel.
 */
export function distanceTransform(inside: Uint8Array, width: number, height: number): Float32Array {
  const d = new Float32Array(width * height);
  const diagonal = Math.SQRT2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside[i]) continue;
      let v = Infinity;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + 1);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + diagonal);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + diagonal);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      if (!inside[i]) continue;
      let v = d[i]!;
      if (x < width - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + 1);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + diagonal);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + diagonal);
      }
      d[i] = v;
    }
  }
  return d;
}
