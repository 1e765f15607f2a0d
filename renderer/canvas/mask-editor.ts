import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import {
  clearMask,
  createMask,
  expandMask,
  featherMask,
  fillPolygon,
  invertMask,
  isEmpty,
  stampLine,
  type Mask,
  type Rect,
} from '../../native/compose/mask-ops';
import type { Document } from '../../native/model/document';
import type { Point } from '../../native/model/geometry';
import type { GestureLabel } from '../../native/model/gestures';
import { gesture, holdHistory } from '../app/project-actions';
import { useStudio } from '../state/store';
import type { MaskHost } from './tools/tool';

/** The quick-mask red of Photoshop, shown at half opacity over the artboard. */
const TINT = [255, 32, 64] as const;

/**
 * The mask of the shown artboard while it is edited: the pixels live here (white = fill), the
 * document holds them as a PNG asset. Each stroke, selection or mask command ends as one undo
 * step: the PNG is stored, then `asset.add` and `mask.set` go in as a gesture.
 */
export class MaskEditor implements MaskHost {
  private mask: Mask | null = null;
  private canvasId: string | null = null;
  /** The document's mask asset the pixels here stand for. */
  private assetId: string | null = null;
  private overlayCanvas: HTMLCanvasElement | null = null;
  private stroke: { mode: 'paint' | 'erase'; last: Point } | null = null;
  private saving: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private loadToken = 0;
  /** Goes up with every change made here, so a slow decode never overwrites newer pixels. */
  private edits = 0;
  /** The pixels here may differ from the document's mask (a refused save): reload them. */
  private stale = false;
  private empty = true;

  constructor(
    private readonly studio: StudioApi,
    private readonly onChange: () => void,
  ) {}

  /** Follows the document: another artboard, or an undo that brought back an older mask. */
  sync(doc: Document, canvasId: string): void {
    const canvas = doc.canvases[canvasId];
    if (!canvas || this.inFlight > 0 || this.stroke) return;
    if (
      !this.stale &&
      canvasId === this.canvasId &&
      canvas.maskAssetId === this.assetId &&
      this.mask?.width === canvas.width &&
      this.mask.height === canvas.height
    )
      return;
    this.stale = false;
    this.canvasId = canvasId;
    this.assetId = canvas.maskAssetId;
    const token = ++this.loadToken;
    const edits = this.edits;
    const asset = canvas.maskAssetId ? doc.assets[canvas.maskAssetId] : undefined;
    if (!asset) {
      this.replace(createMask(canvas.width, canvas.height));
      return;
    }
    const current = () => token === this.loadToken && edits === this.edits;
    void this.decode(asset.sha256, canvas.width, canvas.height).then(
      (mask) => current() && this.replace(mask),
      (error: unknown) => {
        if (!current()) return;
        this.replace(createMask(canvas.width, canvas.height));
        useStudio.getState().notify('error', `The mask could not be read: ${String(error)}`);
      },
    );
  }

  /** The translucent overlay for the artboard, or null when nothing is masked. */
  overlay(canvasId: string): HTMLCanvasElement | null {
    if (canvasId !== this.canvasId || !this.mask || this.empty) return null;
    return this.overlayCanvas;
  }

  /** The mask's pixels (a copy is not made: read only). */
  current(): Mask | null {
    return this.mask;
  }

  strokeBegin(p: Point, mode: 'paint' | 'erase'): void {
    if (!this.mask) return;
    this.stroke = { mode, last: p };
    this.edits++;
    if (mode === 'paint') this.empty = false;
    this.paint(stampLine(this.mask, p, p, this.brush(mode)));
  }

  strokeTo(p: Point): void {
    if (!this.mask || !this.stroke) return;
    this.paint(stampLine(this.mask, this.stroke.last, p, this.brush(this.stroke.mode)));
    this.stroke.last = p;
  }

  strokeEnd(): void {
    if (!this.stroke) return;
    const label = this.stroke.mode === 'paint' ? 'Paint mask' : 'Erase mask';
    this.stroke = null;
    this.commit(label);
  }

  polygon(points: Point[], mode: 'add' | 'subtract' | 'replace'): void {
    if (!this.mask) return;
    this.edits++;
    this.paint(fillPolygon(this.mask, points, mode));
    this.empty = isEmpty(this.mask);
    this.commit('Select mask area');
  }

  invert(): void {
    if (!this.mask) return;
    this.edits++;
    this.paint(invertMask(this.mask));
    this.empty = isEmpty(this.mask);
    this.commit('Change mask');
  }

  clear(): void {
    if (!this.mask || this.empty) return;
    this.edits++;
    this.paint(clearMask(this.mask));
    this.empty = true;
    this.commit('Change mask');
  }

