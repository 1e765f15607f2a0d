/**
 * A video clip's frames for the export: ffmpeg decodes the clip at the project's frame rate to
 * raw RGBA of a given size, and the export takes them in order as the story plays. ffmpeg runs
 * at most two frames ahead of the drawing (backpressure), so a long clip is never held whole.
 */
import { StudioError } from '../api/errors';
import { fileArg, runTool, toolReason } from '../media/ffmpeg';

export interface ClipFramesOptions {
  /** The clip's file (its bytes written to the export's work folder). */
  path: string;
  /** The clip's name, for messages. */
  name: string;
  /** Frames per second to decode at (the project's). */
  fps: number;
  /** The size to decode at (the clip's own shape). */
  width: number;
  height: number;
}

/** The longest side the export decodes clips at: enough for a 2× camera zoom into 1080p. */
export const CLIP_DECODE_MAX_SIDE = 3840;

/** The size a clip of `width` × `height` is decoded at: its own, at most `CLIP_DECODE_MAX_SIDE`. */
export function clipDecodeSize(width: number, height: number): { width: number; height: number } {
  const k = Math.min(1, CLIP_DECODE_MAX_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/**
 * One clip's frames, asked for in order: `frame(n)` for n = 0, 1, 2, … (a number may repeat;
 * going back is refused). Past the clip's end the last frame is held, as NLEs hold a clip's last
 * frame when a shot runs longer. `close()` stops ffmpeg.
 *
 * @example
 * const clip = new ClipFrames({ path, name: 'pour.mp4', fps: 30, width: 1920, height: 1080 });
 * const first = await clip.frame(0); // 1920 × 1080 × 4 bytes of RGBA
 * await clip.close();
 */
export class ClipFrames {
  private readonly frameBytes: number;
  private readonly stop = new AbortController();
  private readonly run: Promise<void>;
  /** Whole frames decoded and not yet taken. */
  private readonly ready: Uint8Array[] = [];
  /** The frame being filled from ffmpeg's output, and how much of it is filled. */
  private filling: Uint8Array;
  private filled = 0;
  /** Resolves ffmpeg's pending write once the reader has taken a frame. */
  private resume: (() => void) | null = null;
  /** Wakes a reader waiting for a frame or for the end. */
  private wake: (() => void) | null = null;
  private ended = false;
  private failure: unknown = null;
  private last: Uint8Array | null = null;
  private index = -1;

  constructor(private readonly options: ClipFramesOptions) {
    const { width, height, fps } = options;
    this.frameBytes = width * height * 4;
    this.filling = new Uint8Array(this.frameBytes);
    const input = fileArg(options.path);
    this.run = runTool('ffmpeg', {
      args: [
        '-v',
        'error',
        '-protocol_whitelist',
        'file',
        '-i',
        input,
        '-map',
        '0:v:0',
        '-an',
        '-sn',
        '-dn',
        '-vf',
        `fps=${fps},scale=${width}:${height}:flags=bicubic,setsar=1,format=rgba`,
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgba',
        'pipe:1',
      ],
      onStdout: (chunk) => this.take(chunk),
      signal: this.stop.signal,
      label: options.name,
    }).then(
      (run) => {
        if (run.exitCode !== 0 && !this.stop.signal.aborted) {
          this.failure = new StudioError(
            'invalid_argument',
            `the video clip ${options.name} could not be decoded (${toolReason(run.stderr, input)})`,
          );
        }
      },
      (error: unknown) => {
        if (!this.stop.signal.aborted) this.failure = error;
      },
    );
    void this.run.finally(() => {
      this.ended = true;
      this.wakeReader();
    });
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** ffmpeg's output: cut into frames; holds ffmpeg back while two frames wait. */
  private take(chunk: Uint8Array): void | Promise<void> {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const n = Math.min(this.frameBytes - this.filled, chunk.byteLength - offset);
      this.filling.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) {
        this.ready.push(this.filling);
        this.filling = new Uint8Array(this.frameBytes);
        this.filled = 0;
        this.wakeReader();
      }
    }
    if (this.ready.length >= 2) return new Promise<void>((resolve) => (this.resume = resolve));
  }

  /** The next decoded frame, or null at the clip's end. */
  private async next(): Promise<Uint8Array | null> {
    for (;;) {
      const frame = this.ready.shift();
      if (frame) {
        const resume = this.resume;
        this.resume = null;
        resume?.();
        return frame;
      }
      if (this.ended) {
        if (this.failure) throw this.failure;
        return null;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * The clip's frame `n` at the project's rate (RGBA, width × height × 4 bytes); its last frame
   * once `n` is past its end.
   *
   * @throws StudioError: 'invalid_argument' (the clip cannot be decoded, or holds no frame),
   * 'internal' (asked to go back).
   */
  async frame(n: number): Promise<Uint8Array> {
    if (n < this.index) {
      throw new StudioError('internal', `clip frames are read in order (asked for ${n} after ${this.index})`);
    }
    while (this.index < n) {
      const frame = await this.next();
      if (!frame) break;
      this.last = frame;
      this.index++;
    }
    if (!this.last) {
      throw new StudioError('invalid_argument', `the video clip ${this.options.name} holds no frame to show`);
    }
    return this.last;
  }

  /** Stops ffmpeg (if it is still decoding) and waits for it to exit. */
  async close(): Promise<void> {
    this.stop.abort();
    const resume = this.resume;
    this.resume = null;
    resume?.();
    await this.run;
  }
}
