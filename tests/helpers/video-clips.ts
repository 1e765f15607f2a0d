import { rename } from 'node:fs/promises';
import { fileArg, runTool } from '../../native/media/ffmpeg';

/**
 * The grey level a test clip's frame `k` is painted with: steps of 8 from 16, so a decoded
 * frame (YUV rounding, a few levels off) still tells which frame it was.
 */
export function clipLevel(k: number): number {
  return 16 + ((k * 8) % 224);
}

export interface ClipOptions {
  width?: number;
  height?: number;
  fps?: number;
  frames?: number;
  /** 'mp4' (H.264, default), 'webm' (VP9), 'mkv' (H.264). */
  format?: 'mp4' | 'webm' | 'mkv';
  /** Add a 440 Hz tone as a second stream. */
  withAudio?: boolean;
  /** Store a rotation (degrees), as phones do for upright clips. */
  rotate?: 90 | 180 | 270;
}

/**
 * Writes a test clip to `path`: frame k is a flat grey of `clipLevel(k)` with a white square in
 * its top-left quarter (so orientation shows), encoded near-losslessly by the system's ffmpeg.
 *
 * @example
 * await makeClip(join(dir, 'pour.mp4'), { width: 160, height: 90, fps: 30, frames: 45 });
 */
export async function makeClip(path: string, options: ClipOptions = {}): Promise<void> {
  const { width = 160, height = 90, fps = 30, frames = 30, format = 'mp4' } = options;
  const size = width * height * 4;
  const chunks = function* () {
    for (let k = 0; k < frames; k++) {
      const frame = new Uint8Array(size);
      const level = clipLevel(k);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const mark = x < width / 4 && y < height / 4;
          frame[i] = frame[i + 1] = frame[i + 2] = mark ? 255 : level;
          frame[i + 3] = 255;
        }
      }
      yield frame;
    }
  };
  const codec =
    format === 'webm'
      ? ['-c:v', 'libvpx-vp9', '-lossless', '1', '-f', 'webm']
      : ['-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', '-f', format === 'mkv' ? 'matroska' : 'mp4'];
  const audio = options.withAudio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${frames / fps}`] : [];
  const run = await runTool('ffmpeg', {
    args: [
      '-v',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-s',
      `${width}x${height}`,
      '-r',
      String(fps),
      '-i',
      'pipe:0',
      ...audio,
      ...codec,
      ...(options.withAudio ? ['-c:a', format === 'webm' ? 'libopus' : 'aac', '-shortest'] : []),
      '-y',
      fileArg(path),
    ],
    stdin: { chunks: chunks() },
  });
  if (run.exitCode !== 0) throw new Error(`ffmpeg could not make the test clip: ${run.stderr}`);
  if (options.rotate) {
    // ffmpeg 5 stores a rotation (a display matrix) only when copying streams.
    const turned = `${path}.turned${format === 'webm' ? '.webm' : format === 'mkv' ? '.mkv' : '.mp4'}`;
    const remux = await runTool('ffmpeg', {
      args: [
        '-v',
        'error',
        '-i',
        fileArg(path),
        '-c',
        'copy',
        '-metadata:s:v:0',
        `rotate=${options.rotate}`,
        '-y',
        fileArg(turned),
      ],
    });
    if (remux.exitCode !== 0) throw new Error(`ffmpeg could not rotate the test clip: ${remux.stderr}`);
    await rename(turned, path);
  }
}
