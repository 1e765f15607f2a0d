/**
 * The storyboard's frames in Node: drawn by native/compose's `drawStoryFrame` (the code the
 * preview draws with) on an @napi-rs/canvas, read back as raw RGBA for ffmpeg or encoded as PNG
 * for stills. Images are decoded once; artboards are drawn once per shot size and reused for
 * every frame (`createStoryPictures`).
 */
import { join } from 'node:path';
import { createCanvas, ImageData, loadImage, type Canvas, type Image } from '@napi-rs/canvas';
import type { Document } from '../model/document';
import type { Context2D } from '../compose/draw-canvas';
import { createStoryPictures, drawStoryFrame, type StoryPictures } from '../compose/story';
import { captionsAt, shotsAt, storyTiming, type StoryTiming } from '../model/story-timing';
import { StudioError } from '../api/errors';
import { ensureBundledFonts } from '../media/bundled-fonts';
import { ClipFrames, clipDecodeSize } from './clip-frames';

/** A video clip's file for the export to decode (its bytes written to the work folder). */
export interface ClipFile {
  path: string;
  name: string;
}

/** Where a clip's file goes in a work folder: named by its hash, with the extension ffmpeg may need. */
export function clipFilePath(workDir: string, sha256: string, mime: string): string {
  const ext =
    mime === 'video/webm'
      ? 'webm'
      : mime === 'video/x-matroska'
        ? 'mkv'
        : mime === 'video/x-msvideo'
          ? 'avi'
          : 'mp4';
  return join(workDir, `clip-${sha256.slice(0, 16)}.${ext}`);
}

/** A video shot's clip being read for the export, and its current frame as a picture. */
interface ClipPlayback {
  reader: ClipFrames;
  canvas: Canvas;
  localFrame: number;
}

