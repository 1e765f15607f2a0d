import { useEffect, useMemo, useReducer, useRef } from 'react';
import { drawCanvas, type Context2D } from '../../native/compose/draw-canvas';
import type { Document } from '../../native/model/document';
import { useStudioApi } from '../platform/studio-context';
import { AssetImages } from './asset-images';

/**
 * An artboard drawn by native/compose — the same code that draws the exported file — at the
 * size it is shown, times the screen's pixel ratio.
 */
export function ArtboardView({
  doc,
  canvasId,
  displayScale,
}: {
  doc: Document;
  canvasId: string;
  displayScale: number;
}) {
  const studio = useStudioApi();
  const ref = useRef<HTMLCanvasElement>(null);
  const [loaded, imageArrived] = useReducer((n: number) => n + 1, 0);
  const images = useMemo(() => new AssetImages(studio, imageArrived), [studio]);
  useEffect(() => () => images.dispose(), [images]);
  const canvas = doc.canvases[canvasId]!;
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const scale = displayScale * ratio;

  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    drawCanvas(ctx as unknown as Context2D, doc, canvasId, {
      scale,
      image: (assetId) => images.get(doc, assetId),
    });
  }, [doc, canvasId, scale, images, loaded]);

  return (
    <canvas
      ref={ref}
      className="artboard"
      data-testid="artboard"
      width={Math.max(1, Math.round(canvas.width * scale))}
      height={Math.max(1, Math.round(canvas.height * scale))}
      style={{ width: canvas.width * displayScale, height: canvas.height * displayScale }}
    />
  );
}
