import { fileArg, runTool } from '../../native/media/ffmpeg';

/**
 * What the export tests ask ffprobe and ffmpeg about a finished file, always with argument
 * arrays and `fileArg` names (so '-out.mp4' or a name with a newline is just a file).
 */
export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  nb_frames?: string;
}

export async function probe(path: string): Promise<{ streams: ProbedStream[]; duration: number }> {
  const run = await runTool('ffprobe', {
    args: ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', fileArg(path)],
  });
  if (run.exitCode !== 0) throw new Error(`ffprobe failed: ${run.stderr}`);
  const json = JSON.parse(Buffer.from(run.stdout).toString('utf8')) as {
    streams: ProbedStream[];
    format: { duration: string };
  };
  return { streams: json.streams, duration: Number(json.format.duration) };
}

/** The number of video frames, counted by decoding (WebM states none). */
export async function countFrames(path: string): Promise<number> {
  const run = await runTool('ffprobe', {
    args: [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=nb_read_frames',
      '-of',
      'csv=p=0',
      '-i',
      fileArg(path),
    ],
  });
  return Number(Buffer.from(run.stdout).toString('utf8').trim());
}

/** ffmpeg's own integrated loudness (its ebur128 filter), in LUFS. */
export async function ebur128(
  path: string,
  format?: { raw: 'f32le' },
): Promise<{ integrated: number; truePeak: number }> {
  const input = format ? ['-f', format.raw, '-ar', '48000', '-ac', '2'] : [];
  const run = await runTool('ffmpeg', {
    args: ['-v', 'info', ...input, '-i', fileArg(path), '-af', 'ebur128=peak=true', '-f', 'null', '-'],
    stderrTail: 1_000_000,
  });
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  const integrated = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  const peak = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (!integrated) throw new Error(`no loudness summary from ffmpeg: ${run.stderr.slice(-2000)}`);
  const n = (s: string) => (s === '-inf' ? -Infinity : Number(s));
  return { integrated: n(integrated[1]!), truePeak: peak ? n(peak[1]!) : NaN };
}

/**
 * One decoded frame as RGB bytes: the first whose time is at or after `seconds` (ffmpeg drops
 * earlier ones), so frame n of a clip at `fps` is `(n - 0.5) / fps`.
 */
export async function decodeFrameRgb(path: string, seconds: number): Promise<Uint8Array> {
  const run = await runTool('ffmpeg', {
    args: [
      '-v',
      'error',
      '-i',
      fileArg(path),
      '-ss',
      seconds.toFixed(4),
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    maxStdoutBytes: 64 * 1024 * 1024,
  });
  if (run.exitCode !== 0) throw new Error(`ffmpeg could not decode a frame: ${run.stderr}`);
  return run.stdout;
}

/** PSNR in dB between RGB bytes and RGBA bytes of the same size (alpha ignored). */
export function psnrRgbVsRgba(rgb: Uint8Array, rgba: Uint8Array): number {
  const pixels = rgb.length / 3;
  if (rgba.length !== pixels * 4)
    throw new Error(`sizes differ: ${rgb.length / 3} vs ${rgba.length / 4} pixels`);
  let sum = 0;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const d = rgb[3 * p + c]! - rgba[4 * p + c]!;
      sum += d * d;
    }
  }
  const mse = sum / (pixels * 3);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
