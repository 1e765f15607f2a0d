import { StudioError } from '../api/errors';
import type { ExecutionProviderName } from '../api/schemas';
import type { InpaintFamily, Tensors } from '../inference/signatures';
import { cropImage, cropMask, maskCrop, type Mask, type Rect, type RgbaImage } from './image';
import { featherMask } from '../compose/mask-ops';

/**
 * What one model family adds to the shared fill pipeline: how a crop becomes the model's inputs
 * and how its outputs become pixels again. Adapters are plain functions of pixels and tensors, so
 * they are tested without a model; native/inference/adapters.ts holds one per family.
 *
 * @example
 * // The smallest adapter: a model fed the crop's RGB planes and the hole, answering RGB planes.
 * const adapter: Adapter<{ width: number; height: number }> = {
 *   family: 'migan',
 *   prepare: (crop, mask) => ({ feeds: { image: planes(crop), mask: keepMask(mask) }, state: crop }),
 *   finish: (outputs, { width, height }) => fromPlanes(outputs.result, width, height),
 * };
 * // The real ones: lama512Adapter, lama4chAdapter(), miganAdapter in native/inference/adapters.ts.
 */
export interface Adapter<State = unknown> {
  readonly family: InpaintFamily;
  /**
   * The model takes one fixed square size: grow the crop towards a square (inside the image) so
   * resizing to that size does not stretch it.
   */
  readonly squareCrop?: boolean;
  /**
   * `crop` is the image around the hole; `mask` the same area of the artboard mask (0 = keep,
   * 255 = fill, values between are soft edges; any value above 0 is part of the hole).
   */
  prepare(crop: RgbaImage, mask: Mask): Prepared<State>;
  /** The filled crop, the same size as the crop `prepare` was given; alpha is ignored. */
  finish(outputs: Tensors, state: State): RgbaImage;
}

export interface Prepared<State = unknown> {
  feeds: Tensors;
  /** Whatever `finish` needs to undo the pre-processing (sizes, padding). */
  state: State;
}

/** Runs the model on the feeds; the provider is reported by the run because it may fall back mid-run. */
export type RunModel = (feeds: Tensors) => Promise<{ outputs: Tensors; provider: ExecutionProviderName }>;

export interface FillOptions {
  /** Context around the hole given to the model, in image pixels. Default 128. */
  margin?: number;
  /** How far the blend fades out beyond the hole, in pixels (see featherMask). Default 8. */
  feather?: number;
  /** Progress 0..1 and a stage name, as JobContext.progress takes them. */
  onProgress?: (fraction: number, stage: string) => void;
  /** Checked between stages; a running model cannot be interrupted (cancel kills the job process). */
  signal?: AbortSignal;
}

/** Milliseconds spent in each part: the benchmark's adapter_overhead_pct is (pre + post) / total. */
export interface FillTimings {
  preMs: number;
  runMs: number;
  postMs: number;
}

export interface FillResult {
  /** A new full-size image; the input is not modified. */
  image: RgbaImage;
  /** The region that was given to the model; nothing outside it changed. */
  box: Rect;
  timings: FillTimings;
  provider: ExecutionProviderName;
}

export const DEFAULT_FILL_MARGIN = 128;
export const DEFAULT_FILL_FEATHER = 8;

/**
 * The shared fill: crop the hole with `margin` pixels of context → adapter.prepare → run →
 * adapter.finish → blend into a copy of the image through the blend mask, max(mask, featherMask
 * (mask, feather)). The hole itself takes the model's pixels, the feather fades them out beyond
 * it, and every pixel where the blend mask is 0 is byte-identical to the input.
 *
 * @example
 * const { image: filled, provider, timings } = await runFill(image, mask, adapterFor('lama-512'),
 *   (feeds) => cache.run(modelPath, providers, feeds), { onProgress: ctx.progress });
 */
export async function runFill<State>(
  image: RgbaImage,
  mask: Mask,
  adapter: Adapter<State>,
  run: RunModel,
  options: FillOptions = {},
): Promise<FillResult> {
  const { margin = DEFAULT_FILL_MARGIN, feather = DEFAULT_FILL_FEATHER, onProgress, signal } = options;
  requireImageAndMask(image, mask);
  requireAmount('margin', margin);
  requireAmount('feather', feather);
  signal?.throwIfAborted();

  const start = performance.now();
  onProgress?.(0, 'preparing');
  // The crop must hold the whole feather, so feathering the crop gives what feathering the whole
  // mask would (beyond the image's edges both repeat the edge pixels).
  let box = maskCrop(mask, Math.max(margin, featherReach(feather)));
  if (box === null) {
    throw new StudioError('invalid_argument', 'the mask is empty: paint over the area to fill first');
  }
  if (adapter.squareCrop) box = growToSquare(box, image.width, image.height);
  const crop = cropImage(image, box);
  const holes = cropMask(mask, box);
  const { blend, region } = featheredBlend(holes, feather);
  const prepared = adapter.prepare(crop, holes);
  const preparedAt = performance.now();

  signal?.throwIfAborted();
  onProgress?.(0.1, 'running');
  const { outputs, provider } = await run(prepared.feeds);
  const ranAt = performance.now();

  signal?.throwIfAborted();
  onProgress?.(0.9, 'blending');
  const filled = adapter.finish(outputs, prepared.state);
  if (filled.width !== crop.width || filled.height !== crop.height) {
    throw new Error(
      `the ${adapter.family} adapter returned ${filled.width}×${filled.height} pixels for a ${crop.width}×${crop.height} crop`,
    );
  }
  // One bulk copy of the input; only the blend region is then written.
  const result: RgbaImage = { width: image.width, height: image.height, data: image.data.slice() };
  if (region) blendInto(result, filled, blend, box, region);
  const doneAt = performance.now();
  onProgress?.(1, 'done');

  return {
    image: result,
    box,
    timings: { preMs: preparedAt - start, runMs: ranAt - preparedAt, postMs: doneAt - ranAt },
    provider,
  };
}

