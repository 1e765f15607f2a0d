/**
 * The built-in generative fill, no weights: picks Telea or PatchMatch, crops to the hole plus a
 * margin of context, runs the engine on the crop and pastes it back. Outside the mask the result
 * is byte for byte the input.
 *
 * Pure: typed arrays only, no Node, no DOM.
 */
import {
  HOLE,
  cropImage,
  cropMask,
  distanceTransform,
  holeDepth,
  maskCrop,
  pasteImage,
  requireImage,
  requireMaskFor,
  type Mask,
  type RgbaImage,
} from './image';
import { patchmatch } from './patchmatch';
import { telea } from './telea';

export type ClassicalEngine = 'telea' | 'patchmatch';

export interface ClassicalFillOptions {
  /** 'auto' lets {@link chooseEngine} decide from the mask's shape. */
  engine: ClassicalEngine | 'auto';
  /** A whole number; the same seed gives the same bytes. Telea ignores it (it has no randomness). */
  seed: number;
  /** Pixels of context kept around the hole's box. Default half the hole's larger side, 32…256; never under 8. */
  margin?: number;
  /** The fraction done, 0…1. */
  onProgress?(fraction: number): void;
  /** Polled while working; returning true stops the fill with Error('cancelled'). */
  shouldStop?(): boolean;
}

export interface ClassicalFillResult {
  image: RgbaImage;
  /** The engine that ran: the choice made when the options said 'auto'. */
  engine: ClassicalEngine;
}

/** Holes no deeper than this (pixels from their middle to the nearest kept pixel) go to Telea. */
export const THIN_HOLE_DEPTH = 6;
/** Context whose mean luma gradient (levels per pixel) is at most this is smooth: a flat colour or a ramp. */
export const SMOOTH_CONTEXT_GRADIENT = 2;
/** How far around the hole (pixels) the context is measured. */
const CONTEXT_RING = 8;
const MIN_MARGIN = 8;

/**
 * Telea or PatchMatch for this mask (and, when given, this image). The rule:
 * 1. Thin holes → Telea. The hole (mask ≥ 128) is measured by its depth, the radius of the widest
 *    disc that fits in it (a distance transform); at most {@link THIN_HOLE_DEPTH} px — strokes,
 *    text, specks up to about 12 px across, however long — is thin, and Telea's smooth fill is
 *    both right and fastest there.
 * 2. Smooth surroundings → Telea. When `image` is given and the known pixels within 8 px of the
 *    hole have a mean luma gradient of at most {@link SMOOTH_CONTEXT_GRADIENT}, there is no texture
 *    to copy, and Telea continues a flat colour or a colour ramp exactly where copied patches
 *    would show steps.
 * 3. Anything else → PatchMatch, which copies texture where Telea would smear it.
 *
 * @example
 * chooseEngine(scribbleMask);          // 'telea'
 * chooseEngine(productMask, photo);    // 'patchmatch' on a textured photo, 'telea' on a plain backdrop
 */
export function chooseEngine(mask: Mask, image?: RgbaImage): ClassicalEngine {
  if (typeof mask !== 'object' || mask === null || !(mask.data instanceof Uint8Array)) {
    throw new Error('chooseEngine: mask must be a Mask');
  }
  if (image !== undefined) {
    requireImage('chooseEngine', image);
    requireMaskFor('chooseEngine', image, mask);
  }
  const box = maskCrop(mask, CONTEXT_RING + 1);
  if (!box) return 'telea';
  const part = cropMask(mask, box);
  const hole = new Uint8Array(part.data.length);
  for (let i = 0; i < hole.length; i++) hole[i] = part.data[i]! >= HOLE ? 1 : 0;
  if (holeDepth(hole, part.width, part.height) <= THIN_HOLE_DEPTH) return 'telea';
  if (image && contextGradient(cropImage(image, box), hole) <= SMOOTH_CONTEXT_GRADIENT) return 'telea';
  return 'patchmatch';
}

