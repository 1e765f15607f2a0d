import type { Document, Framing, Reframe, Shot } from '../model/document';
import { safeArea, shotReframe } from '../model/placements';
import { captionsAt, ease, shotsAt, storyTiming, type ShotAt, type StoryTiming } from '../model/story-timing';
import { drawCanvas, wrapText, type Context2D } from './draw-canvas';
import { cssFont, DEFAULT_FONT_FAMILY } from './fonts';
import { framePicture, placePicture, type Size } from './story-framing';

/**
 * A decoded picture to draw: anything Canvas 2D's `drawImage` takes (an HTMLCanvasElement,
 * OffscreenCanvas, ImageBitmap or HTMLImageElement in the browser; an @napi-rs/canvas Canvas or
 * Image in Node), and the size of its content in the image's own pixels — for an artboard drawn
 * at a scale, the artboard's size times the scale, which may be fractional.
 */
export interface StoryPicture {
  image: unknown;
  width: number;
  height: number;
}

/** What `drawStoryFrame` asks for: one shot's picture at one of its frames. */
export interface PictureRequest {
  doc: Document;
  shot: Shot;
  /** The frame within the shot, 0-based (for a video source). */
  localFrame: number;
  /**
   * For an artboard: pixels per artboard pixel at which it is sharp in this placement at the
   * shot's deepest zoom, in steps of 1/8 and capped (see `artboardScale`).
   */
  scale: number;
}

/**
 * Where pictures come from: the caller decodes images and owns the surfaces, so the same
 * drawing code runs in Chromium and in Node. `createStoryPictures` is a ready-made one.
 * Null or undefined draws the shot black (a shot without a source, an image still loading).
 */
export interface StoryPictures {
  picture(request: PictureRequest): StoryPicture | null | undefined;
}

export interface StoryFrameOptions {
  /** The placement's id (for the shots' reframing) and the size to draw at, in pixels. */
  placement: { id: string; width: number; height: number };
  frame: number;
  pictures: StoryPictures;
  /** `storyTiming(doc)`, worked out once for a whole export or playback. */
  timing?: StoryTiming;
  /** Draw the captions (default true). */
  captions?: boolean;
}

/**
 * Draws one frame of the storyboard into the box (0, 0)–(width, height) of `ctx`'s current
 * transform: black, then the shot or shots on screen — placed by their reframing for this
 * placement, filmed by their camera, blended by the transition — then the captions inside the
 * placement's safe area. A pure function of its arguments: the preview and the export call it
 * with the same document and frame and get the same pixels. Outside the story it draws black.
 *
 * Transitions (progress p from `shotsAt`): crossfade mixes previous × (1 − p) + incoming × p;
 * dip-to-black fades the previous out over the first half and the incoming in over the second
 * (black at p = ½); slide brings the incoming frame in from the right over the still previous
 * one, eased in and out. Before the first shot, "previous" is black.
 *
 * @example
 * // Node (the export): one canvas, one picture cache, every frame.
 * const canvas = createCanvas(1080, 1920);
 * const pictures = createStoryPictures({ createSurface: createCanvas, image: (id) => decoded.get(id) });
 * const timing = storyTiming(doc);
 * for (let frame = 0; frame < timing.totalFrames; frame++) {
 *   drawStoryFrame(canvas.getContext('2d') as unknown as Context2D, doc, {
 *     placement: { id: '9:16', width: 1080, height: 1920 }, frame, pictures, timing,
 *   });
 * }
 */
