import { StudioError } from '../api/errors';
import type { ExecutionProviderName } from '../api/schemas';
import { maskBounds } from '../compose/mask-ops';
import { createImage, type Mask, type RgbaImage } from '../inpaint/image';
import { runFill, type Adapter, type FillOptions, type FillResult } from '../inpaint/pipeline';
import { resampleRows, type PixelSource } from '../inpaint/resize';
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
    const image = new Float32Array(3 * pixels);
    const holes = new Float32Array(pixels);
    // Resized, thresholded, scaled and packed one output row at a time: no full-size copies.
    resampleRows(rgbAndMask(crop, mask), width, height, size, size, (y, row) => {
      const at = y * size;
      for (let x = 0; x < size; x++) {
        // The hole stays 0 in the image (as allocated).
        if (row[3 * size + x]! >= HOLE_AT) holes[at + x] = 1;
        else {
          image[at + x] = row[x]! / 255;
          image[pixels + at + x] = row[size + x]! / 255;
          image[2 * pixels + at + x] = row[2 * size + x]! / 255;
        }
      }
    });
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
    const out = createImage(width, height);
    // Already 0..255: resized as it is and rounded, never scaled.
    resampleRows(
      rgbPlanes(output.data as Float32Array, size, size, size),
      size,
      size,
      width,
      height,
      (y, row) => writeRgbaRow(out, y, row, 1),
    );
    return out;
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
      const plane = paddedWidth * paddedHeight;
      const input = new Float32Array(4 * plane);
      // The last row, before masking: the padding below the crop repeats it and is never a hole.
      const last = new Float32Array(4 * scaledWidth);
      resampleRows(rgbAndMask(crop, mask), width, height, scaledWidth, scaledHeight, (y, row) => {
        writePaddedRow(input, plane, y * paddedWidth, row, scaledWidth, paddedWidth, true);
        if (y === scaledHeight - 1) last.set(row);
      });
      for (let y = scaledHeight; y < paddedHeight; y++) {
        writePaddedRow(input, plane, y * paddedWidth, last, scaledWidth, paddedWidth, false);
      }
      return {
        feeds: { input: { type: 'float32', data: input, dims: [1, 4, paddedHeight, paddedWidth] } },
        state: { width, height, scaledWidth, scaledHeight, paddedWidth, paddedHeight },
      };
    },
    finish(outputs, state) {
      const { width, height, scaledWidth, scaledHeight, paddedWidth, paddedHeight } = state;
      const output = readOutput(outputs, 'lama-4ch', 'output', 'float32', [1, 3, paddedHeight, paddedWidth]);
      const out = createImage(width, height);
      // Read around the padding in place, and back to the crop's size.
      const planes = rgbPlanes(output.data as Float32Array, paddedWidth, paddedHeight, paddedWidth);
      resampleRows(planes, scaledWidth, scaledHeight, width, height, (y, row) =>
        writeRgbaRow(out, y, row, 255),
      );
      return out;
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

/** The crop's red, green and blue, then the mask: the four channels the LaMa adapters resize. */
function rgbAndMask(crop: RgbaImage, mask: Mask): PixelSource[] {
  // The hole is usually a small part of the crop: the mask is only filtered around it.
  const nonZero = maskBounds(mask, 1) ?? { x: 0, y: 0, width: 0, height: 0 };
  return [
    { data: crop.data, channels: 3, offset: 0, pixelStride: 4, channelStride: 1, rowStride: crop.width * 4 },
    {
      data: mask.data,
      channels: 1,
      offset: 0,
      pixelStride: 1,
      channelStride: 0,
      rowStride: mask.width,
      nonZero,
    },
  ];
}

/** The first three planes of a CHW tensor whose planes are `width` × `height` with rows `rowStride` apart. */
function rgbPlanes(data: Float32Array, width: number, height: number, rowStride: number): PixelSource[] {
  return [{ data, channels: 3, offset: 0, pixelStride: 1, channelStride: width * height, rowStride }];
}

/**
 * One row of RGB (channel after channel, `image.width` each) times `scale`, rounded and clamped
 * to 0..255, into row `y` of `image` as opaque pixels.
 */
function writeRgbaRow(image: RgbaImage, y: number, row: Float32Array, scale: number): void {
  const { width, data } = image;
  let to = y * width * 4;
  for (let x = 0; x < width; x++, to += 4) {
    data[to] = toByte(row[x]! * scale);
    data[to + 1] = toByte(row[width + x]! * scale);
    data[to + 2] = toByte(row[2 * width + x]! * scale);
    data[to + 3] = 255;
  }
}

/**
 * Math.round clamped to 0..255, NaN as 0: several times faster than Math.round into a
 * Uint8ClampedArray. Adding 0.5 and truncating only differs from Math.round just below 0.5
 * (where the sum rounds up to 1), and those values take the branch to 0.
 */
function toByte(v: number): number {
  return v >= 255 ? 255 : v >= 0.5 ? (v + 0.5) | 0 : 0;
}

/**
 * One row of the 4-channel LaMa input from a resized row of RGB and mask (`width` each), padded to
 * `paddedWidth` with its last pixel, unmasked and not a hole. `masked`: zero the RGB where the
 * mask makes a hole and mark it 1; otherwise (the padding rows) the row is copied as it is.
 */
function writePaddedRow(
  input: Float32Array,
  plane: number,
  at: number,
  row: Float32Array,
  width: number,
  paddedWidth: number,
  masked: boolean,
): void {
  for (let x = 0; x < width; x++) {
    if (masked && row[3 * width + x]! >= HOLE_AT) {
      input[3 * plane + at + x] = 1;
    } else {
      input[at + x] = row[x]! / 255;
      input[plane + at + x] = row[width + x]! / 255;
      input[2 * plane + at + x] = row[2 * width + x]! / 255;
    }
  }
  for (let c = 0; c < 3; c++) {
    const edge = row[c * width + width - 1]! / 255;
    input.fill(edge, c * plane + at + width, c * plane + at + paddedWidth);
  }
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
