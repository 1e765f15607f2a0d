import sharp from 'sharp';
import { StudioError } from '../api/errors';
import type { JobDefinition } from '../jobs/definition';
import { createMask, type Mask } from '../compose/mask-ops';
import { renderArtboard } from '../media/export-image-job';
import { fillClassical } from './classical';
import { cropImage, HOLE, maskCrop, type Rect, type RgbaImage } from './image';
import { encodePng } from './files';
import { inpaintWithModel } from '../inference/adapters';
import { SessionCache } from '../inference/sessions';

/** Models stay loaded between fills in the job process (a killed process takes them with it). */
const sessions = new SessionCache({ capacity: 2 });

/** The artboard's mask PNG as coverage at the artboard's size (a mask from before a resize is scaled). */
export async function decodeMask(bytes: Uint8Array, width: number, height: number): Promise<Mask> {
  let data: Buffer;
  try {
    data = await sharp(bytes)
      .flatten({ background: '#000000' })
      .greyscale()
      .resize(width, height, { fit: 'fill' })
      .raw()
      .toBuffer();
  } catch (error) {
    throw new StudioError('invalid_argument', `the mask could not be read: ${(error as Error).message}`);
  }
  const mask = createMask(width, height);
  const channels = data.byteLength / (width * height);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = data[i * channels]!;
  return mask;
}

/**
 * The layer a variant becomes: the fill itself over the mask's box, as strong as the mask asks.
 * The engines return the fill already blended into the picture (src + (fill − src)·a where the
 * mask is at least half on), so the fill is taken back out of that blend here; the layer's alpha
 * is then a × the fill's own alpha, and composited over the source it gives that blend once.
 * Where the mask is under half, the engines leave the picture alone: nothing of the layer shows.
 */
export function variantOf(source: RgbaImage, filled: RgbaImage, mask: Mask, box: Rect): RgbaImage {
  const out = cropImage(filled, box);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const m = mask.data[(box.y + y) * source.width + box.x + x]!;
      const o = (y * box.width + x) * 4;
      if (m < HOLE) {
        out.data[o + 3] = 0;
        continue;
      }
      const a = m / 255;
      const s = ((box.y + y) * source.width + box.x + x) * 4;
      for (let c = 0; c < 4; c++) {
        const src = source.data[s + c]!;
        out.data[o + c] = src + (filled.data[s + c]! - src) / a; // clamped by the typed array
      }
      out.data[o + 3] = Math.round(a * out.data[o + 3]!);
    }
  }
  return out;
}

/**
 * Generative fill of an artboard's mask, one variant per seed: the artboard as it is seen is
 * drawn, the masked part filled, and each variant returned as the mask's box, its pixels
 * transparent wherever the mask keeps the picture — ready to become a layer over the source.
 */
export const inpaintJob: JobDefinition<'inpaint'> = {
  kind: 'inpaint',
  async run({ document, canvasId, images, mask: maskPng, engine, model, seeds }, ctx) {
    const canvas = await renderArtboard(document, canvasId, images, 1, (f) =>
      ctx.progress(0.1 * f, 'drawing'),
    );
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height);
    const image: RgbaImage = { width, height, data: new Uint8ClampedArray(pixels.data) };
    const mask = await decodeMask(maskPng, width, height);
    const box = maskCrop(mask, 0);
    if (!box) throw new StudioError('invalid_argument', 'the mask is empty: paint the area to fill first');
    if (model) {
      // A learned model is deterministic: one variant, whatever the seeds.
      const started = performance.now();
      const result = await inpaintWithModel(image, mask, {
        modelPath: model.path,
        family: model.family,
        providers: model.providers,
        cache: sessions,
        onProgress: (f, stage) => ctx.progress(0.1 + 0.85 * f, stage),
      });
      const png = await encodePng(variantOf(image, result.image, mask, box));
      ctx.progress(1, 'done');
      return {
        box,
        variants: [
          {
            png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
            seed: seeds[0]!,
            engine: model.family,
            ms: performance.now() - started,
          },
        ],
        provider: result.provider,
      };
    }
    if (engine !== 'auto' && engine !== 'telea' && engine !== 'patchmatch') {
      throw new StudioError('invalid_argument', `the engine ${engine} needs its model`, 'engine');
    }
    const variants = [];
    for (const [i, seed] of seeds.entries()) {
      const started = performance.now();
      const span = 0.85 / seeds.length;
      const result = fillClassical(image, mask, {
        engine,
        seed,
        onProgress: (f) => ctx.progress(0.1 + span * (i + f), `variant ${i + 1} of ${seeds.length}`),
      });
      const png = await encodePng(variantOf(image, result.image, mask, box));
      variants.push({
        png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
        seed,
        engine: result.engine,
        ms: performance.now() - started,
      });
      // Telea has no randomness: more seeds would give the same picture again.
      if (result.engine === 'telea') break;
    }
    ctx.progress(1, 'done');
    return { box, variants, provider: 'builtin' };
  },
};
