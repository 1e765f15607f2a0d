import { StudioError } from '../api/errors';
import type { ExecutionProviderName } from '../api/schemas';
import { createImage, type Mask, type RgbaImage } from '../inpaint/image';
import { runFill, type Adapter, type FillOptions, type FillResult } from '../inpaint/pipeline';
import { resizePlanes } from '../inpaint/resize';
import { DEFAULT_PROVIDER_ORDER, type ProviderFallback, type SessionCache } from './sessions';
import {
  checkSignature,
  recogniseFamily,
  type ElementType,
  type InpaintFamily,
  type TensorData,
  type Tensors,
} from './signatures';

/** The one size the fixed LaMa export takes. */
export const LAMA_SIZE = 512;
/** Dynamic LaMa exports need sides that are multiples of this. */
export const LAMA_MULTIPLE = 32;
/** Longest side a crop is given to the 4-channel LaMa at; larger crops are shrunk first. */
export const DEFAULT_LAMA_MAX_SIDE = 1024;

/**
 * A mask value (0..255, possibly resampled) at or above this is part of the hole the model
 * fills; every painted pixel counts, so soft brush edges are regenerated and then blended.
 */
const HOLE_AT = 0.5;

interface ResizeState {
  /** The crop's size, which `finish` must give back. */
  width: number;
  height: number;
}

/**
 * LaMa, fixed 512 export: `image` float32 [1,3,512,512] RGB 0..1 (the hole zeroed), `mask`
 * float32 [1,1,512,512] with 1 = hole; `output` float32 RGB in 0..255. The crop is resized to
 * 512 × 512 and the output back to the crop's size.
 */
export const lama512Adapter: Adapter<ResizeState> = {
  family: 'lama-512',
  squareCrop: true,
  prepare(crop, mask) {
    const { width, height } = crop;
    const size = LAMA_SIZE;
    const pixels = size * size;
    const rgb = resizePlanes(toPlanes(crop), 3, width, height, size, size);
    const hole = resizePlanes(Float32Array.from(mask.data), 1, width, height, size, size);
    const image = new Float32Array(3 * pixels);
    const holes = new Float32Array(pixels);
    for (let k = 0; k < pixels; k++) {
      const isHole = hole[k]! >= HOLE_AT;
      holes[k] = isHole ? 1 : 0;
      for (let c = 0; c < 3; c++) image[c * pixels + k] = isHole ? 0 : rgb[c * pixels + k]! / 255;
    }
    return {
      feeds: {
        image: { type: 'float32', data: image, dims: [1, 3, size, size] },
        mask: { type: 'float32', data: holes, dims: [1, 1, size, size] },
      },
      state: { width, height },
    };
  },
  finish(outputs, { width, height }) {
    const size = LAMA_SIZE;
    const output = readOutput(outputs, 'lama-512', 'output', 'float32', [1, 3, size, size]);
    // Already 0..255: resized as it is and rounded, never scaled.
    const back = resizePlanes(output.data as Float32Array, 3, size, size, width, height);
    return fromPlanes(back, width, height, 1);
  },
};

interface PaddedState extends ResizeState {
  /** The crop after shrinking to the longest side allowed. */
  scaledWidth: number;
  scaledHeight: number;
  /** The model's input: the scaled crop padded to multiples of 32. */
  paddedWidth: number;
  paddedHeight: number;
}

/**
 * LaMa, 4-channel export: `input` float32 [1,4,H,W] (RGB 0..1 with the hole zeroed, then the
 * mask, 1 = hole), `output` float32 [1,3,H,W] RGB 0..1, H and W multiples of 32. A crop longer
 * than `maxSide` is shrunk first; the padding repeats the crop's edge pixels and is never a hole.
 */
