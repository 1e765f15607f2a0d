import sharp from 'sharp';
import { StudioError } from '../api/errors';
import type { JobDefinition } from '../jobs/definition';
import { createMask, type Mask } from '../compose/mask-ops';
import { renderArtboard } from '../media/export-image-job';
import { fillClassical } from './classical';
import { cropImage, maskCrop, type RgbaImage } from './image';
import { encodePng } from './files';

/** The artboard's mask PNG as coverage at the artboard's size (a mask from before a resize is scaled). */
async function decodeMask(bytes: Uint8Array, width: number, height: number): Promise<Mask> {
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
 * Generative fill of an artboard's mask, one variant per seed: the artboard as it is seen is
 * drawn, the masked part filled, and each variant returned as the mask's box, its pixels
 * transparent wherever the mask keeps the picture — ready to become a layer over the source.
 */
export const inpaintJob: JobDefinition<'inpaint'> = {
  kind: 'inpaint',
  async run({ document, canvasId, images, mask: maskPng, engine, seeds }, ctx) {
    const canvas = await renderArtboard(document, canvasId, images, 1, (f) =>
      ctx.progress(0.1 * f, 'drawing'),
    );
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height);
    const image: RgbaImage = { width, height, data: new Uint8ClampedArray(pixels.data) };
    const mask = await decodeMask(maskPng, width, height);
    const box = maskCrop(mask, 0);
    if (!box) throw new StudioError('invalid_argument', 'the mask is empty: paint the area to fill first');
    const variants = [];
    for (const [i, seed] of seeds.entries()) {
      const started = performance.now();
      const span = 0.85 / seeds.length;
      const result = fillClassical(image, mask, {
        engine,
        seed,
        onProgress: (f) => ctx.progress(0.1 + span * (i + f), `variant ${i + 1} of ${seeds.length}`),
      });
      // Only what the mask fills, as strongly as it fills it: the source shows through elsewhere.
      const part = cropImage(result.image, box);
      for (let y = 0; y < box.height; y++) {
        for (let x = 0; x < box.width; x++) {
          part.data[(y * box.width + x) * 4 + 3] = mask.data[(box.y + y) * width + box.x + x]!;
        }
      }
      const png = await encodePng(part);
      variants.push({
        png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
        seed,
        engine: result.engine,
        ms: performance.now() - started,
      });
    }
    ctx.progress(1, 'done');
    return { box, variants, provider: 'builtin' };
  },
};