/** Decodes the images shots and artboards show, by SHA-256 (as `renderArtboard` does). */
export async function decodeImages(
  images: Readonly<Record<string, Uint8Array>>,
): Promise<Map<string, Image>> {
  const decoded = new Map<string, Image>();
  for (const [sha256, bytes] of Object.entries(images)) {
    try {
      decoded.set(sha256, await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    } catch {
      throw new StudioError(
        'invalid_argument',
        `an image of the storyboard could not be decoded (${sha256.slice(0, 12)}…)`,
      );
    }
  }
  return decoded;
}

/** A placement to draw: its id (for the shots' reframing; any other id fills) and size. */
export interface FramePlacement {
  id: string;
  width: number;
  height: number;
}

/**
 * Draws frames of one placement. `rgba(frame)` returns a fresh buffer of width × height × 4
 * opaque RGBA bytes (ffmpeg may still be reading the previous one); `png(frame)` encodes it.
 *
 * @example
 * const frames = new StoryFrames(doc, { id: '9:16', width: 1080, height: 1920 }, decoded);
 * const pixels = frames.rgba(45);
 */
export class StoryFrames {
  readonly timing: StoryTiming;
  private readonly canvas: Canvas;
  private readonly ctx: Context2D;
  private readonly pictures: StoryPictures;
  private last: { key: string; pixels: Uint8Array } | null = null;
  /** The video shots being played, by shot id. */
  private readonly playing = new Map<string, ClipPlayback>();

  /** `clips`: the files of the video clips shots show, by SHA-256 (see `prepare`). */
  constructor(
    private readonly doc: Document,
    readonly placement: FramePlacement,
    images: ReadonlyMap<string, Image>,
    timing: StoryTiming = storyTiming(doc),
    private readonly clips: ReadonlyMap<string, ClipFile> = new Map(),
  ) {
    // Captions are set in the bundled Inter; without it the canvas would fall back silently.
    ensureBundledFonts();
    this.timing = timing;
    this.canvas = createCanvas(placement.width, placement.height);
    this.ctx = this.canvas.getContext('2d') as unknown as Context2D;
    this.pictures = createStoryPictures({
      createSurface: (width, height) => createCanvas(width, height),
      image: (assetId) => {
        const asset = doc.assets[assetId];
        return asset ? images.get(asset.sha256) : undefined;
      },
      videoFrame: (_assetId, localFrame, shot) => {
        const playback = this.playing.get(shot.id);
        if (!playback || playback.localFrame !== localFrame) return null;
        return { image: playback.canvas, width: playback.canvas.width, height: playback.canvas.height };
      },
    });
  }

  /**
   * Decodes the video frames `frame` shows (the current shot's, and the outgoing shot's held last
   * frame during a transition); call it before `rgba` or `png` of each frame, in increasing
   * order. A clip no longer on screen has its decoder stopped.
   *
   * @throws StudioError('not_found') when a clip's file is missing; what `ClipFrames` throws.
   */
  async prepare(frame: number): Promise<void> {
    const moment = shotsAt(this.doc, frame, this.timing);
    const views = moment ? [moment.current, moment.transition?.outgoing ?? null] : [];
    const showing = new Set<string>();
    for (const view of views) {
      const source = view?.shot.source;
      const asset = source?.kind === 'asset' ? this.doc.assets[source.assetId] : undefined;
      if (!view || asset?.kind !== 'video') continue;
      showing.add(view.shot.id);
      let playback = this.playing.get(view.shot.id);
      if (!playback) {
        const file = this.clips.get(asset.sha256);
        if (!file) {
          throw new StudioError(
            'not_found',
            `the video clip "${asset.name}" the storyboard shows is missing from the export`,
          );
        }
        const size = clipDecodeSize(asset.width ?? 16, asset.height ?? 16);
        playback = {
          reader: new ClipFrames({ ...file, fps: this.doc.timeline.fps, ...size }),
          canvas: createCanvas(size.width, size.height),
          localFrame: -1,
        };
        this.playing.set(view.shot.id, playback);
      }
      if (playback.localFrame === view.localFrame) continue;
      const pixels = await playback.reader.frame(view.localFrame);
      const { width, height } = playback.canvas;
      const data = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength);
      playback.canvas.getContext('2d').putImageData(new ImageData(data, width, height), 0, 0);
      playback.localFrame = view.localFrame;
    }
    for (const [shotId, playback] of this.playing) {
      if (showing.has(shotId)) continue;
      this.playing.delete(shotId);
      await playback.reader.close();
    }
  }

  /** Stops every clip decoder (after the last frame, or when the export stops early). */
  async close(): Promise<void> {
    const all = [...this.playing.values()];
    this.playing.clear();
    await Promise.all(all.map((p) => p.reader.close()));
  }

  /** Draws `frame` on the placement's canvas. */
  draw(frame: number): void {
    drawStoryFrame(this.ctx, this.doc, {
      placement: this.placement,
      frame,
      pictures: this.pictures,
      timing: this.timing,
    });
  }

  /**
   * What decides a frame's pixels besides the document: the shot or shots on screen with their
   * camera and transition (and for a video shot its frame), and the captions; equal keys draw
   * equal frames.
   */
  private key(frame: number): string {
    const moment = shotsAt(this.doc, frame, this.timing);
    if (!moment) return 'black';
    const view = (v: { shot: { id: string }; camera: unknown; localFrame: number }) => [
      v.shot.id,
      v.camera,
      this.playing.has(v.shot.id) ? v.localFrame : null,
    ];
    const t = moment.transition;
    return JSON.stringify([
      view(moment.current),
      t && [t.kind, t.progress, t.outgoing && view(t.outgoing)],
      captionsAt(this.doc, frame, this.timing).map((c) => c.text),
    ]);
  }

  /**
   * The frame's pixels. The canvas stores premultiplied RGBA; every story frame starts from
   * opaque black, so premultiplied and straight RGBA are the same bytes. A frame that shows
   * exactly what the one before showed (a hold: no camera move, no transition, the same
   * captions) is not drawn again: the previous buffer is returned, unchanged.
   */
  rgba(frame: number): Uint8Array {
    const key = this.key(frame);
    if (this.last?.key === key) return this.last.pixels;
    this.draw(frame);
    const pixels = this.canvas.data();
    this.last = { key, pixels };
    return pixels;
  }

  /** The frame as a PNG file's bytes. */
  async png(frame: number): Promise<Uint8Array> {
    this.draw(frame);
    return this.canvas.encode('png');
  }
}

/**
 * The frame a shot's still is taken at: the middle of the part it shows alone (after its
 * transition in; the next shot's transition runs over the next shot's own frames).
 */
export function stillFrame(shot: {
  startFrame: number;
  durationFrames: number;
  transitionFrames: number;
}): number {
  const alone = shot.durationFrames - shot.transitionFrames;
  if (alone <= 0) return shot.startFrame + shot.durationFrames - 1;
  return shot.startFrame + shot.transitionFrames + Math.floor(alone / 2);
}