export function lama4chAdapter(options: { maxSide?: number } = {}): Adapter<PaddedState> {
  const maxSide = options.maxSide ?? DEFAULT_LAMA_MAX_SIDE;
  if (!Number.isInteger(maxSide) || maxSide < LAMA_MULTIPLE) {
    throw new StudioError(
      'invalid_argument',
      `maxSide must be a whole number ≥ ${LAMA_MULTIPLE}, got ${String(maxSide)}`,
    );
  }
  return {
    family: 'lama-4ch',
    prepare(crop, mask) {
      const { width, height } = crop;
      const scale = Math.min(1, maxSide / Math.max(width, height));
      const scaledWidth = Math.max(1, Math.round(width * scale));
      const scaledHeight = Math.max(1, Math.round(height * scale));
      const paddedWidth = Math.ceil(scaledWidth / LAMA_MULTIPLE) * LAMA_MULTIPLE;
      const paddedHeight = Math.ceil(scaledHeight / LAMA_MULTIPLE) * LAMA_MULTIPLE;
      const rgb = resizePlanes(toPlanes(crop), 3, width, height, scaledWidth, scaledHeight);
      const hole = resizePlanes(Float32Array.from(mask.data), 1, width, height, scaledWidth, scaledHeight);
      const planeIn = scaledWidth * scaledHeight;
      const plane = paddedWidth * paddedHeight;
      const input = new Float32Array(4 * plane);
      for (let y = 0; y < paddedHeight; y++) {
        const sy = Math.min(y, scaledHeight - 1);
        for (let x = 0; x < paddedWidth; x++) {
          const sx = Math.min(x, scaledWidth - 1);
          const from = sy * scaledWidth + sx;
          const to = y * paddedWidth + x;
          const inside = x < scaledWidth && y < scaledHeight;
          const isHole = inside && hole[from]! >= HOLE_AT;
          for (let c = 0; c < 3; c++) input[c * plane + to] = isHole ? 0 : rgb[c * planeIn + from]! / 255;
          input[3 * plane + to] = isHole ? 1 : 0;
        }
      }
      return {
        feeds: { input: { type: 'float32', data: input, dims: [1, 4, paddedHeight, paddedWidth] } },
        state: { width, height, scaledWidth, scaledHeight, paddedWidth, paddedHeight },
      };
    },
    finish(outputs, state) {
      const { width, height, scaledWidth, scaledHeight, paddedWidth, paddedHeight } = state;
      const output = readOutput(outputs, 'lama-4ch', 'output', 'float32', [1, 3, paddedHeight, paddedWidth]);
      const data = output.data as Float32Array;
      // Drop the padding, then back to the crop's size.
      const plane = paddedWidth * paddedHeight;
      const planeOut = scaledWidth * scaledHeight;
      const unpadded = new Float32Array(3 * planeOut);
      for (let c = 0; c < 3; c++) {
        for (let y = 0; y < scaledHeight; y++) {
          const from = c * plane + y * paddedWidth;
          unpadded.set(data.subarray(from, from + scaledWidth), c * planeOut + y * scaledWidth);
        }
      }
      const back = resizePlanes(unpadded, 3, scaledWidth, scaledHeight, width, height);
      return fromPlanes(back, width, height, 255);
    },
  };
}

/**
 * MI-GAN pipeline export: `image` uint8 [1,3,H,W] RGB, `mask` uint8 [1,1,H,W] with 255 = keep and
 * 0 = hole (the opposite of the artboard mask); `result` uint8 [1,3,H,W], already blended inside
 * the graph. Any size: the graph crops and resizes itself.
 */
export const miganAdapter: Adapter<ResizeState> = {
  family: 'migan',
  prepare(crop, mask) {
    const { width, height } = crop;
    const plane = width * height;
    const image = new Uint8Array(3 * plane);
    const keep = new Uint8Array(plane);
    for (let k = 0; k < plane; k++) {
      for (let c = 0; c < 3; c++) image[c * plane + k] = crop.data[k * 4 + c]!;
      keep[k] = mask.data[k]! >= HOLE_AT ? 0 : 255;
    }
    return {
      feeds: {
        image: { type: 'uint8', data: image, dims: [1, 3, height, width] },
        mask: { type: 'uint8', data: keep, dims: [1, 1, height, width] },
      },
      state: { width, height },
    };
  },
  finish(outputs, { width, height }) {
    const result = readOutput(outputs, 'migan', 'result', 'uint8', [1, 3, height, width]);
    const data = result.data as Uint8Array;
    const plane = width * height;
    const out = createImage(width, height);
    for (let k = 0; k < plane; k++) {
      out.data[k * 4] = data[k]!;
      out.data[k * 4 + 1] = data[plane + k]!;
      out.data[k * 4 + 2] = data[2 * plane + k]!;
      out.data[k * 4 + 3] = 255;
    }
    return out;
  },
};

export interface AdapterOptions {
  /** lama-4ch: longest side given to the model (default 1024). */
  maxSide?: number;
}

/** The adapter for a family (STYLE 4: a new family is a compile error here until it has one). */
export function adapterFor(family: InpaintFamily, options: AdapterOptions = {}): Adapter<unknown> {
  switch (family) {
    case 'lama-512':
      return lama512Adapter as Adapter<unknown>;
    case 'lama-4ch':
      return lama4chAdapter(options) as Adapter<unknown>;
    case 'migan':
      return miganAdapter as Adapter<unknown>;
  }
}

