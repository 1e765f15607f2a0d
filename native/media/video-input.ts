/**
 * Video clip import: probes a file with ffprobe, and makes what the studio shows of it — a
 * poster (the first frame as PNG) and a preview proxy (a small VP8 WebM any Chromium plays, with
 * a keyframe every few frames so the preview can seek to any frame quickly). The clip itself is
 * kept byte for byte; the export decodes it with ffmpeg (`native/video/clip-frames.ts`). Every
 * refusal names the file and says what is wrong (DESIGN.md, "Bad input").
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../api/errors';
import { fileArg, runTool, toolReason } from './ffmpeg';
import {
  describeSeconds,
  positive,
  probeReport,
  streamSeconds,
  withLocalFile,
  type LocalFile,
  type MediaSource,
} from './local-file';

/** Clips longer than this are refused (10 minutes: an ad's shots are seconds long). */
export const MAX_VIDEO_SECONDS = 10 * 60;
/**
 * Video files larger than this are refused before ffprobe reads them (900 MiB: the project file
 * keeps each asset as one SQLite blob, and SQLite's blobs stop at 10⁹ bytes).
 */
export const MAX_VIDEO_BYTES = 900 * 1024 * 1024;
/** Frames wider or taller than this are refused (8K). */
export const MAX_VIDEO_SIDE = 8192;
/** The preview proxy's longer side, in pixels. */
export const PROXY_MAX_SIDE = 640;
/** Frames between the proxy's keyframes: a seek decodes at most this many. */
export const PROXY_KEYFRAME_INTERVAL = 6;

export interface VideoLimits {
  maxSeconds?: number;
  maxBytes?: number;
  /** Aborting kills ffprobe or ffmpeg; the call rejects with StudioError('cancelled'). */
  signal?: AbortSignal;
}

/** The containers the studio opens clips from; ffmpeg may open no other (no playlists). */
export type VideoContainer = 'mp4' | 'matroska' | 'avi';
const DEMUXERS: Record<string, VideoContainer> = { mov: 'mp4', matroska: 'matroska', avi: 'avi' };
const INPUT_GUARDS = ['-protocol_whitelist', 'file', '-format_whitelist', Object.keys(DEMUXERS).join(',')];
const CONTAINER_MIME: Record<VideoContainer, string> = {
  mp4: 'video/mp4',
  matroska: 'video/x-matroska',
  avi: 'video/x-msvideo',
};

/**
 * What ffprobe found in a video file. `width` × `height` is the picture as it is shown: a phone
 * clip filmed upright (stored sideways with a rotation) is taller than wide.
 *
 * @example
 * const probe = await probeVideo({ type: 'path', path: 'pour.mp4' });
 * // { name: 'pour.mp4', container: 'mp4', codec: 'h264', width: 1920, height: 1080, fps: 25, … }
 */
export interface VideoProbe {
  name: string;
  container: VideoContainer;
  /** ffmpeg's codec name: `h264`, `hevc`, `vp9`, `av1`, `prores`, … */
  codec: string;
  width: number;
  height: number;
  /** Frames per second (the stream's average rate). */
  fps: number;
  durationSeconds: number;
  /** `durationSeconds` at 48 kHz, rounded (how assets state a length). */
  durationSamples48k: number;
  /** Whether the file also holds sound (not used by the storyboard: import it as audio). */
  hasAudio: boolean;
  mime: string;
  bytes: number;
  /** Something the person should know (e.g. the sound in the clip is not used). */
  note?: string;
}

/**
 * Reads a video file's headers with ffprobe and checks them: a video stream, its size, length
 * and frame rate.
 *
 * @throws StudioError naming the file: 'not_found', 'invalid_argument' (empty, not video,
 * corrupt, a still image), 'too_large' (over the size, length or frame-size limits),
 * 'unavailable' (no ffprobe), 'cancelled'.
 * @example
 * const probe = await probeVideo({ type: 'bytes', name: 'drop.webm', bytes });
 */
export function probeVideo(source: MediaSource, options: VideoLimits = {}): Promise<VideoProbe> {
  return local(source, options, (file) => probeLocal(file, options));
}

