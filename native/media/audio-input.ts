/**
 * Audio import: probes a file with ffprobe, gives bytes Chromium's Web Audio can decode (the
 * original where it can, FLAC otherwise) and streams decoded PCM for analysis. Every refusal
 * names the file and says what is wrong (DESIGN.md, "Bad input"); nothing here writes anywhere
 * but its own temporary folders, which it removes.
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
  withLocalFile as withLocal,
  type LocalFile,
  type MediaSource,
} from './local-file';

/** Where audio comes from: a path, or bytes dropped into the browser (see `MediaSource`). */
export type AudioSource = MediaSource;

/** Audio longer than this is refused (30 minutes). */
export const MAX_AUDIO_SECONDS = 30 * 60;
/**
 * Audio files larger than this are refused before ffprobe reads them (900 MiB: the project file
 * keeps each asset as one SQLite blob, and SQLite's blobs stop at 10⁹ bytes).
 */
export const MAX_AUDIO_BYTES = 900 * 1024 * 1024;

/** An audio source as a local file, checked against `maxBytes` (default `MAX_AUDIO_BYTES`). */
function withLocalFile<T>(source: AudioSource, limits: AudioLimits, use: (local: LocalFile) => Promise<T>) {
  return withLocal(source, { maxBytes: limits.maxBytes ?? MAX_AUDIO_BYTES, kind: 'audio files' }, use);
}

/** Limits, overridable for tests; the defaults are `MAX_AUDIO_SECONDS` and `MAX_AUDIO_BYTES`. */
export interface AudioLimits {
  maxSeconds?: number;
  maxBytes?: number;
}

export interface ProbeOptions extends AudioLimits {
  /** Aborting kills ffprobe; the call rejects with StudioError('cancelled'). */
  signal?: AbortSignal;
}

/** The containers the studio opens; ffmpeg is not allowed to open any other (no playlists). */
export type AudioContainer =
  'wav' | 'w64' | 'mp3' | 'ogg' | 'flac' | 'mp4' | 'aac' | 'matroska' | 'aiff' | 'caf';

/** ffmpeg demuxer name → container. Only these demuxers may run (`-format_whitelist`). */
const DEMUXERS: Record<string, AudioContainer> = {
  wav: 'wav',
  w64: 'w64',
  mp3: 'mp3',
  ogg: 'ogg',
  flac: 'flac',
  mov: 'mp4',
  aac: 'aac',
  matroska: 'matroska',
  aiff: 'aiff',
  caf: 'caf',
};
const FORMAT_WHITELIST = Object.keys(DEMUXERS).join(',');
/** Inputs are always local files (bytes are written to a private temporary file first). */
const INPUT_GUARDS = ['-protocol_whitelist', 'file', '-format_whitelist', FORMAT_WHITELIST];

/** ffmpeg's arguments to read the first audio stream of a local file, and nothing else of it. */
function firstAudioOf(input: string): string[] {
  return ['-v', 'error', ...INPUT_GUARDS, '-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn'];
}

const CONTAINER_LABEL: Record<AudioContainer, string> = {
  wav: 'WAV',
  w64: 'Wave64',
  mp3: 'MP3',
  ogg: 'Ogg',
  flac: 'FLAC',
  mp4: 'MP4/M4A',
  aac: 'AAC',
  matroska: 'Matroska/WebM',
  aiff: 'AIFF',
  caf: 'CAF',
};

const CONTAINER_MIME: Record<AudioContainer, string> = {
  wav: 'audio/wav',
  w64: 'audio/x-w64',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  matroska: 'audio/x-matroska',
  aiff: 'audio/aiff',
  caf: 'audio/x-caf',
};

/** What each file extension promises; a file that holds something else gets a `note`. */
const EXTENSION_CONTAINERS: Record<string, readonly AudioContainer[]> = {
  '.wav': ['wav', 'w64'],
  '.wave': ['wav'],
  '.w64': ['w64'],
  '.mp3': ['mp3'],
  '.ogg': ['ogg'],
  '.oga': ['ogg'],
  '.opus': ['ogg'],
  '.flac': ['flac'],
  '.m4a': ['mp4'],
  '.mp4': ['mp4'],
  '.m4b': ['mp4'],
  '.alac': ['mp4'],
  '.aac': ['aac', 'mp4'],
  '.webm': ['matroska'],
  '.mka': ['matroska'],
  '.aif': ['aiff'],
  '.aiff': ['aiff'],
  '.aifc': ['aiff'],
  '.caf': ['caf'],
};

