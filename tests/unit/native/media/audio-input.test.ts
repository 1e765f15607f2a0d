import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../native/api/errors';
import {
  decodeAudioStream,
  playableAudio,
  probeAudio,
  type AudioContainer,
  type AudioSource,
} from '../../../../native/media/audio-input';
import { fileArg, findTool, runningToolPids, runTool, toolReason } from '../../../../native/media/ffmpeg';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-audio-test-');
afterAll(() => dir.cleanup());

const at = (name: string) => join(dir.path, name);
const file = (name: string): AudioSource => ({ type: 'path', path: at(name) });

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A 3 s, 440 Hz stereo sine at 44.1 kHz, encoded as asked. lavfi's sine is 1/8 of full scale,
 * and ffmpeg's mono-to-stereo upmix puts it 3 dB down on each side: 0.125 · √½ ≈ 0.088.
 */
function sine(name: string, ...encode: string[]): void {
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=3:sample_rate=44100',
    '-ac',
    '2',
    ...encode,
    at(name),
  );
}

interface Format {
  file: string;
  container: AudioContainer;
  codec: string;
  mime: string;
  sampleRate: number;
  playableAsIs: boolean;
}

const FORMATS: Format[] = [
  {
    file: 'sine.wav',
    container: 'wav',
    codec: 'pcm_s16le',
    mime: 'audio/wav',
    sampleRate: 44100,
    playableAsIs: true,
  },
  {
    file: 'sine.mp3',
    container: 'mp3',
    codec: 'mp3',
    mime: 'audio/mpeg',
    sampleRate: 44100,
    playableAsIs: true,
  },
  {
    file: 'sine.ogg',
    container: 'ogg',
    codec: 'vorbis',
    mime: 'audio/ogg',
    sampleRate: 44100,
    playableAsIs: true,
  },
  {
    file: 'sine.opus',
    container: 'ogg',
    codec: 'opus',
    mime: 'audio/ogg',
    sampleRate: 48000,
    playableAsIs: true,
  },
  {
    file: 'sine.flac',
    container: 'flac',
    codec: 'flac',
    mime: 'audio/flac',
    sampleRate: 44100,
    playableAsIs: true,
  },
  {
    file: 'sine.m4a',
    container: 'mp4',
    codec: 'aac',
    mime: 'audio/mp4',
    sampleRate: 44100,
    playableAsIs: false,
  },
  {
    file: 'alac.m4a',
    container: 'mp4',
    codec: 'alac',
    mime: 'audio/mp4',
    sampleRate: 44100,
    playableAsIs: false,
  },
];

/** One AAC frame at 44.1 kHz: the padding an encoder may add, in seconds. */
const AAC_FRAME_SECONDS = 1024 / 44100;

beforeAll(() => {
  sine('sine.wav');
  sine('sine.mp3', '-c:a', 'libmp3lame');
  sine('sine.ogg', '-c:a', 'libvorbis');
  sine('sine.opus', '-c:a', 'libopus', '-ar', '48000');
  sine('sine.flac');
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=3:sample_rate=48000', at('mono.wav'));
  sine('sine.m4a', '-c:a', 'aac');
  sine('alac.m4a', '-c:a', 'alac');
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-ac', '6', at('surround.flac'));
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x64',
    '-frames:v',
    '1',
    '-f',
    'image2',
    '-c:v',
    'png',
    at('picture.mp3'),
  );
  writeFileSync(at('empty.wav'), new Uint8Array(0));
  writeFileSync(at('notes.wav'), 'a text file, not a sound\n');
  const m4a = readFileSync(at('sine.m4a'));
  writeFileSync(at('cut.m4a'), m4a.subarray(0, m4a.length >> 1));
  const flac = readFileSync(at('sine.flac'));
  writeFileSync(at('cut.flac'), flac.subarray(0, flac.length >> 1));
  copyFileSync(at('sine.flac'), at('really-flac.mp3'));
  copyFileSync(at('sine.wav'), at('-rf song.wav'));
  copyFileSync(at('sine.mp3'), at('line\nbreak.mp3'));
}, 60_000);

