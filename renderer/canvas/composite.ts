import { drawCanvas, type Context2D } from '../../native/compose/draw-canvas';
import type { Document } from '../../native/model/document';

/** The longest side of a cached picture; beyond it (deep zoom) layers are drawn directly. */
const MAX_CACHE_SIDE = 4096;

export interface CompositeInput {
  doc: Document;
  canvasId: string;
  /** Top-level layers to draw; null for all. */
  only: ReadonlySet<string> | null;
  background: boolean;
  /** Device pixels per artboard pixel. */
  scale: number;
  image(assetId: string): unknown;
  /** Changes when a new decoded image arrives. */
  imagesVersion: number;
}

/**
 * A picture of some of an artboard's layers, drawn by native/compose at the zoom it is shown at
 * and kept until the document, the zoom or the images change. Layers that are not being dragged
 * are drawn once into one of these, so a drag frame costs a copy plus the dragged layer.
 */
export class CompositeCache {
  private canvas: HTMLCanvasElement | null = null;
  private last: Omit<CompositeInput, 'image'> | null = null;
  private onlyKey = '';
  /** Images not decoded yet when the picture was drawn (it is redrawn when they arrive). */
  private missing = 0;

  /**
   * Draws the picture into `ctx` at artboard coordinates (the context carries the view's
   * transform); returns how many images were still loading, so 0 means complete.
   */
  paint(ctx: CanvasRenderingContext2D, input: CompositeInput): number {
    const canvas = input.doc.canvases[input.canvasId];
    if (!canvas) return 0;
    let missing = 0;
    const image = (assetId: string) => {
      const found = input.image(assetId);
      if (!found) missing++;
      return found;
    };
    const side = Math.max(canvas.width, canvas.height) * input.scale;
    const options = {
      scale: 1,
      image,
      background: input.background,
      clear: false,
      ...(input.only ? { only: input.only } : {}),
    };
    if (side > MAX_CACHE_SIDE) {
      // Deep zoom: only part of the artboard is on screen, so drawing it directly is cheaper.
      this.dispose();
      drawCanvas(ctx as unknown as Context2D, input.doc, input.canvasId, options);
      return missing;
    }
    const picture = this.picture({ ...input, image }, canvas.width, canvas.height);
    ctx.drawImage(picture, 0, 0, canvas.width, canvas.height);
    return this.missing;
  }

  private picture(input: CompositeInput, width: number, height: number): HTMLCanvasElement {
    let missing = 0;
    const image = (assetId: string) => {
      const found = input.image(assetId);
      if (!found) missing++;
      return found;
    };
    const onlyKey = input.only ? [...input.only].join(',') : '*';
    const last = this.last;
    if (
      this.canvas &&
      last &&
      last.doc === input.doc &&
      last.canvasId === input.canvasId &&
      last.scale === input.scale &&
      last.background === input.background &&
      last.imagesVersion === input.imagesVersion &&
      this.onlyKey === onlyKey
    ) {
      return this.canvas;
    }
    const canvas = (this.canvas ??= document.createElement('canvas'));
    canvas.width = Math.max(1, Math.round(width * input.scale));
    canvas.height = Math.max(1, Math.round(height * input.scale));
    const ctx = canvas.getContext('2d')!;
    drawCanvas(ctx as unknown as Context2D, input.doc, input.canvasId, {
      scale: canvas.width / width,
      image,
      background: input.background,
      ...(input.only ? { only: input.only } : {}),
    });
    const { image: _image, ...key } = input;
    this.last = key;
    this.onlyKey = onlyKey;
    this.missing = missing;
    return canvas;
  }

  dispose(): void {
    if (this.canvas) {
      this.canvas.width = 0;
      this.canvas.height = 0;
    }
    this.canvas = null;
    this.last = null;
  }
}
