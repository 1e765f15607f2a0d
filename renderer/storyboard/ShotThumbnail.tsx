import { useLayoutEffect, useRef } from 'react';
import type { Document, Shot } from '../../native/model/document';
import type { AssetImages } from '../canvas/asset-images';
import { framingRect, presetOf, type Framing } from './camera-presets';
import { drawShotSource, sourceSize } from './shot-source';
import { fitInside } from './thumbnail-fit';

/** The thumbnail's box on a card, in CSS pixels (16:9; other proportions fit inside it). */
export const THUMB_WIDTH = 240;
export const THUMB_HEIGHT = 135;

interface Props {
  doc: Document;
  shot: Shot;
  images: AssetImages;
  /** Changes when a decoded image arrives. */
  imagesVersion: number;
  /** The bundled fonts have loaded (Canvas 2D does not wait for them). */
  fontsReady: boolean;
}

/** Outlines where the camera starts (dashed) and ends (solid) on the picture. */
function drawFraming(
  ctx: CanvasRenderingContext2D,
  from: Framing,
  to: Framing,
  width: number,
  height: number,
) {
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.lineWidth = 1.5 * ratio;
  for (const [framing, dash, colour] of [
    [from, [4 * ratio, 3 * ratio], 'rgba(255,255,255,0.9)'],
    [to, [], '#5b8cff'],
  ] as const) {
    const r = framingRect(framing, width, height);
    ctx.setLineDash(dash);
    ctx.strokeStyle = 'rgba(0,0,0,0.5)';
    ctx.strokeRect(r.x + ratio, r.y + ratio, r.width, r.height);
    ctx.strokeStyle = colour;
    ctx.strokeRect(r.x, r.y, r.width, r.height);
  }
  ctx.restore();
}

/**
 * A shot's picture, small: its artboard drawn by native/compose (the code that draws exports),
 * or its image, with the camera move outlined. Redrawn only when what it shows changes, not on
 * every edit of the storyboard.
 */
export function ShotThumbnail({ doc, shot, images, imagesVersion, fontsReady }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<unknown[]>([]);
  const source = shot.source;
  const size = sourceSize(doc, source);
  const box = size ? fitInside(size, THUMB_WIDTH, THUMB_HEIGHT) : null;
  const artboard = source?.kind === 'canvas' ? doc.canvases[source.canvasId] : undefined;
  const asset = source?.kind === 'asset' ? doc.assets[source.assetId] : undefined;
  const drawable = Boolean(box && (artboard || asset?.kind === 'image' || asset?.kind === 'video'));

  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || !box || !size || !drawable) return;
    const ratio = window.devicePixelRatio || 1;
    // What the picture depends on: an edit elsewhere in the storyboard leaves it as it is.
    const key = [
      canvas,
      artboard,
      asset,
      doc.layers,
      doc.assets,
      shot.camera,
      imagesVersion,
      fontsReady,
      box.width,
      box.height,
      ratio,
    ];
    if (key.length === last.current.length && key.every((k, i) => k === last.current[i])) return;
    last.current = key;
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    const ctx = canvas.getContext('2d')!;
    let missing = 0;
    const image = (assetId: string) => {
      const found = images.get(doc, assetId);
      if (!found) missing++;
      return found;
    };
    drawShotSource(canvas, doc, shot.source, image);
    if (presetOf(shot.camera) !== 'still')
      drawFraming(ctx, shot.camera.from, shot.camera.to, canvas.width, canvas.height);
    // Complete once nothing was still loading (an image arriving draws it again).
    canvas.dataset.drawn = String(missing === 0);
  });

  let placeholder: string | null = null;
  if (!source) placeholder = 'No picture';
  else if (source.kind === 'canvas' && !artboard) placeholder = 'Artboard missing';
  else if (source.kind === 'asset' && !asset) placeholder = 'Image missing';
  else if (!box) placeholder = 'Size unknown';

  return (
    <div className="shot-thumb" style={{ height: THUMB_HEIGHT }}>
      {drawable && box ? (
        <canvas
          ref={ref}
          data-testid="shot-thumbnail"
          role="img"
          aria-label={`Thumbnail: ${artboard?.name ?? asset?.name ?? ''}`}
          style={{ width: box.width, height: box.height }}
        />
      ) : (
        <span className="shot-thumb-empty">{placeholder}</span>
      )}
    </div>
  );
}
