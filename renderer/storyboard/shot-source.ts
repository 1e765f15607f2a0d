import { drawCanvas, type Context2D } from '../../native/compose/draw-canvas';
import type { Document, Shot } from '../../native/model/document';
import type { AssetId, CanvasId } from '../../native/model/ids';

/** A picture a shot can show, as the source picker lists it. */
export interface SourceOption {
  /** The picker's value: "none", or the record's id (`canvas:…`, `asset:…`). */
  value: string;
  label: string;
  group: 'Artboards' | 'Images' | 'Video clips' | null;
}

/**
 * What a shot can show: nothing, any artboard of the project (in the Canvas's order), or an
 * image or video clip already in it. Masks painted for generative fill are pictures for the
 * engine, not for a shot, and are left out.
 */
export function sourceOptions(doc: Document): SourceOption[] {
  const options: SourceOption[] = [{ value: 'none', label: 'No picture', group: null }];
  for (const id of doc.canvasOrder) {
    const canvas = doc.canvases[id];
    if (canvas) options.push({ value: id, label: canvas.name, group: 'Artboards' });
  }
  const assets = Object.values(doc.assets).sort((a, b) => a.name.localeCompare(b.name));
  for (const asset of assets) {
    if (asset.kind === 'image' && asset.provenance.type !== 'painted')
      options.push({ value: asset.id, label: asset.name, group: 'Images' });
    if (asset.kind === 'video') options.push({ value: asset.id, label: asset.name, group: 'Video clips' });
  }
  return options;
}

/** The picker's value for a shot's source. */
export function sourceValue(source: Shot['source']): string {
  if (!source) return 'none';
  return source.kind === 'canvas' ? source.canvasId : source.assetId;
}

/** The source a picker value names (the inverse of sourceValue). */
export function sourceOf(value: string): Shot['source'] {
  if (value.startsWith('canvas:')) return { kind: 'canvas', canvasId: value as CanvasId };
  if (value.startsWith('asset:')) return { kind: 'asset', assetId: value as AssetId };
  return null;
}

/** The size of what a shot shows, or null when it shows nothing or its size is not known. */
export function sourceSize(doc: Document, source: Shot['source']): { width: number; height: number } | null {
  if (!source) return null;
  if (source.kind === 'canvas') {
    const canvas = doc.canvases[source.canvasId];
    return canvas ? { width: canvas.width, height: canvas.height } : null;
  }
  const asset = doc.assets[source.assetId];
  return asset?.width && asset.height ? { width: asset.width, height: asset.height } : null;
}

/**
 * Draws a shot's picture over the whole canvas: its artboard drawn by native/compose, or its
 * image asset stretched to the canvas (which has the picture's shape). `image` says whether each
 * image was at hand (a missing one arrives later and the caller draws again).
 */
export function drawShotSource(
  canvas: HTMLCanvasElement,
  doc: Document,
  source: Shot['source'],
  image: (assetId: string) => CanvasImageSource | undefined,
): void {
  const ctx = canvas.getContext('2d')!;
  const artboard = source?.kind === 'canvas' ? doc.canvases[source.canvasId] : undefined;
  const asset = source?.kind === 'asset' ? doc.assets[source.assetId] : undefined;
  if (artboard) {
    drawCanvas(ctx as unknown as Context2D, doc, artboard.id, {
      scale: canvas.width / artboard.width,
      image,
    });
  } else if (asset) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const picture = image(asset.id);
    if (picture) ctx.drawImage(picture, 0, 0, canvas.width, canvas.height);
  }
}
