import sharp from 'sharp';
import { StudioError } from '../api/errors';
import type { ImageSource } from '../api/jobs';
import { openImage } from '../media/image-input';
import { createMask, type Mask } from '../compose/mask-ops';
import type { RgbaImage } from './image';

/**
 * Pictures in and out of the fill engines: any image the studio imports (with its limits) as
 * RGBA, a mask image as 0..255 coverage (white = fill), and RGBA back to PNG.
 */
export async function readRgba(source: ImageSource): Promise<RgbaImage & { name: string }> {
  const opened = await openImage(source);
  const { data, info } = await opened.image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    name: opened.name,
    width: info.width,
    height: info.height,
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
  };
}

/**
 * A mask image as fill coverage: its brightness, with transparent parts counted as black
 * (keep). It must be the size of the picture it masks.
 */
export async function readMask(source: ImageSource, width: number, height: number): Promise<Mask> {
  const opened = await openImage(source);
  if (opened.width !== width || opened.height !== height) {
    throw new StudioError(
      'invalid_argument',
      `${opened.name}: the mask is ${opened.width}×${opened.height} but the image is ${width}×${height}`,
    );
  }
  const { data } = await opened.image
    .flatten({ background: '#000000' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mask = createMask(width, height);
  const channels = data.byteLength / (width * height);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = data[i * channels]!;
  return mask;
}

export function encodePng(image: RgbaImage): Promise<Buffer> {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .png()
    .toBuffer();
}