/**
 * How much of each filled pixel replaces the original: the mask itself inside the hole, and the
 * feathered mask fading out around it. Soft brush edges stay soft; the feather only reaches out.
 */
export function blendMask(mask: Mask, feather: number): Mask {
  return featheredBlend(mask, feather).blend;
}

/**
 * {@link blendMask}, and the part of the mask where it can be above 0. Only that part is feathered:
 * the box around the marked pixels grown by {@link featherReach}, where the blur's window meets
 * nothing but zeros at the part's edges, just as it does feathering the whole mask (and at the
 * mask's own edges both repeat the edge pixels). Null when nothing is marked.
 */
function featheredBlend(mask: Mask, feather: number): { blend: Mask; region: Rect | null } {
  if (typeof feather !== 'number' || !Number.isFinite(feather) || feather < 0) {
    throw new Error(`featherMask: radius must be a finite number ≥ 0, got ${String(feather)}`);
  }
  const region = maskCrop(mask, featherReach(feather));
  if (region === null) {
    return {
      blend: { width: mask.width, height: mask.height, data: new Uint8Array(mask.data.length) },
      region: null,
    };
  }
  const part = cropMask(mask, region);
  const soft = featherMask(part, feather).data;
  const hard = part.data;
  for (let k = 0; k < soft.length; k++) if (hard[k]! > soft[k]!) soft[k] = hard[k]!;
  const blend: Mask = { width: mask.width, height: mask.height, data: new Uint8Array(mask.data.length) };
  for (let row = 0; row < region.height; row++) {
    blend.data.set(
      soft.subarray(row * region.width, (row + 1) * region.width),
      (region.y + row) * mask.width + region.x,
    );
  }
  return { blend, region };
}

/**
 * How far featherMask spreads a pixel: three box blurs for a Gaussian of deviation radius / 2, each
 * box at most √(radius² + 1) + 2 wide. An upper bound, with a pixel to spare.
 */
export function featherReach(feather: number): number {
  if (feather === 0) return 0;
  return Math.ceil(1.5 * (Math.sqrt(feather * feather + 1) + 1)) + 1;
}

/** Grows the shorter side towards the longer one, centred, shifted to stay inside the image. */
export function growToSquare(box: Rect, imageWidth: number, imageHeight: number): Rect {
  const side = Math.min(Math.max(box.width, box.height), imageWidth, imageHeight);
  const grow = (start: number, length: number, limit: number): [number, number] => {
    if (length >= side) return [start, length];
    let from = start - Math.floor((side - length) / 2);
    from = Math.max(0, Math.min(from, limit - side));
    return [from, side];
  };
  const [x, width] = grow(box.x, box.width, imageWidth);
  const [y, height] = grow(box.y, box.height, imageHeight);
  return { x, y, width, height };
}

/**
 * RGBA: out = original × (255 − a) / 255 + fill × a / 255, rounded; a = 0 keeps the bytes. `region`
 * (in crop coordinates) holds every pixel of the blend mask above 0; nothing outside it is read.
 */
function blendInto(image: RgbaImage, fill: RgbaImage, blend: Mask, box: Rect, region: Rect): void {
  const data = image.data;
  const src = fill.data;
  const alpha = blend.data;
  for (let y = region.y; y < region.y + region.height; y++) {
    let k = y * box.width + region.x;
    let from = k * 4;
    let to = ((box.y + y) * image.width + box.x + region.x) * 4;
    for (let x = 0; x < region.width; x++, k++, from += 4, to += 4) {
      const a = alpha[k]!;
      if (a === 0) continue;
      if (a === 255) {
        data[to] = src[from]!;
        data[to + 1] = src[from + 1]!;
        data[to + 2] = src[from + 2]!;
        data[to + 3] = 255;
        continue;
      }
      const keep = 255 - a;
      data[to] = Math.round((data[to]! * keep + src[from]! * a) / 255);
      data[to + 1] = Math.round((data[to + 1]! * keep + src[from + 1]! * a) / 255);
      data[to + 2] = Math.round((data[to + 2]! * keep + src[from + 2]! * a) / 255);
      // The fill is opaque: a filled hole in a transparent area becomes visible.
      data[to + 3] = Math.round((data[to + 3]! * keep + 255 * a) / 255);
    }
  }
}

function requireImageAndMask(image: RgbaImage, mask: Mask): void {
  const imageOk =
    typeof image === 'object' &&
    image !== null &&
    image.data instanceof Uint8ClampedArray &&
    Number.isInteger(image.width) &&
    Number.isInteger(image.height) &&
    image.width >= 1 &&
    image.height >= 1 &&
    image.data.length === image.width * image.height * 4;
  if (!imageOk) {
    throw new StudioError('invalid_argument', 'the image must be RGBA pixels: width × height × 4 bytes');
  }
  const maskOk =
    typeof mask === 'object' &&
    mask !== null &&
    mask.data instanceof Uint8Array &&
    mask.data.length === mask.width * mask.height;
  if (!maskOk) throw new StudioError('invalid_argument', 'the mask must be width × height bytes');
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new StudioError(
      'invalid_argument',
      `the mask is ${mask.width}×${mask.height} but the image is ${image.width}×${image.height}`,
    );
  }
}

function requireAmount(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 4096) {
    throw new StudioError(
      'invalid_argument',
      `${name} must be a number of pixels from 0 to 4096, got ${String(value)}`,
    );
  }
}