  /** Grows (radius > 0) or shrinks (radius < 0) the masked area by `radius` pixels. */
  expand(radius: number): void {
    if (!this.mask || radius === 0) return;
    this.edits++;
    this.replace(expandMask(this.mask, radius));
    this.commit('Change mask');
  }

  feather(radius: number): void {
    if (!this.mask || radius <= 0) return;
    this.edits++;
    this.replace(featherMask(this.mask, radius));
    this.commit('Change mask');
  }

  /**
   * The stage is going away (or remounting): no decode lands after this, and the next sync
   * reads the document afresh. Saves already started still finish.
   */
  dispose(): void {
    this.loadToken++;
    this.stale = true;
  }

  private brush(mode: 'paint' | 'erase') {
    const { size, hardness } = useStudio.getState().brush;
    return { size, hardness, mode };
  }

  private replace(mask: Mask): void {
    this.mask = mask;
    this.empty = isEmpty(mask);
    const canvas = (this.overlayCanvas ??= document.createElement('canvas'));
    canvas.width = mask.width;
    canvas.height = mask.height;
    this.paint({ x: 0, y: 0, width: mask.width, height: mask.height });
    useStudio.getState().maskChanged();
  }

  /** Redraws part of the overlay from the mask. */
  private paint(dirty: Rect | null): void {
    const mask = this.mask;
    const canvas = this.overlayCanvas;
    if (!dirty || !mask || !canvas) return;
    const ctx = canvas.getContext('2d')!;
    const pixels = ctx.createImageData(dirty.width, dirty.height);
    for (let y = 0; y < dirty.height; y++) {
      let src = (dirty.y + y) * mask.width + dirty.x;
      let dst = y * dirty.width * 4;
      for (let x = 0; x < dirty.width; x++, src++, dst += 4) {
        pixels.data[dst] = TINT[0];
        pixels.data[dst + 1] = TINT[1];
        pixels.data[dst + 2] = TINT[2];
        pixels.data[dst + 3] = mask.data[src]!;
      }
    }
    ctx.putImageData(pixels, dirty.x, dirty.y);
    this.onChange();
  }

  /** Stores the mask as a PNG and makes it the artboard's mask (one undo step). */
  private commit(label: GestureLabel): void {
    const mask = this.mask;
    const canvasId = this.canvasId;
    if (!mask || !canvasId) return;
    if (this.stroke === null && !this.empty) this.empty = isEmpty(mask);
    const bytes = this.empty ? null : encodeGrey(mask);
    useStudio.getState().maskChanged();
    this.inFlight++;
    const work = this.saving
      .then(async () => {
        const asset = bytes ? await this.studio.project.importMask({ canvasId, bytes: await bytes }) : null;
        // Committed even if the stage went away meanwhile (another artboard, another view).
        if (!useStudio.getState().project?.doc.canvases[canvasId]) return;
        gesture.begin(label);
        if (asset) gesture.update({ type: 'asset.add', args: { asset } });
        gesture.update({
          type: 'mask.set',
          args: { canvasId: canvasId as `canvas:${string}`, assetId: asset?.id ?? null },
        });
        gesture.commit(this.studio);
        if (this.canvasId === canvasId) this.assetId = asset?.id ?? null;
      })
      .catch((error: unknown) => {
        this.stale = true;
        useStudio
          .getState()
          .notify('error', `The mask was not kept: ${isStudioError(error) ? error.message : String(error)}`);
      })
      .finally(() => {
        this.inFlight--;
        // Bring the pixels back in line with the document (after a refusal, or edits meanwhile).
        const doc = useStudio.getState().project?.doc;
        if (doc && this.inFlight === 0 && this.canvasId) this.sync(doc, this.canvasId);
      });
    this.saving = work;
    // Undo, redo, save and close wait for it: the step lands where the user made it.
    holdHistory(work);
  }

  private async decode(sha256: string, width: number, height: number): Promise<Mask> {
    const { mime, bytes } = await this.studio.project.asset({ sha256 });
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    // A mask from before the artboard was resized is stretched to its new size.
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const mask = createMask(width, height);
    for (let i = 0; i < mask.data.length; i++) mask.data[i] = rgba[i * 4]!;
    return mask;
  }
}

/** The mask as an opaque greyscale PNG (white = fill). */
export async function encodeGrey(mask: Mask): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = mask.width;
  canvas.height = mask.height;
  const ctx = canvas.getContext('2d')!;
  const pixels = ctx.createImageData(mask.width, mask.height);
  for (let i = 0; i < mask.data.length; i++) {
    const v = mask.data[i]!;
    pixels.data[i * 4] = v;
    pixels.data[i * 4 + 1] = v;
    pixels.data[i * 4 + 2] = v;
    pixels.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the mask could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
