/**
 * Raw RGBA frames and a 48 kHz mix into an MP4 (H.264 + AAC) or WebM (VP9 + Opus) file with
 * ffmpeg: the frames go through its standard input as they are drawn, the mix is read from a
 * file. ffmpeg is always started with an argument array (never a shell) and every file it
 * touches is named with `fileArg`, so any file name is safe.
 */
import { StudioError } from '../api/errors';
import { fileArg, runTool, toolReason } from '../media/ffmpeg';
import { SAMPLE_RATE } from '../model/time';

/** The containers a storyboard exports to as video. */
export type VideoContainer = 'mp4' | 'webm';

/**
 * How hard the encoders work. Measured on the 2-core build machine with 1080×1920 story frames
 * (tests/bench/export): libx264 `veryfast` at CRF 20 takes ~17 ms of CPU a frame (~100 fps);
 * `faster` +45 % CPU for +0.4 dB PSNR, `medium` +75 % for +0.8 dB at about the same size — no
 * visible gain on flat, graphic ad frames, so exports use `veryfast`. VP9 in realtime mode at
 * cpu-used 8 takes ~12 ms a frame; "good" at cpu-used 5 makes files half the size but takes
 * ~4.7× as long, so a 30 s WebM would take longer than its MP4 by minutes.
 */
export interface EncoderSettings {
  x264Preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
  /** H.264 constant quality, lower is better (18–23 is "visually clean"). */
  x264Crf: number;
  /** VP9 constant quality, 0–63, lower is better (31 is Google's advice for 1080p). */
  vp9Crf: number;
}

export const DEFAULT_ENCODER_SETTINGS: EncoderSettings = { x264Preset: 'veryfast', x264Crf: 20, vp9Crf: 31 };

/** The input side of the arguments: raw frames on `video`, and the mix as raw f32le on `audio`. */
export interface EncodeInputs {
  width: number;
  height: number;
  fps: number;
  /** `pipe:0`, or `fileArg(path)` of a raw RGBA file (the benchmark's peer). */
  video: string;
  /** `fileArg(path)` of 48 kHz stereo interleaved f32le. */
  audio: string;
}

/**
 * The ffmpeg arguments that encode `inputs` into `out` (a `fileArg`). Colours are converted to
 * BT.709 (the matrix every player assumes for HD) and tagged as such; chroma is 4:2:0, which
 * every player and ad platform takes. MP4 moves its index to the front (+faststart) so a browser
 * can play it while it downloads.
 *
 * @example
 * runTool('ffmpeg', { args: encodeArgs('mp4', { width: 1080, height: 1920, fps: 30, video: 'pipe:0', audio: fileArg(wav) }, fileArg(tmp)) })
 */
export function encodeArgs(
  container: VideoContainer,
  inputs: EncodeInputs,
  out: string,
  settings: EncoderSettings = DEFAULT_ENCODER_SETTINGS,
): string[] {
  const { width, height, fps } = inputs;
  const video = [
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${width}x${height}`,
    '-r',
    String(fps),
    '-i',
    inputs.video,
  ];
  const audio = ['-f', 'f32le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-i', inputs.audio];
  // RGB → Y'CbCr with the BT.709 matrix, studio range, 4:2:0: what an untagged-aware player
  // expects, and the tags say so.
  const convert = [
    '-vf',
    'scale=out_color_matrix=bt709:out_range=tv:flags=bicubic+accurate_rnd+full_chroma_int,format=yuv420p',
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-color_range',
    'tv',
  ];
  const codecs =
    container === 'mp4'
      ? [
          '-c:v',
          'libx264',
          '-preset',
          settings.x264Preset,
          '-crf',
          String(settings.x264Crf),
          '-profile:v',
          'high',
          '-c:a',
          'aac',
          '-b:a',
          '192k',
          '-movflags',
          '+faststart',
          '-f',
          'mp4',
        ]
      : [
          '-c:v',
          'libvpx-vp9',
          '-crf',
          String(settings.vp9Crf),
          '-b:v',
          '0',
          // Realtime mode with row threading: ~5× faster than "good" on two cores, at a larger
          // file for the same look (still far below an ad platform's size limits).
          '-deadline',
          'realtime',
          '-cpu-used',
          '8',
          '-row-mt',
          '1',
          '-c:a',
          'libopus',
          '-b:a',
          '160k',
          '-f',
          'webm',
        ];
  return [
    '-v',
    'error',
    ...video,
    ...audio,
    '-map',
    '0:v:0',
    '-map',
    '1:a:0',
    ...convert,
    ...codecs,
    '-y',
    out,
  ];
}

export interface EncodeVideoOptions {
  container: VideoContainer;
  width: number;
  height: number;
  fps: number;
  /** Each frame's pixels: width × height × 4 bytes of opaque RGBA, top row first. */
  frames: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** The mix as 48 kHz stereo f32le, exactly as long as the frames. */
  audioPath: string;
  /** The file to write (the caller renames it into place). */
  outPath: string;
  settings?: EncoderSettings;
  /** Aborting kills ffmpeg; the call rejects with StudioError('cancelled'). */
  signal?: AbortSignal;
  /** What the export is called in messages (the target's name). */
  label: string;
}

/**
 * Runs ffmpeg over the frames and the mix into `outPath`.
 *
 * @throws StudioError: 'unavailable' (no ffmpeg), 'cancelled', 'internal' (ffmpeg failed, with
 * its reason), or whatever producing a frame threw.
 */
export async function encodeVideo(options: EncodeVideoOptions): Promise<void> {
  const out = fileArg(options.outPath);
  const run = await runTool('ffmpeg', {
    args: encodeArgs(
      options.container,
      {
        width: options.width,
        height: options.height,
        fps: options.fps,
        video: 'pipe:0',
        audio: fileArg(options.audioPath),
      },
      out,
      options.settings,
    ),
    stdin: { chunks: options.frames },
    signal: options.signal,
    label: options.label,
  });
  if (run.exitCode !== 0) {
    const reason = toolReason(run.stderr, out);
    throw new StudioError(
      /No space left/i.test(run.stderr) ? 'unavailable' : 'internal',
      `${options.label}: ffmpeg could not encode the video (${reason})`,
    );
  }
}