/** PCM layouts in a WAV that Chromium's decodeAudioData reads as they are. */
const PLAYABLE_WAV_CODECS = new Set(['pcm_u8', 'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le']);

/**
 * What ffprobe found in an audio file.
 *
 * @example
 * const probe = await probeAudio({ type: 'path', path: 'bed.m4a' });
 * // { name: 'bed.m4a', container: 'mp4', codec: 'aac', sampleRate: 44100, channels: 2,
 * //   durationSeconds: 3, durationSamples48k: 144000, mime: 'audio/mp4', … }
 */
export interface AudioProbe {
  /** The file's name, as every message states it. */
  name: string;
  /** The container, by content (never by extension). */
  container: AudioContainer;
  /** ffmpeg's codec name: `pcm_s16le`, `mp3`, `vorbis`, `opus`, `flac`, `aac`, `alac`, … */
  codec: string;
  sampleRate: number;
  channels: number;
  /** Bits per sample of lossless audio (16, 24, …); absent for lossy codecs. */
  bitsPerSample?: number;
  /**
   * Length from the headers. Exact for WAV, FLAC, Vorbis and MP4 (edit lists applied); MP3 and
   * Opus headers include the encoder's delay (a few ms more than decoding yields).
   */
  durationSeconds: number;
  /** `durationSeconds` at 48 kHz, rounded to a whole sample (the timeline's unit). */
  durationSamples48k: number;
  /** True when the headers hold no length and ffmpeg guessed it from the bitrate. */
  durationEstimated: boolean;
  /** The MIME type of the file as it is (by content). */
  mime: string;
  /** Size of the file in bytes. */
  bytes: number;
  /** Something the person should know, e.g. an extension that disagrees with the content. */
  note?: string;
}

/**
 * Reads an audio file's headers with ffprobe and checks them: size, content, length. A file
 * whose extension disagrees with its content is read by its content, with a `note`.
 *
 * @throws StudioError naming the file: 'not_found' (missing, unreadable), 'invalid_argument'
 * (empty, not audio, corrupt), 'too_large' (over `maxBytes` or `maxSeconds`), 'unavailable'
 * (no ffprobe), 'cancelled'.
 * @example
 * const probe = await probeAudio({ type: 'bytes', name: 'drop.mp3', bytes }, { signal });
 */
export async function probeAudio(source: AudioSource, options: ProbeOptions = {}): Promise<AudioProbe> {
  return withLocalFile(source, options, (local) => probeLocal(local, options));
}

/** Bytes Chromium's Web Audio can decode, ready to store as the asset. */
export interface PlayableAudio {
  bytes: Uint8Array;
  mime: string;
  /** False: `bytes` are the file as it was. True: FLAC made by ffmpeg. */
  transcoded: boolean;
  /** The probe of the input (so the caller need not probe again). */
  probe: AudioProbe;
}

export interface PlayableOptions extends ProbeOptions {
  /** 0…1 while transcoding (from ffmpeg's `-progress`); 1 at the end either way. */
  onProgress?: (fraction: number) => void;
  /** A probe of the same source from `probeAudio`, to skip probing again. */
  probe?: AudioProbe;
}

/**
 * The audio as bytes Chromium's Web Audio decodes: WAV PCM, MP3, Ogg Vorbis/Opus and FLAC of
 * mono or stereo are kept byte for byte; anything else (AAC, ALAC, more than two channels, …)
 * becomes FLAC at 48 kHz (16-bit with triangular dither from lossy or 16-bit sources, 24-bit
 * from deeper lossless ones), trimmed to the container's stated length (AAC padding dropped).
 *
 * @example
 * const { bytes, mime, transcoded } = await playableAudio(source, { onProgress: (f) => bar(f) });
 */
export async function playableAudio(
  source: AudioSource,
  options: PlayableOptions = {},
): Promise<PlayableAudio> {
  return withLocalFile(source, options, async (local) => {
    const probe = options.probe ?? (await probeLocal(local, options));
    if (isPlayableAsIs(probe)) {
      const bytes = source.type === 'bytes' ? source.bytes : new Uint8Array(await readFile(local.path));
      options.onProgress?.(1);
      return { bytes, mime: probe.mime, transcoded: false, probe };
    }
    const bytes = await transcodeToFlac(local, probe, options);
    options.onProgress?.(1);
    return { bytes, mime: 'audio/flac', transcoded: true, probe };
  });
}

