// Synthetic images with known content for the fill engines' tests and benchmark, holes of known
// shape, and the two quality figures: PSNR in the hole and the texture ratio.
import type { Mask } from '../../native/compose/mask-ops';
import type { RgbaImage } from '../../native/inpaint/image';

type Paint = (x: number, y: number) => [number, number, number];

export function synth(width: number, height: number, paint: Paint): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      const i = (y * width + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Smooth left-to-right ramp, different per channel. */
export const gradient = (width: number, height: number) =>
  synth(width, height, (x, y) => [
    20 + (200 * x) / (width - 1),
    230 - (180 * x) / (width - 1),
    60 + (120 * y) / (height - 1),
  ]);

/** Vertical stripes: `period / 2` dark columns, then `period / 2` light ones. */
export const stripes = (width: number, height: number, period = 8) =>
  synth(width, height, (x) => (x % period < period / 2 ? [40, 60, 90] : [220, 200, 170]));

export const checkerboard = (width: number, height: number, cell = 6) =>
  synth(width, height, (x, y) =>
    (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? [30, 30, 30] : [230, 230, 230],
  );

/** A deterministic hash of (x, y, seed) in [0, 1). */
export function hash(x: number, y: number, seed = 0): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263) + Math.imul(seed, 1442695041);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Grainy noise: every pixel independent, around a mid grey. */
export const noise = (width: number, height: number, seed = 1) =>
  synth(width, height, (x, y) => {
    const v = 128 + 120 * (hash(x, y, seed) - 0.5);
    return [v, v * 0.9 + 10, v * 0.8 + 20];
  });

/** What an ad background might hold: a colour ramp, stripes and grain together. */
export const textured = (width: number, height: number, seed = 1) =>
  synth(width, height, (x, y) => {
    const ramp = (60 * x) / width;
    const stripe = x % 8 < 4 ? -40 : 40;
    const grain = 40 * (hash(x, y, seed) - 0.5);
    return [110 + ramp + stripe + grain, 120 + stripe + grain, 150 - ramp + stripe + grain];
  });

export function emptyMask(width: number, height: number): Mask {
  return { width, height, data: new Uint8Array(width * height) };
}

export function rectMask(
  width: number,
  height: number,
  x: number,
  y: number,
  w: number,
  h: number,
  value = 255,
): Mask {
  const mask = emptyMask(width, height);
  for (let j = y; j < y + h; j++) mask.data.fill(value, j * width + x, j * width + x + w);
  return mask;
}

/** Discs of full coverage, e.g. a blob made of a few overlapping circles. */
export function discsMask(width: number, height: number, discs: { x: number; y: number; r: number }[]): Mask {
  const mask = emptyMask(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (discs.some((d) => (x + 0.5 - d.x) ** 2 + (y + 0.5 - d.y) ** 2 <= d.r * d.r)) {
        mask.data[y * width + x] = 255;
      }
    }
  }
  return mask;
}

/** A stroke `thickness` px wide along a sine wave across the image, like a scribbled-over line. */
export function scribbleMask(width: number, height: number, thickness: number, y0 = height / 2): Mask {
  const mask = emptyMask(width, height);
  const half = thickness / 2;
  for (let x = Math.floor(width * 0.1); x < Math.ceil(width * 0.9); x++) {
    const cy = y0 + (height / 6) * Math.sin((x / width) * 2 * Math.PI);
    for (let y = Math.floor(cy - half); y < Math.floor(cy - half) + thickness; y++) {
      if (y >= 0 && y < height) mask.data[y * width + x] = 255;
    }
  }
  return mask;
}

export const holeCount = (mask: Mask) => mask.data.reduce((n, v) => n + (v >= 128 ? 1 : 0), 0);

/** PSNR (dB) of `result` against `truth` over the RGB of the pixels where the mask is ≥ 128. */
export function holePsnr(result: RgbaImage, truth: RgbaImage, mask: Mask): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]! < 128) continue;
    for (let c = 0; c < 3; c++) {
      const d = result.data[i * 4 + c]! - truth.data[i * 4 + c]!;
      sum += d * d;
    }
    count += 3;
  }
  const mse = sum / Math.max(1, count);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

function meanGradient(image: RgbaImage, mask: Mask): number {
  const { width, height, data } = image;
  const luma = (i: number) => 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const i = y * width + x;
      if (mask.data[i]! < 128) continue;
      sum += Math.hypot(luma(i + 1) - luma(i), luma(i + width) - luma(i));
      count++;
    }
  }
  return sum / Math.max(1, count);
}

/** Mean gradient magnitude inside the hole of `result` over that of `truth`: 1 = as much texture, near 0 = a blur. */
export function textureRatio(result: RgbaImage, truth: RgbaImage, mask: Mask): number {
  return meanGradient(result, mask) / meanGradient(truth, mask);
}

/** The hole filled with the mean of the known pixels around it: the blur a fill must beat. */
export function meanFill(image: RgbaImage, mask: Mask): RgbaImage {
  const out = { ...image, data: image.data.slice() };
  const sum = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]! >= 128) continue;
    for (let c = 0; c < 3; c++) sum[c]! += image.data[i * 4 + c]!;
    count++;
  }
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]! < 128) continue;
    for (let c = 0; c < 3; c++) out.data[i * 4 + c] = sum[c]! / count;
  }
  return out;
}
