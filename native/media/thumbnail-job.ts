import { StudioError } from '../api/errors';
import type { JobDefinition } from '../jobs/definition';
import { openImage } from './image-input';

/** Decodes an image and makes a PNG thumbnail whose longest side is `maxSize`. */
export const thumbnailJob: JobDefinition<'thumbnail'> = {
  kind: 'thumbnail',
  async run({ source, maxSize }, ctx) {
    ctx.progress(0.05, 'reading');
    const opened = await openImage(source);
    ctx.progress(0.3, 'decoding');
    let output: { data: Buffer; info: { width: number; height: number } };
    try {
      output = await opened.image
        .resize({ width: maxSize, height: maxSize, fit: 'inside', withoutEnlargement: true })
        .png()
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw new StudioError(
        'invalid_argument',
        `${opened.name}: the image is damaged (${(error as Error).message})`,
      );
    }
    ctx.progress(1, 'done');
    return {
      source: { width: opened.width, height: opened.height, format: opened.format, name: opened.name },
      width: output.info.width,
      height: output.info.height,
      mime: 'image/png',
      bytes: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength),
    };
  },
};