export function drawStoryFrame(ctx: Context2D, doc: Document, options: StoryFrameOptions): void {
  const { placement, pictures } = options;
  const frame: Size = { width: placement.width, height: placement.height };
  const timing = options.timing ?? storyTiming(doc);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, frame.width, frame.height);
  ctx.clip();
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'low';
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, frame.width, frame.height);

  const moment = shotsAt(doc, options.frame, timing);
  const draw = (view: ShotAt, alpha: number, offsetX = 0, composite = 'source-over') => {
    if (alpha <= 0) return;
    const picture = pictures.picture({
      doc,
      shot: view.shot,
      localFrame: view.localFrame,
      scale: artboardScale(doc, view.shot, placement),
    });
    if (!picture) return;
    ctx.globalAlpha = Math.min(1, alpha);
    ctx.globalCompositeOperation = composite;
    drawShotPicture(ctx, picture, frame, shotReframe(view.shot, placement.id), view.camera, offsetX);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  };
  if (moment) {
    const { current, transition } = moment;
    const outgoing = transition?.outgoing ?? null;
    const p = transition?.progress ?? 1;
    switch (transition?.kind) {
      case undefined:
        draw(current, 1);
        break;
      case 'crossfade':
        // Added light: where either picture is black (bars, no source) the other still fades.
        if (outgoing) draw(outgoing, 1 - p);
        draw(current, p, 0, 'lighter');
        break;
      case 'dip-to-black':
        if (p < 0.5) {
          if (outgoing) draw(outgoing, 1 - 2 * p);
        } else draw(current, 2 * p - 1);
        break;
      case 'slide': {
        if (outgoing) draw(outgoing, 1);
        const offset = (1 - ease('ease-in-out', p)) * frame.width;
        // The incoming frame slides in whole, its black bars with it.
        ctx.fillStyle = '#000000';
        ctx.fillRect(offset, 0, frame.width, frame.height);
        draw(current, 1, offset);
        break;
      }
    }
    if (options.captions !== false) {
      drawCaptions(
        ctx,
        captionsAt(doc, moment.frame, timing).map((c) => c.text),
        frame,
      );
    }
  }
  ctx.restore();
}

/**
 * Draws a shot's picture into a frame of `frame`'s size: placed by `reframe`, filmed by
 * `camera` (see `framePicture`), moved `offsetX` pixels to the right. Uses the context's
 * current alpha and compositing; for a storyboard card's thumbnail as much as for a frame.
 */
export function drawShotPicture(
  ctx: Context2D,
  picture: StoryPicture,
  frame: Size,
  reframe: Reframe,
  camera: Framing,
  offsetX = 0,
): void {
  const placed = framePicture(picture, frame, reframe, camera);
  if (!placed) return;
  const { source: s, dest: d } = placed;
  ctx.drawImage(picture.image as never, s.x, s.y, s.width, s.height, d.x + offsetX, d.y, d.width, d.height);
}

/** The largest side an artboard is drawn at for a story frame (memory, and the GPU's limit). */
export const MAX_PICTURE_SIDE = 8192;

/**
 * Pixels per artboard pixel at which an artboard shot is sharp in a placement: its size in the
 * frame after reframing, times the deepest zoom of its camera move. Rounded up to 1/8 so that
 * nearby sizes share a cached drawing, and capped at MAX_PICTURE_SIDE. 1 for other shots.
 */
export function artboardScale(
  doc: Document,
  shot: Shot,
  placement: { id: string; width: number; height: number },
): number {
  if (shot.source?.kind !== 'canvas') return 1;
  const canvas = doc.canvases[shot.source.canvasId];
  if (!canvas) return 1;
  const placed = placePicture(canvas, placement, shotReframe(shot, placement.id));
  const zoom = Math.max(1, shot.camera.from.scale, shot.camera.to.scale);
  const wanted = Math.ceil((placed.width / canvas.width) * zoom * 8 - 1e-9) / 8;
  const cap = MAX_PICTURE_SIDE / Math.max(canvas.width, canvas.height);
  return Math.max(1 / 8, Math.min(wanted, cap));
}

/** A surface to draw an artboard on: `createCanvas` in Node, an OffscreenCanvas in the browser. */
export interface Surface {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
}

export interface StoryPictureOptions {
  /** Makes a surface of this size (whole pixels). */
  createSurface(width: number, height: number): Surface;
  /** A decoded image asset, for image shots and the artboards' image layers; undefined while loading. */
  image(assetId: string): unknown;
  /**
   * A decoded frame of a video asset at a frame of the shot (the clip plays from its start and
   * holds its last frame); `shot` is the shot showing it (two shots may show one clip).
   */
  videoFrame?(assetId: string, localFrame: number, shot: Shot): StoryPicture | null | undefined;
}

function imagePicture(image: unknown): StoryPicture | null {
  if (!image) return null;
  const im = image as { naturalWidth?: number; naturalHeight?: number; width?: number; height?: number };
  const width = im.naturalWidth || im.width || 0;
  const height = im.naturalHeight || im.height || 0;
  return width > 0 && height > 0 ? { image, width, height } : null;
}

/**
 * The usual `StoryPictures`: image shots come from `image`, video shots from `videoFrame`, and
 * artboard shots are drawn with `drawCanvas` onto a surface once per artboard and scale, then
 * reused for every frame. The drawings are dropped when a different document comes in, or on
 * `clear()`; an artboard whose images are not all loaded yet is drawn again next time.
 *
 * @example
 * // Chromium (the preview):
 * const pictures = createStoryPictures({
 *   createSurface: (w, h) => new OffscreenCanvas(w, h),
 *   image: (id) => assetImages.get(doc, id),
 * });
 */