export interface DecodeOptions extends ProbeOptions {
  /** Output rate, 8000…384000. Default 48000. */
  sampleRate?: number;
  /**
   * 2 (default): stereo; more channels are downmixed, and a mono source is given at full level
   * on both sides, as Web Audio plays it (then `right` is the same array as `left`).
   * 1: mono (`right` is `left`).
   */
  channels?: 1 | 2;
  /**
   * Receives each chunk of decoded samples (a few thousand frames; fresh arrays the callee may
   * keep). Returning a promise holds ffmpeg back until it settles.
   */
  onChunk: (left: Float32Array, right: Float32Array) => void | Promise<void>;
  /** 0…1 by samples decoded against the probed length. */
  onProgress?: (fraction: number) => void;
  /** A probe of the same source from `probeAudio`, to skip probing again. */
  probe?: AudioProbe;
}

/** What a decode yielded. */
export interface DecodedAudio {
  probe: AudioProbe;
  sampleRate: number;
  channels: 1 | 2;
  /** Sample frames delivered to `onChunk`: the audio's exact length at `sampleRate`. */
  frames: number;
}

/**
 * Decodes the first audio track to 32-bit float PCM with ffmpeg and streams it to `onChunk`, so
 * a 30-minute file is never held in memory. MP4 audio is trimmed to its stated length (AAC's
 * trailing padding dropped). A file that yields clearly less than its headers promise is refused
 * as cut short.
 *
 * @example
 * let peak = 0;
 * const { frames } = await decodeAudioStream(source, {
 *   onChunk: (left, right) => { for (const s of left) peak = Math.max(peak, Math.abs(s)); },
 * });
 */
export async function decodeAudioStream(source: AudioSource, options: DecodeOptions): Promise<DecodedAudio> {
  const sampleRate = options.sampleRate ?? 48000;
  const channels = options.channels ?? 2;
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 384000) {
    throw new StudioError('invalid_argument', `not a usable sample rate: ${sampleRate}`, 'sampleRate');
  }
  if (channels !== 1 && channels !== 2) {
    throw new StudioError(
      'invalid_argument',
      `channels must be 1 or 2 (got ${String(channels)})`,
      'channels',
    );
  }
  return withLocalFile(source, options, async (local) => {
    const probe = options.probe ?? (await probeLocal(local, options));
    const frames = await decodeLocal(local, probe, sampleRate, channels, options);
    return { probe, sampleRate, channels, frames };
  });
}

// ---------------------------------------------------------------------------------------------