/** What import keeps of a clip besides the clip itself. */
export interface VideoDerived {
  probe: VideoProbe;
  /** The first frame, PNG, at most `PROXY_MAX_SIDE` on its longer side. */
  poster: Uint8Array;
  /** VP8 WebM without sound, at most `PROXY_MAX_SIDE`, the clip's frame rate (at most 30). */
  proxy: Uint8Array;
}

/**
 * Probes the clip and makes its poster and preview proxy.
 *
 * @example
 * const { probe, poster, proxy } = await videoDerived(source, { onProgress: (f) => bar(f) });
 */
export function videoDerived(
  source: MediaSource,
  options: VideoLimits & { onProgress?: (fraction: number) => void } = {},
): Promise<VideoDerived> {
  return local(source, options, async (file) => {
    const probe = await probeLocal(file, options);
    const dir = await mkdtemp(join(tmpdir(), 'atelier-video-'));
    try {
      const input = fileArg(file.path);
      const scale = proxyScale(probe);
      const posterPath = join(dir, 'poster.png');
      const proxyPath = join(dir, 'proxy.webm');
      const onProgress = options.onProgress;
      const run = await runTool('ffmpeg', {
        args: [
          '-v',
          'error',
          ...INPUT_GUARDS,
          '-i',
          input,
          '-filter_complex',
          `[0:v:0]${scale},split=2[poster][proxy]`,
          '-map',
          '[poster]',
          '-frames:v',
          '1',
          '-f',
          'image2',
          '-c:v',
          'png',
          '-y',
          fileArg(posterPath),
          '-map',
          '[proxy]',
          ...(probe.fps > 30 ? ['-r', '30'] : []),
          '-an',
          '-sn',
          '-dn',
          '-c:v',
          'libvpx',
          '-deadline',
          'realtime',
          '-cpu-used',
          '8',
          '-b:v',
          '1500k',
          '-crf',
          '10',
          '-g',
          String(PROXY_KEYFRAME_INTERVAL),
          '-auto-alt-ref',
          '0',
          '-f',
          'webm',
          '-y',
          fileArg(proxyPath),
        ],
        signal: options.signal,
        label: probe.name,
        onProgress: onProgress
          ? (seconds, done) => onProgress(done ? 1 : Math.min(0.999, seconds / probe.durationSeconds))
          : undefined,
      });
      if (run.exitCode !== 0) {
        throw new StudioError(
          'invalid_argument',
          `${probe.name}: cannot decode the video (corrupt or cut short?): ${toolReason(run.stderr, input)}`,
        );
      }
      const [poster, proxy] = await Promise.all([readFile(posterPath), readFile(proxyPath)]);
      if (poster.byteLength === 0 || proxy.byteLength === 0) {
        throw new StudioError('invalid_argument', `${probe.name}: no frame of the video could be decoded`);
      }
      return { probe, poster: new Uint8Array(poster), proxy: new Uint8Array(proxy) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The filter that makes a picture at most `PROXY_MAX_SIDE` (even sides, square pixels). */
function proxyScale(probe: VideoProbe): string {
  const k = Math.min(1, PROXY_MAX_SIDE / Math.max(probe.width, probe.height));
  const even = (n: number) => Math.max(2, 2 * Math.round((n * k) / 2));
  return `scale=${even(probe.width)}:${even(probe.height)}:flags=bicubic,setsar=1,format=yuv420p`;
}

function local<T>(source: MediaSource, limits: VideoLimits, use: (file: LocalFile) => Promise<T>) {
  return withLocalFile(source, { maxBytes: limits.maxBytes ?? MAX_VIDEO_BYTES, kind: 'video files' }, use);
}

const ProbeJsonSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        time_base: z.string().optional(),
        duration_ts: z.number().optional(),
        duration: z.string().optional(),
        nb_frames: z.string().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).optional(),
        tags: z.object({ rotate: z.string().optional() }).optional(),
        side_data_list: z.array(z.object({ rotation: z.number().optional() })).optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string(), duration: z.string().optional() }),
});

const PROBE_ENTRIES =
  'format=format_name,duration' +
  ':stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,time_base,duration_ts,duration,nb_frames' +
  ':stream_disposition=attached_pic:stream_tags=rotate:stream_side_data=rotation';

