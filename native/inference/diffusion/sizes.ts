/**
 * Sizes the UNet works at. SD 1.5 and SD-Turbo were trained at 512 × 512; quality falls off far
 * from that many pixels, and the UNet halves the latents three times, so sides are kept at
 * multiples of 64. Any other size or aspect is generated at the nearest such size and resized.
 */
import { StudioError } from '../../api/errors';
import { createImage, type RgbaImage } from '../../inpaint/image';
import { resampleRows } from '../../inpaint/resize';

/** The pixel count the models were trained at (512²). */
export const NATIVE_AREA = 512 * 512;

/** Generation sides are multiples of this (three ×2 downsamplings of the 1/8 latents). */
export const SIZE_MULTIPLE = 64;

/** The longest generation side chosen. */
export const MAX_GENERATION_SIDE = 1024;

/**
 * The generation size for a `width` × `height` picture: about {@link NATIVE_AREA} pixels, the same
 * aspect as near as multiples of 64 allow, each side from 64 to {@link MAX_GENERATION_SIDE}.
 *
 * @example
 * generationSize(1920, 1080); // { width: 704, height: 384 }
 * generationSize(300, 300);   // { width: 512, height: 512 }
 */
export function generationSize(
  width: number,
  height: number,
  area: number = NATIVE_AREA,
): { width: number; height: number } {
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < 1 || height < 1) {
    throw new StudioError(
      'invalid_argument',
      `a size must be at least 1×1 pixels, got ${String(width)}×${String(height)}`,
    );
  }
  const scale = Math.sqrt(area / (width * height));
  const side = (v: number) =>
    Math.min(
      MAX_GENERATION_SIDE,
      Math.max(SIZE_MULTIPLE, Math.round((v * scale) / SIZE_MULTIPLE) * SIZE_MULTIPLE),
    );
  return { width: side(width), height: side(height) };
}

/**
 * `image` scaled to cover `width` × `height` and centred, the overflow cut off (Pillow-style
 * triangle filter, bilinear when enlarging). The result is opaque where the image was.
 *
 * @example
 * const frame = coverResize(generated, 1920, 1080); // 704×384 → 1920×1080, 10 px cut at each side
 */
export function coverResize(image: RgbaImage, width: number, height: number): RgbaImage {
  const scale = Math.max(width / image.width, height / image.height);
  // The part of the image that ends up visible, in source pixels.
  const cropWidth = Math.min(image.width, Math.max(1, Math.round(width / scale)));
  const cropHeight = Math.min(image.height, Math.max(1, Math.round(height / scale)));
  const x = (image.width - cropWidth) >> 1;
  const y = (image.height - cropHeight) >> 1;
  return resizeRegion(image, { x, y, width: cropWidth, height: cropHeight }, width, height);
}

/** The `box` of `image` resized to `width` × `height` (RGBA, all four channels resampled). */
export function resizeRegion(
  image: RgbaImage,
  box: { x: number; y: number; width: number; height: number },
  width: number,
  height: number,
): RgbaImage {
  const out = createImage(width, height);
  const source = {
    data: image.data,
    channels: 4,
    offset: (box.y * image.width + box.x) * 4,
    pixelStride: 4,
    channelStride: 1,
    rowStride: image.width * 4,
  };
  resampleRows([source], box.width, box.height, width, height, (y, row) => {
    let to = y * width * 4;
    for (let x = 0; x < width; x++, to += 4) {
      out.data[to] = row[x]!;
      out.data[to + 1] = row[width + x]!;
      out.data[to + 2] = row[2 * width + x]!;
      out.data[to + 3] = row[3 * width + x]!;
    }
  });
  return out;
}
