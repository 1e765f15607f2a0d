/**
 * Prompt-guided fill and text-to-image on top of the pipeline, with the shared shape of every fill
 * (MODELS.md): crop the hole with a margin of context → resize the crop to a generation size →
 * generate → resize back → blend into a copy of the image through the feathered mask. Pixels where
 * the blend mask is 0 (everything outside the hole and its feather) are byte-identical to the input.
 */
import { StudioError } from '../../api/errors';
import { cropMask, maskCrop, type Mask, type Rect, type RgbaImage } from '../../inpaint/image';
import { blendMask, DEFAULT_FILL_FEATHER, DEFAULT_FILL_MARGIN, featherReach } from '../../inpaint/pipeline';
import { resampleRows } from '../../inpaint/resize';
import type { DiffusionModel, DiffusionRequest, DiffusionResult } from './pipeline';
import { coverResize, generationSize, resizeRegion } from './sizes';

/** What a fill takes besides the image and mask: the generation settings, less the sizes. */
export type DiffusionFillOptions = Omit<DiffusionRequest, 'width' | 'height' | 'image' | 'mask'> & {
  /** Context around the hole given to the model, in image pixels (default 128). */
  margin?: number;
  /** How far the blend fades out beyond the hole, in pixels (default 8). */
  feather?: number;
};

export interface DiffusionFillResult {
  /** One new full-size image per variant; the input is not modified. */
  images: RgbaImage[];
  /** The region given to the model; nothing outside it changed. */
  box: Rect;
  /** The generation's own result: sizes, seeds, providers, timings, the crops as generated. */
  generation: DiffusionResult;
}

/**
 * Fills the mask with a diffusion model (see the file header), `variants` fills at once sharing
 * one text encoding and one VAE encoding of the crop.
 *
 * @example
 * const model = await openDiffusionModel(dir, { providers });
 * const { images, generation } = await inpaintWithDiffusion(model, image, mask, {
 *   prompt: 'a potted plant', steps: 25, guidanceScale: 7.5, seed: 3, variants: 4, signal,
 *   onProgress: (p) => ctx.progress(p.fraction, p.stage),
 * });
 */
export async function inpaintWithDiffusion(
  model: DiffusionModel,
  image: RgbaImage,
  mask: Mask,
  options: DiffusionFillOptions,
): Promise<DiffusionFillResult> {
  const { margin = DEFAULT_FILL_MARGIN, feather = DEFAULT_FILL_FEATHER, ...settings } = options;
  requireImageAndMask(image, mask);
  for (const [name, value] of [
    ['margin', margin],
    ['feather', feather],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 4096) {
      throw new StudioError(
        'invalid_argument',
        `${name} must be a number of pixels from 0 to 4096, got ${String(value)}`,
        name,
      );
    }
  }
  // The crop holds the whole feather, so feathering the crop's mask is feathering the whole mask.
  const box = maskCrop(mask, Math.max(margin, featherReach(feather)));
  if (box === null) {
    throw new StudioError('invalid_argument', 'the mask is empty: paint over the area to fill first', 'mask');
  }
  const size = generationSize(box.width, box.height);
  const crop = resizeRegion(image, box, size.width, size.height);
  const holes = cropMask(mask, box);
  const generation = await model.generate({
    ...settings,
    width: size.width,
    height: size.height,
    image: crop,
    mask: resizeMask(holes, size.width, size.height),
  });
  const blend = blendMask(holes, feather);
  const images = generation.images.map((generated) => {
    const back = resizeRegion(
      generated,
      { x: 0, y: 0, width: size.width, height: size.height },
      box.width,
      box.height,
    );
    return blendInto(image, back, blend, box);
  });
  return { images, box, generation };
}

/**
 * Text to image at any size: generated at {@link generationSize} and scaled to cover `width` ×
 * `height` (centred; a sliver is cut where the aspect could not be matched exactly).
 *
 * @example
 * const frame = await generateImage(turbo, {
 *   prompt: 'a lighthouse at dusk', width: 1920, height: 1080,
 *   steps: 1, guidanceScale: 0, spacing: 'trailing', seed: 5,
 * });
 * frame.images[0]; // 1920×1080
 */
export async function generateImage(
  model: DiffusionModel,
  request: Omit<DiffusionRequest, 'image' | 'mask' | 'strength'>,
): Promise<{ images: RgbaImage[]; generation: DiffusionResult }> {
  const { width, height } = request;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width > 16384 ||
    height > 16384
  ) {
    throw new StudioError(
      'invalid_argument',
      `the picture size must be whole pixels from 1 to 16384 per side, got ${String(width)}×${String(height)}`,
    );
  }
  const size = generationSize(width, height);
  const generation = await model.generate({ ...request, width: size.width, height: size.height });
  const images = generation.images.map((generated) =>
    generated.width === width && generated.height === height
      ? generated
      : coverResize(generated, width, height),
  );
  return { images, generation };
}

/** The mask resized with the same filter as the image; any value above 0 stays part of the hole. */
function resizeMask(mask: Mask, width: number, height: number): Mask {
  const data = new Uint8Array(width * height);
  const source = {
    data: mask.data,
    channels: 1,
    offset: 0,
    pixelStride: 1,
    channelStride: 0,
    rowStride: mask.width,
  };
  resampleRows([source], mask.width, mask.height, width, height, (y, row) => {
    for (let x = 0; x < width; x++) {
      const v = row[x]!;
      data[y * width + x] = v > 0 && v < 1 ? 1 : Math.min(255, Math.round(v));
    }
  });
  return { width, height, data };
}

/**
 * A copy of `image` with `fill` (the box's size) blended in: out = image × (255 − a)/255 + fill × a/255
 * with a from `blend` (the box's size), rounded; a = 0 keeps the bytes, and the fill is opaque.
 */
function blendInto(image: RgbaImage, fill: RgbaImage, blend: Mask, box: Rect): RgbaImage {
  const out: RgbaImage = { width: image.width, height: image.height, data: image.data.slice() };
  const data = out.data;
  const src = fill.data;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const k = y * box.width + x;
      const a = blend.data[k]!;
      if (a === 0) continue;
      const from = k * 4;
      const to = ((box.y + y) * image.width + box.x + x) * 4;
      const keep = 255 - a;
      for (let c = 0; c < 3; c++)
        data[to + c] = Math.round((data[to + c]! * keep + src[from + c]! * a) / 255);
      data[to + 3] = Math.round((data[to + 3]! * keep + 255 * a) / 255);
    }
  }
  return out;
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
  if (!imageOk)
    throw new StudioError(
      'invalid_argument',
      'the image must be RGBA pixels: width × height × 4 bytes',
      'image',
    );
  const maskOk =
    typeof mask === 'object' &&
    mask !== null &&
    mask.data instanceof Uint8Array &&
    mask.data.length === mask.width * mask.height;
  if (!maskOk) throw new StudioError('invalid_argument', 'the mask must be width × height bytes', 'mask');
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new StudioError(
      'invalid_argument',
      `the mask is ${mask.width}×${mask.height} but the image is ${image.width}×${image.height}`,
      'mask',
    );
  }
}