/** Mean luma gradient magnitude over the known pixels within {@link CONTEXT_RING} px of the hole. */
function contextGradient(image: RgbaImage, hole: Uint8Array): number {
  const { width, height, data } = image;
  // The ring: pixels outside the hole but no deeper than CONTEXT_RING into the inverted mask.
  const outside = new Uint8Array(hole.length);
  for (let i = 0; i < hole.length; i++) outside[i] = hole[i] ? 0 : 1;
  const near = distanceTransform(outside, width, height);
  const luma = (i: number) => 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const i = y * width + x;
      if (!outside[i] || near[i]! > CONTEXT_RING || !outside[i + 1] || !outside[i + width]) continue;
      const l = luma(i);
      sum += Math.hypot(luma(i + 1) - l, luma(i + width) - l);
      count++;
    }
  }
  return count === 0 ? Infinity : sum / count;
}

/**
 * Fills the masked part of `image` (mask 255 = fill, 0 = keep, partial values blend) with a
 * built-in engine and returns a new image; the input is not changed.
 *
 * @example
 * const { image: filled, engine } = fillClassical(layerPixels, mask, { engine: 'auto', seed: 42, onProgress: report });
 */
export function fillClassical(
  image: RgbaImage,
  mask: Mask,
  options: ClassicalFillOptions,
): ClassicalFillResult {
  requireImage('fillClassical', image);
  requireMaskFor('fillClassical', image, mask);
  if (typeof options !== 'object' || options === null) {
    throw new Error('fillClassical: options must be an object with an engine and a seed');
  }
  const { engine, seed, margin, onProgress, shouldStop } = options;
  if (engine !== 'auto' && engine !== 'telea' && engine !== 'patchmatch') {
    throw new Error(
      `fillClassical: options.engine must be 'auto', 'telea' or 'patchmatch', got ${String(engine)}`,
    );
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`fillClassical: options.seed must be a whole number, got ${String(seed)}`);
  }
  if (margin !== undefined && (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0)) {
    throw new Error(
      `fillClassical: options.margin must be a finite number of pixels ≥ 0, got ${String(margin)}`,
    );
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new Error('fillClassical: options.onProgress must be a function');
  }
  if (shouldStop !== undefined && typeof shouldStop !== 'function') {
    throw new Error('fillClassical: options.shouldStop must be a function');
  }

  let painted = 0;
  let holes = 0;
  for (const v of mask.data) {
    if (v > 0) painted++;
    if (v >= HOLE) holes++;
  }
  if (painted === 0) throw new Error('fillClassical: the mask is empty: paint the area to fill');
  if (holes === 0) {
    throw new Error('fillClassical: the mask is too faint: paint the area to fill at least half strength');
  }
  if (holes === mask.data.length) {
    throw new Error('fillClassical: the mask covers the whole image: leave some of it unmasked to fill from');
  }
  if (shouldStop?.()) throw new Error('cancelled');

  const chosen = engine === 'auto' ? chooseEngine(mask, image) : engine;
  const hull = maskCrop(mask, 0)!;
  const context = margin ?? Math.min(256, Math.max(32, Math.round(0.5 * Math.max(hull.width, hull.height))));
  const box = maskCrop(mask, Math.max(MIN_MARGIN, context))!;
  const part = cropImage(image, box);
  const partMask = cropMask(mask, box);
  const filled =
    chosen === 'telea'
      ? telea(part, partMask)
      : patchmatch(part, partMask, {
          seed,
          ...(onProgress ? { onProgress } : {}),
          ...(shouldStop ? { shouldStop } : {}),
        });
  if (chosen === 'telea') onProgress?.(1);

  const out: RgbaImage = { width: image.width, height: image.height, data: image.data.slice() };
  pasteImage(out, filled, box);
  // Whatever the engine did, unmasked pixels leave exactly as they came.
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = y * image.width + x;
      if (mask.data[i] !== 0) continue;
      const k = i * 4;
      out.data[k] = image.data[k]!;
      out.data[k + 1] = image.data[k + 1]!;
      out.data[k + 2] = image.data[k + 2]!;
      out.data[k + 3] = image.data[k + 3]!;
    }
  }
  return { image: out, engine: chosen };
}