const ProbeJsonSchema = z.object({
  streams: z
    .array(
      z.object({
        index: z.number(),
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        sample_rate: z.string().optional(),
        channels: z.number().optional(),
        time_base: z.string().optional(),
        duration_ts: z.number().optional(),
        duration: z.string().optional(),
        bits_per_raw_sample: z.string().optional(),
        bits_per_sample: z.number().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string(), duration: z.string().optional() }),
});

const PROBE_ENTRIES =
  'format=format_name,duration' +
  ':stream=index,codec_type,codec_name,sample_rate,channels,time_base,duration_ts,duration,' +
  'bits_per_raw_sample,bits_per_sample:stream_disposition=attached_pic';

async function probeLocal(local: LocalFile, options: ProbeOptions): Promise<AudioProbe> {
  const { name } = local;
  const { report: parsed, warnings } = await probeReport(local, {
    guards: INPUT_GUARDS,
    entries: PROBE_ENTRIES,
    schema: ProbeJsonSchema,
    wanted: 'an audio file',
    kind: 'audio',
    signal: options.signal,
  });
  const demuxer = parsed.format.format_name.split(',')[0]!;
  const container = DEMUXERS[demuxer];
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  if (!audio || container === undefined) {
    const kinds = [...new Set(parsed.streams.map((s) => s.codec_name ?? s.codec_type ?? '?'))];
    throw new StudioError(
      'invalid_argument',
      `${name}: not an audio file (no sound in it${kinds.length > 0 ? `, only ${kinds.join(', ')}` : ''})`,
    );
  }
  const codec = audio.codec_name ?? 'unknown';
  const sampleRate = Number(audio.sample_rate);
  const channels = audio.channels ?? 0;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || channels <= 0) {
    throw new StudioError(
      'invalid_argument',
      `${name}: the audio stream is damaged (sample rate ${audio.sample_rate ?? '?'}, ${channels} channels)`,
    );
  }

  const durationSeconds = streamSeconds(audio) ?? positive(parsed.format.duration);
  if (durationSeconds === undefined) {
    throw new StudioError(
      'invalid_argument',
      `${name}: cannot tell how long the audio is (damaged headers?)`,
    );
  }
  if (durationSeconds <= 0) throw new StudioError('invalid_argument', `${name}: holds no audio (0 s long)`);
  const maxSeconds = options.maxSeconds ?? MAX_AUDIO_SECONDS;
  if (durationSeconds > maxSeconds) {
    throw new StudioError(
      'too_large',
      `${name}: ${describeSeconds(durationSeconds)} long, over the ${describeSeconds(maxSeconds)} limit for audio`,
    );
  }
  const durationEstimated = /Estimating duration from bitrate/.test(warnings);

  const notes: string[] = [];
  const ext = extname(name).toLowerCase();
  const promised = EXTENSION_CONTAINERS[ext];
  if (promised && !promised.includes(container)) {
    notes.push(
      `the name says ${ext.slice(1).toUpperCase()} but the file holds ${CONTAINER_LABEL[container]} audio` +
        `${codec === container ? '' : ` (${codec})`}; it is read as ${CONTAINER_LABEL[container]}`,
    );
  }
  if (parsed.streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1)) {
    notes.push('the file also holds video; only its first audio track is used');
  }
  if (/filesize and duration do not match/.test(warnings)) {
    notes.push('its header and its size disagree (cut short?)');
  } else if (durationEstimated) {
    notes.push('its header holds no length (written as a stream, or cut short); the length is measured');
  }

  const bits = Number(audio.bits_per_raw_sample ?? audio.bits_per_sample ?? 0);
  const lossless = codec.startsWith('pcm_') || codec === 'flac' || codec === 'alac' || codec === 'wavpack';
  const probe: AudioProbe = {
    name,
    container,
    codec,
    sampleRate,
    channels,
    durationSeconds,
    durationSamples48k: Math.round(durationSeconds * 48000),
    durationEstimated,
    mime: CONTAINER_MIME[container],
    bytes: local.bytes,
  };
  if (lossless && bits > 0) probe.bitsPerSample = bits;
  if (notes.length > 0) probe.note = `${name}: ${notes.join('; ')}.`;
  return probe;
}

function isPlayableAsIs(probe: AudioProbe): boolean {
  if (probe.channels > 2) return false;
  switch (probe.container) {
    case 'wav':
      return PLAYABLE_WAV_CODECS.has(probe.codec);
    case 'mp3':
      return probe.codec === 'mp3';
    case 'ogg':
      return probe.codec === 'vorbis' || probe.codec === 'opus';
    case 'flac':
      return probe.codec === 'flac';
    default:
      return false;
  }
}

