import { readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { StudioError } from '../api/errors';
import { baseName, type ImageSource } from '../api/jobs';
import { MAX_IMAGE_FILE_BYTES, MAX_IMAGE_PIXELS } from './limits';

export interface OpenedImage {
  name: string;
  /** The file as it was read (stored as the asset, so nothing is lost to re-encoding). */
  bytes: Uint8Array;
  width: number;
  height: number;
  format: string;
  /** A sharp pipeline on the first frame, with EXIF orientation applied. */
  image: Sharp;
}

const SUPPORTED = new Set(['png', 'jpeg', 'webp', 'gif', 'avif', 'tiff', 'heif']);

/**
 * Reads an image from a path or from bytes and checks it before any pixel is decoded: size on
 * disk, format, and pixel count. Every refusal names the file and the reason.
 */
export async function openImage(source: ImageSource): Promise<OpenedImage> {
  const name = source.type === 'path' ? baseName(source.path) : source.name;
  const bytes = source.type === 'path' ? await readImageFile(source.path, name) : source.bytes;
  if (bytes.byteLength === 0) throw new StudioError('invalid_argument', `${name}: the file is empty`);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new StudioError(
      'invalid_argument',
      `${name}: not an image the studio can read (corrupt or not PNG/JPEG/WebP/GIF)`,
    );
  }
  const { width, height, format } = meta;
  if (!format || !SUPPORTED.has(format) || !width || !height) {
    throw new StudioError('invalid_argument', `${name}: unsupported image format "${format ?? 'unknown'}"`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new StudioError(
      'too_large',
      `${name}: ${width}×${height} is ${Math.round((width * height) / 1e6)} megapixels, over the ${MAX_IMAGE_PIXELS / 1e6}-megapixel limit`,
    );
  }
  const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', pages: 1 }).rotate();
  return { name, bytes, width, height, format, image };
}

async function readImageFile(path: string, name: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new StudioError('invalid_argument', `${name}: not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw new StudioError(
      'not_found',
      `${name}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (size > MAX_IMAGE_FILE_BYTES) {
    throw new StudioError(
      'too_large',
      `${name}: ${Math.round(size / 1048576)} MB is over the ${MAX_IMAGE_FILE_BYTES / 1048576} MB limit`,
    );
  }
  return readFile(path);
}
