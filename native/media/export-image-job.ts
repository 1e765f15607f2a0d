import { createCanvas, loadImage, type Canvas, type Image } from '@napi-rs/canvas';
import type { Document } from '../model/document';
import { StudioError } from '../api/errors';
import { drawCanvas, type Context2D } from '../compose/draw-canvas';
import type { JobDefinition } from '../jobs/definition';
import { ensureBundledFonts } from './bundled-fonts';
import { writeFileAtomic } from '../studio/atomic-file';
import { storageError } from '../project/project-file';

const MIME = { png: 'png', jpeg: 'jpeg', webp: 'webp' } as const;

/**
 * An artboard drawn with native/compose (the code that draws it on screen) on a Node canvas,
 * `scale` times its size. `images` are the encoded images it shows, by SHA-256.
 */
export async function renderArtboard(
  document: Document,
  canvasId: string,
  images: Record<string, Uint8Array>,
  scale: number,
  progress: (fraction: number, stage: string) => void = () => {},
): Promise<Canvas> {
  const artboard = document.canvases[canvasId];
  if (!artboard) throw new StudioError('not_found', `no artboard ${canvasId}`);
  progress(0, 'decoding images');
  const decoded = new Map<string, Image>();
  const entries = Object.entries(images);
  for (const [index, [sha256, bytes]] of entries.entries()) {
    try {
      decoded.set(sha256, await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    } catch {
      throw new StudioError(
        'invalid_argument',
        `an image of the artboard could not be decoded (${sha256.slice(0, 12)}…)`,
      );
    }
    progress((0.6 * (index + 1)) / Math.max(1, entries.length), 'decoding images');
  }
  const canvas = createCanvas(Math.round(artboard.width * scale), Math.round(artboard.height * scale));
  progress(0.7, 'drawing');
  // Text layers name the families of assets/fonts; without them the canvas falls back silently.
  ensureBundledFonts();
  drawCanvas(canvas.getContext('2d') as unknown as Context2D, document, canvasId, {
    scale,
    image: (assetId) => {
      const asset = document.assets[assetId];
      return asset ? decoded.get(asset.sha256) : undefined;
    },
  });
  progress(1, 'drawn');
  return canvas;
}

/**
 * Draws an artboard with native/compose — the code that draws it on screen — on a Node canvas,
 * encodes it and writes it in one step (a temporary file renamed into place).
 */
export const exportImageJob: JobDefinition<'export-image'> = {
  kind: 'export-image',
  async run({ document, canvasId, format, scale, quality, images, path }, ctx) {
    const canvas = await renderArtboard(document, canvasId, images, scale, (f, stage) =>
      ctx.progress(0.05 + 0.75 * f, stage),
    );
    const { width, height } = canvas;
    ctx.progress(0.8, 'encoding');
    const encoded =
      format === 'png'
        ? await canvas.encode('png')
        : await canvas.encode(MIME[format] as 'jpeg' | 'webp', quality);
    try {
      await writeFileAtomic(path, encoded);
    } catch (error) {
      throw storageError('export', path, error);
    }
    ctx.progress(1, 'done');
    return { path, width, height, byteSize: encoded.byteLength };
  },
};
