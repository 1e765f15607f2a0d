/**
 * What audio and video import share: a file named by path or dropped as bytes, checked for size
 * and handed to ffmpeg as a local, seekable file (bytes go to a private temporary copy that is
 * removed afterwards), and the words messages use for sizes and lengths.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { z } from 'zod';
import { StudioError } from '../api/errors';
import { baseName } from '../api/jobs';
import { fileArg, runTool, toolReason } from './ffmpeg';

/**
 * Where media comes from: a path on the workstation, or bytes dropped into the browser (the same
 * shape as `ImageSource`).
 *
 * @example
 * const source: MediaSource = { type: 'path', path: '/home/me/bed.m4a' };
 */
export type MediaSource = { type: 'path'; path: string } | { type: 'bytes'; name: string; bytes: Uint8Array };

/** A source as a local file ffmpeg can seek in. */
export interface LocalFile {
  /** The file's name, as every message states it. */
  name: string;
  path: string;
  bytes: number;
}

/**
 * Checks the size and hands `use` a local path: the file itself, or for bytes a private
 * temporary copy (MP4's index may sit at the end, and lengths read from a pipe are guesses, so
 * ffmpeg gets a seekable file), removed afterwards. `kind` words the size refusal ("audio files").
 *
 * @throws StudioError naming the file: 'not_found' (missing, unreadable), 'invalid_argument'
 * (empty, a folder), 'too_large' (over `maxBytes`).
 * @example
 * const seconds = await withLocalFile(source, { maxBytes, kind: 'video files' }, (local) => probe(local.path));
 */
export async function withLocalFile<T>(
  source: MediaSource,
  limits: { maxBytes: number; kind: string },
  use: (local: LocalFile) => Promise<T>,
): Promise<T> {
  if (source.type === 'path') {
    const name = baseName(source.path);
    let size: number;
    try {
      const info = await stat(source.path);
      if (!info.isFile()) throw new StudioError('invalid_argument', `${name}: not a file`);
      size = info.size;
    } catch (error) {
      if (error instanceof StudioError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new StudioError(
        'not_found',
        code === 'ENOENT' ? `${name}: no such file` : `${name}: cannot read the file (${code ?? 'error'})`,
      );
    }
    checkSize(name, size, limits);
    return use({ name, path: source.path, bytes: size });
  }
  const name = source.name;
  checkSize(name, source.bytes.byteLength, limits);
  const dir = await mkdtemp(join(tmpdir(), 'atelier-media-'));
  try {
    const ext = extname(name).toLowerCase();
    const path = join(dir, `input${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`);
    await writeFile(path, source.bytes, { mode: 0o600 });
    return await use({ name, path, bytes: source.bytes.byteLength });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkSize(name: string, size: number, limits: { maxBytes: number; kind: string }): void {
  if (size === 0) throw new StudioError('invalid_argument', `${name}: the file is empty`);
  if (size > limits.maxBytes) {
    throw new StudioError(
      'too_large',
      `${name}: ${describeBytes(size)} is over the ${describeBytes(limits.maxBytes)} limit for ${limits.kind}`,
    );
  }
}

/** A stream's length from its own timestamps (exact), else its duration field. */
export function streamSeconds(stream: {
  time_base?: string;
  duration_ts?: number;
  duration?: string;
}): number | undefined {
  const base = /^(\d+)\/(\d+)$/.exec(stream.time_base ?? '');
  if (base && stream.duration_ts !== undefined && stream.duration_ts > 0 && Number(base[2]) > 0) {
    return (stream.duration_ts * Number(base[1])) / Number(base[2]);
  }
  return positive(stream.duration);
}

/** A number ffprobe wrote as text, when it is one and not negative. */
export function positive(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** `3.2 s`, `4 min 5 s`, `1 h 2 min` */
export function describeSeconds(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) {
    const s = whole % 60;
    return `${Math.floor(whole / 60)} min${s ? ` ${s} s` : ''}`;
  }
  const m = Math.floor((whole % 3600) / 60);
  return `${Math.floor(whole / 3600)} h${m ? ` ${m} min` : ''}`;
}

/** `512 bytes`, `3.4 MB`, `1 GB` */
export function describeBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Names ffmpeg's demuxers give what a file holds, for "not an audio file (it holds …)". */
export function describeDemuxer(demuxer: string): string {
  const image = /^([a-z0-9]+)_pipe$/.exec(demuxer);
  if (image) return `a ${image[1]!.toUpperCase()} image`;
  const known: Record<string, string> = {
    image2: 'an image',
    gif: 'a GIF image',
    tty: 'text',
    hls: 'a playlist',
    concat: 'a playlist',
    avi: 'an AVI video',
    mpegts: 'an MPEG transport stream',
    wav: 'WAV audio',
    mp3: 'MP3 audio',
    flac: 'FLAC audio',
    ogg: 'Ogg audio',
  };
  return known[demuxer] ?? `a ${demuxer} file`;
}

export interface ProbeRequest<T> {
  /** `-protocol_whitelist … -format_whitelist …`: what ffprobe may open. */
  guards: readonly string[];
  /** ffprobe's `-show_entries`. */
  entries: string;
  /** The shape of ffprobe's JSON report (only what the caller reads). */
  schema: z.ZodType<T>;
  /** What a file of the wanted kind is called: "an audio file", "a video clip the studio opens". */
  wanted: string;
  /** Added after a refusal for a foreign format, e.g. "; MP4, MOV, WebM, MKV and AVI are". */
  accepted?: string;
  /** The kind, for "not a readable … file: corrupt, cut short or not …": "audio", "video". */
  kind: string;
  signal?: AbortSignal;
}

/**
 * Runs ffprobe on a local file and returns its JSON report, parsed, and the warnings it wrote
 * ("Estimating duration from bitrate", …). A file of a format outside
 * the guards, or one ffprobe cannot read, is refused naming the file and what it holds.
 *
 * @throws StudioError: 'invalid_argument' (foreign or unreadable), 'internal' (a report that does
 * not parse), 'unavailable' (no ffprobe), 'cancelled'.
 * @example
 * const { report } = await probeReport(local, { guards, entries, schema, wanted: 'an audio file', kind: 'audio' });
 */
export async function probeReport<T>(
  file: LocalFile,
  request: ProbeRequest<T>,
): Promise<{ report: T; warnings: string }> {
  const { name } = file;
  const input = fileArg(file.path);
  const run = await runTool('ffprobe', {
    args: [
      '-v',
      'warning',
      ...request.guards,
      '-print_format',
      'json',
      '-show_entries',
      request.entries,
      '-i',
      input,
    ],
    signal: request.signal,
    label: name,
  });
  if (run.exitCode !== 0) {
    const foreign = /\[([a-z0-9_,]+) @ 0x[0-9a-f]+\] Format not on whitelist/i.exec(run.stderr);
    if (foreign) {
      throw new StudioError(
        'invalid_argument',
        `${name}: not ${request.wanted} (it holds ${describeDemuxer(foreign[1]!.split(',')[0]!)}${request.accepted ?? ''})`,
      );
    }
    throw new StudioError(
      'invalid_argument',
      `${name}: not a readable ${request.kind} file: corrupt, cut short or not ${request.kind} (${toolReason(run.stderr, input)})`,
    );
  }
  try {
    return {
      report: request.schema.parse(JSON.parse(Buffer.from(run.stdout).toString('utf8'))),
      warnings: run.stderr,
    };
  } catch (error) {
    throw new StudioError(
      'internal',
      `${name}: could not read ffprobe's report (${(error as Error).message})`,
    );
  }
}