/** "30000/1001" → 29.97; null for 0/0 and nonsense. */
function rate(text: string | undefined): number | null {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!match || Number(match[2]) === 0) return null;
  const value = Number(match[1]) / Number(match[2]);
  return value > 0 && Number.isFinite(value) ? value : null;
}

async function probeLocal(file: LocalFile, options: VideoLimits): Promise<VideoProbe> {
  const { name } = file;
  const { report: parsed } = await probeReport(file, {
    guards: INPUT_GUARDS,
    entries: PROBE_ENTRIES,
    schema: ProbeJsonSchema,
    wanted: 'a video clip the studio opens',
    accepted: '; MP4, MOV, WebM, MKV and AVI are',
    kind: 'video',
    signal: options.signal,
  });
  const container = DEMUXERS[parsed.format.format_name.split(',')[0]!];
  const video = parsed.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video || container === undefined) {
    const kinds = [...new Set(parsed.streams.map((s) => s.codec_type ?? '?'))];
    throw new StudioError(
      'invalid_argument',
      `${name}: not a video clip (no moving picture in it${kinds.length > 0 ? `, only ${kinds.join(', ')}` : ''})`,
    );
  }
  const codec = video.codec_name ?? 'unknown';
  let width = video.width ?? 0;
  let height = video.height ?? 0;
  if (width <= 0 || height <= 0) {
    throw new StudioError('invalid_argument', `${name}: the video stream is damaged (no frame size)`);
  }
  const rotation =
    video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? Number(video.tags?.rotate ?? 0);
  if (Math.abs(Math.round(rotation / 90)) % 2 === 1) [width, height] = [height, width];
  if (width > MAX_VIDEO_SIDE || height > MAX_VIDEO_SIDE) {
    throw new StudioError(
      'too_large',
      `${name}: ${width}×${height} frames are over the ${MAX_VIDEO_SIDE}×${MAX_VIDEO_SIDE} limit for video`,
    );
  }
  const durationSeconds = streamSeconds(video) ?? positive(parsed.format.duration);
  if (durationSeconds === undefined) {
    throw new StudioError(
      'invalid_argument',
      `${name}: cannot tell how long the video is (damaged headers?)`,
    );
  }
  const fps = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  const frames = Number(video.nb_frames ?? NaN);
  // One frame (a still saved as video, a cover picture): its length is a frame's or none.
  if (durationSeconds <= 0 || frames === 1 || fps === null || durationSeconds * fps < 1.5) {
    throw new StudioError(
      'invalid_argument',
      `${name}: holds a single picture, not a moving clip: import it as an image`,
    );
  }
  const maxSeconds = options.maxSeconds ?? MAX_VIDEO_SECONDS;
  if (durationSeconds > maxSeconds) {
    throw new StudioError(
      'too_large',
      `${name}: ${describeSeconds(durationSeconds)} long, over the ${describeSeconds(maxSeconds)} limit for video clips`,
    );
  }
  const hasAudio = parsed.streams.some((s) => s.codec_type === 'audio');
  const notes: string[] = [];
  if (hasAudio) notes.push('its sound is not used by the storyboard (import the file as audio for that)');
  const ext = extname(name).toLowerCase();
  const promised: Record<string, VideoContainer> = {
    '.mp4': 'mp4',
    '.m4v': 'mp4',
    '.mov': 'mp4',
    '.webm': 'matroska',
    '.mkv': 'matroska',
    '.avi': 'avi',
  };
  if (promised[ext] && promised[ext] !== container) {
    notes.push(
      `the name says ${ext.slice(1).toUpperCase()} but the file holds ${container.toUpperCase()}; it is read as such`,
    );
  }
  const probe: VideoProbe = {
    name,
    container,
    codec,
    width,
    height,
    fps,
    durationSeconds,
    durationSamples48k: Math.round(durationSeconds * 48000),
    hasAudio,
    mime:
      container === 'matroska' && ['vp8', 'vp9', 'av1'].includes(codec)
        ? 'video/webm'
        : CONTAINER_MIME[container],
    bytes: file.bytes,
  };
  if (notes.length > 0) probe.note = `${name}: ${notes.join('; ')}.`;
  return probe;
}