async function transcodeToFlac(
  local: LocalFile,
  probe: AudioProbe,
  options: PlayableOptions,
): Promise<Uint8Array> {
  const { name } = local;
  const deep = (probe.bitsPerSample ?? 16) > 16;
  const layout = probe.channels === 1 ? 'mono' : 'stereo';
  const resample = `aresample=osr=48000:osf=${deep ? 's32' : 's16'}:ochl=${layout}${deep ? '' : ':dither_method=triangular'}`;
  // MP4 states its exact length in the edit list; ffmpeg 5 decodes AAC's trailing padding too.
  const trim =
    probe.container === 'mp4' && !probe.durationEstimated ? ['-t', String(probe.durationSeconds)] : [];
  const dir = await mkdtemp(join(tmpdir(), 'atelier-audio-'));
  try {
    // FLAC goes to a seekable file: ffmpeg rewrites its header (length, checksum) at the end.
    const out = join(dir, 'playable.flac');
    const input = fileArg(local.path);
    const onProgress = options.onProgress;
    const run = await runTool('ffmpeg', {
      args: [
        ...firstAudioOf(input),
        ...trim,
        '-af',
        resample,
        '-c:a',
        'flac',
        ...(deep ? ['-bits_per_raw_sample', '24'] : []),
        '-f',
        'flac',
        '-y',
        fileArg(out),
      ],
      signal: options.signal,
      label: name,
      onProgress: onProgress
        ? (seconds, done) => onProgress(done ? 1 : Math.min(0.999, seconds / probe.durationSeconds))
        : undefined,
    });
    if (run.exitCode !== 0) {
      throw new StudioError(
        'invalid_argument',
        `${name}: cannot convert the audio (corrupt or cut short?): ${toolReason(run.stderr, input)}`,
      );
    }
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const PCM_FORMAT = LITTLE_ENDIAN ? 'f32le' : 'f32be';

async function decodeLocal(
  local: LocalFile,
  probe: AudioProbe,
  sampleRate: number,
  channels: 1 | 2,
  options: DecodeOptions,
): Promise<number> {
  const { name } = local;
  const input = fileArg(local.path);
  const expected = Math.round(probe.durationSeconds * sampleRate);
  // MP4 states its exact length; ffmpeg 5 also decodes AAC's trailing padding, dropped here.
  const cut = probe.container === 'mp4' && !probe.durationEstimated ? expected : Infinity;
  // The probe checked the stated length; this catches a file that holds more than it states.
  const maxSeconds = options.maxSeconds ?? MAX_AUDIO_SECONDS;
  const hardLimit = Math.ceil((maxSeconds + 1) * sampleRate);
  // Mono stays mono through the pipe: ffmpeg's own upmix would put it 3 dB down on each side.
  const decoded: 1 | 2 = probe.channels === 1 ? 1 : channels;
  const frameBytes = 4 * decoded;
  const { onChunk, onProgress } = options;

  let frames = 0;
  let carry: Uint8Array | null = null;
  let reported = 0;
  const onStdout = (chunk: Uint8Array): void | Promise<void> => {
    let bytes = chunk;
    if (carry) {
      bytes = new Uint8Array(carry.byteLength + chunk.byteLength);
      bytes.set(carry);
      bytes.set(chunk, carry.byteLength);
      carry = null;
    }
    const usable = bytes.byteLength - (bytes.byteLength % frameBytes);
    if (usable < bytes.byteLength) carry = bytes.slice(usable);
    const count = Math.min(usable / frameBytes, cut - frames);
    if (count <= 0) return;
    if (frames + count > hardLimit) {
      throw new StudioError(
        'too_large',
        `${name}: longer than the ${describeSeconds(maxSeconds)} limit for audio (its header understates it)`,
      );
    }
    // Float32Array views need 4-byte alignment; pipe chunks are usually aligned, else copy.
    const samples =
      bytes.byteOffset % 4 === 0
        ? new Float32Array(bytes.buffer, bytes.byteOffset, count * decoded)
        : new Float32Array(bytes.slice(0, count * frameBytes).buffer);
    let left: Float32Array;
    let right: Float32Array;
    if (decoded === 1) {
      left = samples.slice();
      right = left;
    } else {
      left = new Float32Array(count);
      right = new Float32Array(count);
      for (let i = 0, j = 0; i < count; i++, j += 2) {
        left[i] = samples[j]!;
        right[i] = samples[j + 1]!;
      }
    }
    frames += count;
    if (onProgress && expected > 0) {
      const fraction = Math.min(0.999, frames / expected);
      if (fraction - reported >= 0.005) {
        reported = fraction;
        onProgress(fraction);
      }
    }
    return onChunk(left, right);
  };

  const run = await runTool('ffmpeg', {
    args: [
      ...firstAudioOf(input),
      '-ac',
      String(decoded),
      '-ar',
      String(sampleRate),
      '-c:a',
      `pcm_${PCM_FORMAT}`,
      '-f',
      PCM_FORMAT,
      'pipe:1',
    ],
    onStdout,
    signal: options.signal,
    label: name,
  });
  const reason = toolReason(run.stderr, input);
  if (run.exitCode !== 0) {
    throw new StudioError(
      'invalid_argument',
      `${name}: cannot decode the audio (corrupt or cut short?): ${reason}`,
    );
  }
  if (frames === 0) {
    throw new StudioError('invalid_argument', `${name}: no audio could be decoded from it (${reason})`);
  }
  const shortfall = expected - frames;
  if (!probe.durationEstimated && shortfall > 0.1 * sampleRate && frames < 0.98 * expected) {
    throw new StudioError(
      'invalid_argument',
      `${name}: the file is cut short or damaged: it holds ${describeSeconds(frames / sampleRate)} of audio where its header says ${describeSeconds(expected / sampleRate)}` +
        (run.stderr.trim() ? ` (ffmpeg: ${reason})` : ''),
    );
  }
  onProgress?.(1);
  return frames;
}