export function createStoryPictures(options: StoryPictureOptions): StoryPictures & { clear(): void } {
  const drawn = new Map<string, StoryPicture>();
  let drawnFor: Document | null = null;
  return {
    clear() {
      drawn.clear();
    },
    picture({ doc, shot, localFrame, scale }) {
      if (doc !== drawnFor) {
        drawn.clear();
        drawnFor = doc;
      }
      const source = shot.source;
      if (!source) return null;
      if (source.kind === 'asset') {
        const asset = doc.assets[source.assetId];
        if (asset?.kind === 'image') return imagePicture(options.image(source.assetId));
        if (asset?.kind === 'video') return options.videoFrame?.(source.assetId, localFrame, shot) ?? null;
        return null;
      }
      const canvas = doc.canvases[source.canvasId];
      if (!canvas) return null;
      const key = `${canvas.id}@${scale}`;
      const cached = drawn.get(key);
      if (cached) return cached;
      const surface = options.createSurface(
        Math.max(1, Math.ceil(canvas.width * scale)),
        Math.max(1, Math.ceil(canvas.height * scale)),
      );
      let complete = true;
      drawCanvas(surface.getContext('2d') as Context2D, doc, canvas.id, {
        scale,
        image: (id) => {
          const image = options.image(id);
          if (!image) complete = false;
          return image;
        },
      });
      const picture = { image: surface, width: canvas.width * scale, height: canvas.height * scale };
      if (complete) drawn.set(key, picture);
      return picture;
    },
  };
}

/**
 * How captions look: bold Inter (bundled, so the preview and the export agree), white on a
 * translucent black box — no blurred shadow, whose blur differs between renderers. Sizes are
 * shares of the frame's shorter side or of the font size.
 */
export const CAPTION_STYLE = {
  family: DEFAULT_FONT_FAMILY,
  weight: 700,
  /** Font size as a share of the frame's shorter side: 48.6 px on 1080. */
  size: 0.045,
  lineHeight: 1.25,
  color: '#ffffff',
  box: 'rgba(0, 0, 0, 0.6)',
  /** Box padding, gap between captions and corner radius, in font sizes. */
  padX: 0.5,
  padY: 0.25,
  gap: 0.3,
  radius: 0.25,
} as const;

/**
 * Draws captions stacked at the bottom of the frame's safe area, centred, each wrapped to the
 * area's width in its own box; in `texts` order from the top. What does not fit in the safe
 * area's height is left out (the first captions' lines go first), never drawn over the edges.
 */
export function drawCaptions(ctx: Context2D, texts: readonly string[], frame: Size): void {
  if (texts.length === 0) return;
  const area = safeArea(frame);
  const st = CAPTION_STYLE;
  const size = Math.min(frame.width, frame.height) * st.size;
  const lineHeight = size * st.lineHeight;
  const padX = size * st.padX;
  const padY = size * st.padY;
  ctx.save();
  ctx.font = cssFont(st.family, st.weight, size);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const measure = (t: string) => ctx.measureText(t).width;
  let bottom = area.y + area.height;
  for (let i = texts.length - 1; i >= 0; i--) {
    let lines = wrapText(measure, texts[i]!, area.width - 2 * padX);
    const room = Math.floor((bottom - area.y - 2 * padY) / lineHeight);
    if (room < 1) break;
    lines = lines.slice(0, room);
    const height = lines.length * lineHeight + 2 * padY;
    const width = Math.min(area.width, Math.max(...lines.map(measure)) + 2 * padX);
    const top = bottom - height;
    const left = area.x + (area.width - width) / 2;
    ctx.fillStyle = st.box;
    roundedRect(ctx, left, top, width, height, size * st.radius);
    ctx.fill();
    ctx.fillStyle = st.color;
    lines.forEach((line, n) => {
      ctx.fillText(line, area.x + area.width / 2, top + padY + n * lineHeight + (lineHeight - size) / 2);
    });
    bottom = top - size * st.gap;
  }
  ctx.restore();
}

function roundedRect(ctx: Context2D, x: number, y: number, w: number, h: number, radius: number): void {
  const r = Math.min(radius, w / 2, h / 2);
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}
