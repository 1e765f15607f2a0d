import type { Document, Layer, Paint } from '../model/document';
import { cssFont } from './fonts';

/**
 * The part of Canvas 2D that composing uses. The browser's context and @napi-rs/canvas's both
 * satisfy it, so the preview on screen and the exported file are drawn by the same code.
 */
export interface Context2D {
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  rotate(radians: number): void;
  scale(x: number, y: number): void;
  globalAlpha: number;
  globalCompositeOperation: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arcTo(x1: number, y1: number, x2: number, y2: number, radius: number): void;
  ellipse(x: number, y: number, rx: number, ry: number, rotation: number, start: number, end: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  drawImage(image: never, dx: number, dy: number, dw: number, dh: number): void;
  drawImage(
    image: never,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
  imageSmoothingEnabled: boolean;
  imageSmoothingQuality: string;
  createLinearGradient(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
  ): { addColorStop(offset: number, color: string): void };
}

export interface DrawOptions {
  /** Pixels per document pixel (2 for a 2× export). */
  scale?: number;
  /** The decoded image of an asset (an HTMLImageElement, ImageBitmap, or @napi-rs/canvas Image). */
  image(assetId: string): unknown;
  /** Draw the artboard's background colour (default true). */
  background?: boolean;
  /** Clear the artboard's area first (default true). */
  clear?: boolean;
  /**
   * Only these top-level layers (default all): the canvas editor draws the layers below and
   * above a dragged one once, and only the dragged one on every frame.
   */
  only?: ReadonlySet<string>;
}

const DEG = Math.PI / 180;

/** Canvas 2D's names for the document's blend modes. */
function compositeOf(mode: Layer['blendMode']): string {
  return mode === 'normal' ? 'source-over' : mode;
}

/**
 * Draws one artboard, bottom layer first, at `options.scale`, into a context whose size is the
 * artboard's times the scale. A pure function of the document: no I/O, no clocks.
 *
 * @example
 * const ctx = canvasElement.getContext('2d')!;
 * drawCanvas(ctx, doc, 'canvas:abc', { scale: 2, image: (id) => images.get(id) });
 */
export function drawCanvas(ctx: Context2D, doc: Document, canvasId: string, options: DrawOptions): void {
  const canvas = doc.canvases[canvasId];
  if (!canvas) throw new Error(`no artboard ${canvasId}`);
  const scale = options.scale ?? 1;
  ctx.save();
  ctx.scale(scale, scale);
  if (options.clear !== false) ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (options.background !== false && canvas.background) {
    ctx.fillStyle = canvas.background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  // Nothing is drawn outside the artboard.
  ctx.beginPath();
  ctx.rect(0, 0, canvas.width, canvas.height);
  ctx.clip();
  for (const id of canvas.layerIds) {
    if (!options.only || options.only.has(id)) drawLayer(ctx, doc, id, 1, options);
  }
  ctx.restore();
}

function drawLayer(
  ctx: Context2D,
  doc: Document,
  id: string,
  parentAlpha: number,
  options: DrawOptions,
): void {
  const layer = doc.layers[id];
  if (!layer || !layer.visible) return;
  const alpha = parentAlpha * layer.opacity;
  if (layer.type === 'group') {
    // Children carry artboard coordinates; the group lends them its visibility and opacity.
    for (const child of layer.childIds) drawLayer(ctx, doc, child, alpha, options);
    return;
  }
  const { x, y, width: w, height: h, rotation, flipX, flipY } = layer.transform;
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.globalCompositeOperation = compositeOf(layer.blendMode);
  ctx.translate(x + w / 2, y + h / 2);
  if (rotation) ctx.rotate(rotation * DEG);
  if (flipX || flipY) ctx.scale(flipX ? -1 : 1, flipY ? -1 : 1);
  ctx.translate(-w / 2, -h / 2);
  switch (layer.type) {
    case 'fill':
      ctx.fillStyle = paintStyle(ctx, layer.fill, w, h);
      ctx.fillRect(0, 0, w, h);
      break;
    case 'shape':
      shapePath(ctx, layer.shape, w, h, layer.cornerRadius);
      if (layer.fill) {
        ctx.fillStyle = layer.fill;
        ctx.fill();
      }
      if (layer.stroke && layer.stroke.width > 0) {
        ctx.strokeStyle = layer.stroke.color;
        ctx.lineWidth = layer.stroke.width;
        ctx.stroke();
      }
      break;
    case 'text':
      drawText(ctx, layer, w, h);
      break;
    case 'image': {
      const image = options.image(layer.assetId);
      if (image) ctx.drawImage(image as never, 0, 0, w, h);
      break;
    }
  }
  ctx.restore();
}

function paintStyle(ctx: Context2D, paint: Paint, w: number, h: number): unknown {
  if (paint.kind === 'solid') return paint.color;
  // The gradient line runs through the box's centre at `angle`, long enough to cover it.
  const a = paint.angle * DEG;
  const half = (Math.abs(w * Math.cos(a)) + Math.abs(h * Math.sin(a))) / 2;
  const dx = Math.cos(a) * half;
  const dy = Math.sin(a) * half;
  const gradient = ctx.createLinearGradient(w / 2 - dx, h / 2 - dy, w / 2 + dx, h / 2 + dy);
  for (const stop of paint.stops) gradient.addColorStop(stop.offset, stop.color);
  return gradient;
}

function shapePath(ctx: Context2D, shape: 'rect' | 'ellipse', w: number, h: number, radius: number): void {
  ctx.beginPath();
  if (shape === 'ellipse') {
    ctx.ellipse(w / 2, h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
    return;
  }
  const r = Math.min(radius, w / 2, h / 2);
  if (r <= 0) {
    ctx.rect(0, 0, w, h);
    return;
  }
  ctx.moveTo(r, 0);
  ctx.arcTo(w, 0, w, h, r);
  ctx.arcTo(w, h, 0, h, r);
  ctx.arcTo(0, h, 0, 0, r);
  ctx.arcTo(0, 0, w, 0, r);
  ctx.closePath();
}

/** Breaks text into lines that fit `width` (words first; a word longer than the line is split). */
export function wrapText(measure: (text: string) => number, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/).filter((w) => w.length > 0)) {
      const candidate = line + word;
      if (measure(candidate) <= width || line.trim() === '') {
        line = candidate;
        while (measure(line) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      } else {
        lines.push(line.trimEnd());
        line = word.trimStart();
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

function drawText(ctx: Context2D, layer: Extract<Layer, { type: 'text' }>, w: number, h: number): void {
  ctx.font = cssFont(layer.fontFamily, layer.fontWeight, layer.fontSize);
  ctx.fillStyle = layer.color;
  ctx.textBaseline = 'top';
  const align = layer.align === 'justify' ? 'left' : layer.align;
  ctx.textAlign = align;
  const x = align === 'center' ? w / 2 : align === 'right' ? w : 0;
  const lineHeight = layer.fontSize * layer.lineHeight;
  // Text that runs past the box is cut at its bottom edge, as in design tools' fixed text boxes.
  ctx.beginPath();
  ctx.rect(0, 0, w, h);
  ctx.clip();
  wrapText((t) => ctx.measureText(t).width, layer.text, w).forEach((line, i) => {
    ctx.fillText(line, x, i * lineHeight + (lineHeight - layer.fontSize) / 2);
  });
}