export interface ModelFillOptions extends FillOptions, AdapterOptions {
  modelPath: string;
  /** When given, the model is checked against it; otherwise its family is recognised from its signature. */
  family?: InpaintFamily;
  /** Tried in order (default cuda, dml, coreml, cpu). */
  providers?: readonly ExecutionProviderName[];
  cache: SessionCache;
}

export interface ModelFillResult extends FillResult {
  family: InpaintFamily;
  /** Providers asked for that did not run, and why (for the log and the models panel). */
  fallbacks: ProviderFallback[];
  /** Loading the model, or 0 when the cache had it; not part of the fill's timings. */
  loadMs: number;
}

/**
 * Fills the mask with a learned model: loads it (cached), checks or recognises its family, and
 * runs the shared pipeline with that family's adapter.
 *
 * @example
 * const result = await inpaintWithModel(image, mask, {
 *   modelPath: '/models/lama_fp32.onnx', cache, providers: settings.preferredProviders,
 *   onProgress: (f, stage) => ctx.progress(f, stage),
 * });
 * log({ provider: result.provider, ...result.timings });
 */
export async function inpaintWithModel(
  image: RgbaImage,
  mask: Mask,
  options: ModelFillOptions,
): Promise<ModelFillResult> {
  const { modelPath, cache, providers = DEFAULT_PROVIDER_ORDER, family: asked, maxSide, ...fill } = options;
  fill.signal?.throwIfAborted();
  fill.onProgress?.(0, 'loading model');
  const loadStart = performance.now();
  const opened = await cache.open(modelPath, providers);
  const loadMs = performance.now() - loadStart;
  let family: InpaintFamily;
  if (asked === undefined) {
    family = recogniseFamily(opened.session, opened.path);
  } else {
    checkSignature(asked, opened.session, opened.path);
    family = asked;
  }
  const adapter = adapterFor(family, maxSide === undefined ? {} : { maxSide });
  const result = await runFill(image, mask, adapter, (feeds) => cache.run(modelPath, providers, feeds), fill);
  return { ...result, family, fallbacks: opened.fallbacks, loadMs };
}

/** RGB of an RGBA image as three float planes, 0..255. */
function toPlanes(image: RgbaImage): Float32Array {
  const plane = image.width * image.height;
  const out = new Float32Array(3 * plane);
  for (let k = 0; k < plane; k++) {
    out[k] = image.data[k * 4]!;
    out[plane + k] = image.data[k * 4 + 1]!;
    out[2 * plane + k] = image.data[k * 4 + 2]!;
  }
  return out;
}

/** Three float planes times `scale`, rounded and clamped to 0..255, as opaque RGBA. */
function fromPlanes(planes: Float32Array, width: number, height: number, scale: number): RgbaImage {
  const plane = width * height;
  const out = createImage(width, height);
  for (let k = 0; k < plane; k++) {
    // Uint8ClampedArray clamps (and turns NaN into 0); the rounding is ours.
    out.data[k * 4] = Math.round(planes[k]! * scale);
    out.data[k * 4 + 1] = Math.round(planes[plane + k]! * scale);
    out.data[k * 4 + 2] = Math.round(planes[2 * plane + k]! * scale);
    out.data[k * 4 + 3] = 255;
  }
  return out;
}

/** The named output, of the type and exact dims the family's signature promises, or a clear error. */
function readOutput(
  outputs: Tensors,
  family: InpaintFamily,
  name: string,
  type: ElementType,
  dims: readonly number[],
): TensorData {
  const tensor = outputs[name];
  if (tensor === undefined) {
    const names =
      Object.keys(outputs)
        .map((n) => `"${n}"`)
        .join(', ') || 'none';
    throw new StudioError(
      'job_failed',
      `the ${family} model returned no output "${name}" (it returned ${names})`,
    );
  }
  const sameDims = tensor.dims.length === dims.length && tensor.dims.every((d, i) => d === dims[i]);
  if (tensor.type !== type || !sameDims) {
    throw new StudioError(
      'job_failed',
      `output "${name}" of the ${family} model: expected ${type} [${dims.join(',')}], ` +
        `found ${tensor.type} [${tensor.dims.join(',')}]`,
    );
  }
  const expected = dims.reduce((a, b) => a * b, 1);
  if (tensor.data.length !== expected) {
    throw new StudioError(
      'job_failed',
      `output "${name}" of the ${family} model holds ${tensor.data.length} values, expected ${expected}`,
    );
  }
  return tensor;
}