async function refusal(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ffmpeg and ffprobe', () => {
  it('are found on PATH as absolute paths', () => {
    expect(findTool('ffmpeg')).toMatch(/ffmpeg(\.exe)?$/);
    expect(findTool('ffprobe')).toMatch(/ffprobe(\.exe)?$/);
  });

  it('not on PATH, come from the static build installed from npm with the studio', () => {
    for (const tool of ['ffmpeg', 'ffprobe'] as const) {
      const path = findTool(tool, '/nonexistent/bin');
      expect(path).toMatch(new RegExp(`node_modules/@${tool}-installer/`));
      expect(execFileSync(path, ['-hide_banner', '-version']).toString()).toMatch(
        new RegExp(`^${tool} version`),
      );
    }
  });

  it('missing altogether, say so and how to install them', () => {
    process.env.ATELIER_NO_BUNDLED_FFMPEG = '1'; // nor the build from npm
    try {
      for (const tool of ['ffmpeg', 'ffprobe'] as const) {
        let error: unknown;
        try {
          findTool(tool, '/nonexistent/bin');
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(StudioError);
        expect((error as StudioError).code).toBe('unavailable');
        expect((error as StudioError).message).toMatch(
          new RegExp(`^${tool} is not installed: .*apt-get install ffmpeg`),
        );
      }
    } finally {
      delete process.env.ATELIER_NO_BUNDLED_FFMPEG;
    }
  });

  it('name files behind file: with absolute paths, so a leading dash is never an option', () => {
    expect(fileArg('-rf song.wav')).toBe(`file:${resolve('-rf song.wav')}`);
    expect(fileArg(at('a|b:c.wav'))).toBe(`file:${at('a|b:c.wav')}`);
  });

  it('read stdin from bytes and from a path', async () => {
    const bytes = readFileSync(at('sine.wav'));
    for (const stdin of [{ bytes }, { path: at('sine.wav') }]) {
      const run = await runTool('ffprobe', {
        args: ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=format_name', '-i', 'pipe:0'],
        stdin,
      });
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(Buffer.from(run.stdout).toString()).format.format_name).toBe('wav');
    }
  });

  it('keep the end of stderr and word it without the input name', async () => {
    const input = fileArg(at('notes.wav'));
    const run = await runTool('ffprobe', { args: ['-v', 'error', '-i', input] });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('Invalid data found');
    expect(toolReason(run.stderr, input)).toBe('Invalid data found when processing input');
  });

  it('report progress from -progress', async () => {
    const seen: [number, boolean][] = [];
    await runTool('ffmpeg', {
      args: ['-f', 'lavfi', '-i', 'sine=duration=2', '-f', 'null', '-'],
      onProgress: (seconds, done) => seen.push([seconds, done]),
    });
    expect(seen.at(-1)).toEqual([2, true]);
  });

  it('cancelled, are killed and waited for: the run rejects and no child is left', async () => {
    const controller = new AbortController();
    // -re: read the 60 s source in real time, so only the abort can end it early.
    const run = runTool('ffmpeg', {
      args: ['-re', '-f', 'lavfi', '-i', 'sine=duration=60', '-f', 'null', '-'],
      signal: controller.signal,
      label: 'drone.wav',
    });
    const pids = runningToolPids();
    expect(pids).toHaveLength(1);
    setTimeout(() => controller.abort(), 300);
    const error = await refusal(run);
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('drone.wav: cancelled');
    expect(runningToolPids()).toEqual([]);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('are not even started for a signal that is already aborted', async () => {
    const error = await refusal(runTool('ffprobe', { args: ['-version'], signal: AbortSignal.abort() }));
    expect(error.code).toBe('cancelled');
    expect(runningToolPids()).toEqual([]);
  });
});

describe('probeAudio', () => {
  it.each(FORMATS)('reads $file: container, codec, rate, channels, length, MIME', async (format) => {
    const probe = await probeAudio(file(format.file));
    expect(probe).toMatchObject({
      name: format.file,
      container: format.container,
      codec: format.codec,
      sampleRate: format.sampleRate,
      channels: 2,
      mime: format.mime,
      durationEstimated: false,
    });
    // MP3 and Opus headers count the encoder's delay: a few ms over.
    expect(Math.abs(probe.durationSeconds - 3)).toBeLessThan(0.05);
    expect(Math.abs(probe.durationSamples48k - 144000)).toBeLessThan(0.05 * 48000);
    expect(Number.isInteger(probe.durationSamples48k)).toBe(true);
    expect(probe.note).toBeUndefined();
  });

  it('gives exact lengths where the container states them', async () => {
    for (const name of ['sine.wav', 'sine.flac', 'sine.ogg', 'sine.m4a']) {
      expect((await probeAudio(file(name))).durationSamples48k).toBe(144000);
    }
  });

  it('reads dropped bytes the same as the file', async () => {
    const bytes = new Uint8Array(readFileSync(at('sine.m4a')));
    const probe = await probeAudio({ type: 'bytes', name: 'drop.m4a', bytes });
    expect(probe).toMatchObject({
      name: 'drop.m4a',
      container: 'mp4',
      codec: 'aac',
      durationSamples48k: 144000,
    });
    expect(probe.bytes).toBe(bytes.byteLength);
  });

  it('reads a file by its content when the extension says otherwise, and says so', async () => {
    const probe = await probeAudio(file('really-flac.mp3'));
    expect(probe).toMatchObject({ container: 'flac', codec: 'flac', mime: 'audio/flac' });
    expect(probe.note).toBe(
      'really-flac.mp3: the name says MP3 but the file holds FLAC audio; it is read as FLAC.',
    );
  });

  it('takes file names that start with a dash or hold a newline', async () => {
    expect(await probeAudio(file('-rf song.wav'))).toMatchObject({ name: '-rf song.wav', container: 'wav' });
    expect(await probeAudio(file('line\nbreak.mp3'))).toMatchObject({
      name: 'line\nbreak.mp3',
      container: 'mp3',
    });
  });
});

describe('bad audio input is refused with a message naming the file', () => {
  it('a PNG renamed .mp3', async () => {
    const error = await refusal(probeAudio(file('picture.mp3')));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toBe('picture.mp3: not an audio file (it holds a PNG image)');
  });

  it('a text file renamed .wav', async () => {
    const error = await refusal(probeAudio(file('notes.wav')));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(
      /^notes\.wav: not a readable audio file: corrupt, cut short or not audio \(/,
    );
  });

  it('a truncated M4A (its index is lost)', async () => {
    const error = await refusal(probeAudio(file('cut.m4a')));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(
      /^cut\.m4a: not a readable audio file: corrupt, cut short or not audio \(moov atom not found/,
    );
  });

  it('a truncated FLAC (its header promises more than it holds)', async () => {
    const error = await refusal(decodeAudioStream(file('cut.flac'), { onChunk: () => {} }));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(
      /^cut\.flac: the file is cut short or damaged: it holds [\d.]+ s of audio where its header says 3 s/,
    );
  });

  it('an empty file, on disk or dropped', async () => {
    expect((await refusal(probeAudio(file('empty.wav')))).message).toBe('empty.wav: the file is empty');
    const dropped = await refusal(probeAudio({ type: 'bytes', name: 'drop.wav', bytes: new Uint8Array(0) }));
    expect(dropped.code).toBe('invalid_argument');
    expect(dropped.message).toBe('drop.wav: the file is empty');
  });

  it('a missing file', async () => {
    const error = await refusal(probeAudio(file('gone.wav')));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('gone.wav: no such file');
  });

  it('a folder', async () => {
    const error = await refusal(probeAudio({ type: 'path', path: dir.path }));
    expect(error.message).toMatch(/: not a file$/);
  });

  it('audio over the length limit, before anything is decoded', async () => {
    const error = await refusal(probeAudio(file('sine.flac'), { maxSeconds: 1 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('sine.flac: 3 s long, over the 1 s limit for audio');
    const decoding = await refusal(
      decodeAudioStream(file('sine.flac'), { maxSeconds: 1, onChunk: () => {} }),
    );
    expect(decoding.code).toBe('too_large');
  });

  it('a file over the size limit, before ffprobe reads it', async () => {
    const error = await refusal(probeAudio(file('sine.wav'), { maxBytes: 100_000 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^sine\.wav: 516\.9 KB is over the 97\.7 KB limit for audio files$/);
  });
});

describe('playableAudio', () => {
  it.each(FORMATS.filter((f) => f.playableAsIs))('keeps $file byte for byte', async (format) => {
    const result = await playableAudio(file(format.file));
    expect(result.transcoded).toBe(false);
    expect(result.mime).toBe(format.mime);
    expect(Buffer.compare(Buffer.from(result.bytes), readFileSync(at(format.file)))).toBe(0);
  });

  it('keeps dropped MP3 bytes as they are', async () => {
    const bytes = new Uint8Array(readFileSync(at('sine.mp3')));
    const result = await playableAudio({ type: 'bytes', name: 'drop.mp3', bytes });
    expect(result).toMatchObject({ transcoded: false, mime: 'audio/mpeg' });
    expect(result.bytes).toEqual(bytes);
  });

  it('turns M4A/AAC into 48 kHz FLAC of the same length, reporting progress', async () => {
    const progress: number[] = [];
    const result = await playableAudio(file('sine.m4a'), { onProgress: (f) => progress.push(f) });
    expect(result).toMatchObject({ transcoded: true, mime: 'audio/flac' });
    expect(result.probe.codec).toBe('aac');
    const back = await probeAudio({ type: 'bytes', name: 'playable.flac', bytes: result.bytes });
    expect(back).toMatchObject({
      container: 'flac',
      codec: 'flac',
      sampleRate: 48000,
      channels: 2,
      bitsPerSample: 16,
    });
    expect(Math.abs(back.durationSeconds - result.probe.durationSeconds)).toBeLessThanOrEqual(
      AAC_FRAME_SECONDS,
    );
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('turns ALAC into FLAC and more than two channels into stereo', async () => {
    const alac = await playableAudio(file('alac.m4a'));
    expect(alac).toMatchObject({ transcoded: true, mime: 'audio/flac' });
    const surround = await playableAudio(file('surround.flac'));
    expect(surround.transcoded).toBe(true);
    const back = await probeAudio({ type: 'bytes', name: 'stereo.flac', bytes: surround.bytes });
    expect(back).toMatchObject({ channels: 2, sampleRate: 48000, durationSamples48k: 144000 });
  });

  it('is cancelled by its signal', async () => {
    const error = await refusal(playableAudio(file('sine.m4a'), { signal: AbortSignal.abort() }));
    expect(error.code).toBe('cancelled');
  });
});

describe('decodeAudioStream', () => {
  it('streams a 440 Hz sine at 48 kHz: exact length, amplitude and pitch', async () => {
    const left: Float32Array[] = [];
    const right: Float32Array[] = [];
    const progress: number[] = [];
    const decoded = await decodeAudioStream(file('sine.wav'), {
      onChunk: (l, r) => {
        left.push(l);
        right.push(r);
      },
      onProgress: (f) => progress.push(f),
    });
    expect(decoded).toMatchObject({ sampleRate: 48000, channels: 2, frames: 144000 });
    expect(left.length).toBeGreaterThan(1);
    const samples = concat(left);
    expect(samples.length).toBe(144000);
    expect(concat(right)).toEqual(samples);
    let peak = 0;
    let crossings = 0;
    for (let i = 0; i < samples.length; i++) {
      peak = Math.max(peak, Math.abs(samples[i]!));
      if (i > 0 && samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
    }
    expect(peak).toBeCloseTo(0.125 * Math.SQRT1_2, 3);
    expect(crossings / 2 / 3).toBeCloseTo(440, 0);
    expect(progress.at(-1)).toBe(1);
  });

  it.each(FORMATS)('decodes $file to 3 s at 48 kHz (within one AAC frame)', async (format) => {
    const { frames } = await decodeAudioStream(file(format.file), { onChunk: () => {} });
    expect(Math.abs(frames - 144000)).toBeLessThanOrEqual(Math.ceil(AAC_FRAME_SECONDS * 48000));
  });

  it('drops AAC padding: M4A decodes to its stated length exactly', async () => {
    const { frames } = await decodeAudioStream(file('sine.m4a'), { onChunk: () => {} });
    expect(frames).toBe(144000);
  });

  it('gives a mono source at full level on both sides, as Web Audio plays it', async () => {
    let peak = 0;
    const decoded = await decodeAudioStream(file('mono.wav'), {
      onChunk: (l, r) => {
        expect(r).toBe(l);
        for (const s of l) peak = Math.max(peak, Math.abs(s));
      },
    });
    expect(decoded).toMatchObject({ channels: 2, frames: 144000 });
    expect(decoded.probe.channels).toBe(1);
    expect(peak).toBeCloseTo(0.125, 3);
  });

  it('downmixes to mono on request, at any rate', async () => {
    let total = 0;
    const decoded = await decodeAudioStream(file('line\nbreak.mp3'), {
      channels: 1,
      sampleRate: 22050,
      onChunk: (l, r) => {
        expect(r).toBe(l);
        total += l.length;
      },
    });
    expect(decoded.frames).toBe(total);
    expect(Math.abs(total - 66150)).toBeLessThan(30);
  });

  it('takes a file named like an option', async () => {
    const { frames } = await decodeAudioStream(file('-rf song.wav'), { onChunk: () => {} });
    expect(frames).toBe(144000);
  });

  it('refuses an unusable rate', async () => {
    const error = await refusal(decodeAudioStream(file('sine.wav'), { sampleRate: 12.5, onChunk: () => {} }));
    expect(error).toMatchObject({ code: 'invalid_argument', field: 'sampleRate' });
  });

  it('cancelled, kills ffmpeg and rejects: no child is left', async () => {
    const controller = new AbortController();
    let pids: number[] = [];
    const error = await refusal(
      decodeAudioStream(file('sine.flac'), {
        signal: controller.signal,
        onChunk: () => {
          pids = runningToolPids();
          controller.abort();
          return new Promise<void>(() => {}); // a consumer that never finishes
        },
      }),
    );
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('sine.flac: cancelled');
    expect(pids).toHaveLength(1);
    expect(runningToolPids()).toEqual([]);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('stops ffmpeg when the consumer fails, and passes the error on', async () => {
    const error = await decodeAudioStream(file('sine.flac'), {
      onChunk: () => {
        throw new Error('disk full');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('disk full');
    expect(runningToolPids()).toEqual([]);
  });
});

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
