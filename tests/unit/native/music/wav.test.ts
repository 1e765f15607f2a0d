// The WAV files the composer's audio is saved as: ffmpeg reads them with the right rate,
// channels and length, and the samples come back as written.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compose } from '../../../../native/music/composer';
import { decodeWav, encodeWav } from '../../../../native/music/wav';
import { tempDir } from '../../../helpers/temp';

const run = promisify(execFile);
const dir = tempDir('atelier-wav-');
afterAll(() => dir.cleanup());

function ramp(length: number, scale: number): Float32Array {
  return new Float32Array(length).map((_, i) => scale * Math.sin(i / 7) * (i / length));
}

describe('encodeWav / decodeWav', () => {
  it('round-trips 16-bit (dithered) and 24-bit samples within a step or two', () => {
    const left = ramp(4800, 0.9);
    const right = ramp(4800, -0.5);
    for (const [bitDepth, step] of [
      [16, 1 / 32768],
      [24, 1 / 8388608],
    ] as const) {
      const decoded = decodeWav(encodeWav({ sampleRate: 48000, channels: [left, right] }, { bitDepth }));
      expect(decoded).toMatchObject({ sampleRate: 48000, bitDepth, format: 'pcm' });
      expect(decoded.channels).toHaveLength(2);
      for (const [i, original] of [left, right].entries()) {
        const back = decoded.channels[i]!;
        expect(back.length).toBe(original.length);
        let worst = 0;
        for (let j = 0; j < back.length; j++) worst = Math.max(worst, Math.abs(back[j]! - original[j]!));
        expect(worst).toBeLessThanOrEqual(2 * step);
      }
    }
  });

  it('writes the same bytes every time (the dither is seeded)', () => {
    const audio = { sampleRate: 48000, channels: [ramp(1000, 0.3), ramp(1000, 0.2)] };
    expect(Buffer.from(encodeWav(audio)).equals(Buffer.from(encodeWav(audio)))).toBe(true);
  });

  it('clamps instead of wrapping around', () => {
    const loud = new Float32Array([1.5, -1.5, 1, -1]);
    const back = decodeWav(encodeWav({ sampleRate: 8000, channels: [loud] }, { dither: false })).channels[0]!;
    expect([...back]).toEqual([32767 / 32768, -1, 32767 / 32768, -1]);
  });

  it('refuses what it cannot write or read', () => {
    expect(() => encodeWav({ sampleRate: 48000, channels: [] })).toThrow(/channels/);
    expect(() =>
      encodeWav({ sampleRate: 48000, channels: [new Float32Array(2), new Float32Array(3)] }),
    ).toThrow(/same number/);
    expect(() => decodeWav(new TextEncoder().encode('ID3 not a wave file'))).toThrow(
      /not a readable WAV file/,
    );
  });
});

describe('a composed piece as a WAV file', () => {
  it('is read by ffprobe and ffmpeg as 48 kHz stereo of the exact length', async () => {
    const piece = await compose({ prompt: 'upbeat corporate', seconds: 7.3, seed: 21 });
    const path = join(dir.path, 'bed.wav');
    writeFileSync(path, encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] }));

    const probe = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,sample_rate,channels,duration_ts,bits_per_sample,duration',
      '-of',
      'json',
      path,
    ]);
    const [stream] = (JSON.parse(probe.stdout) as { streams: Record<string, unknown>[] }).streams;
    expect(stream).toMatchObject({
      codec_name: 'pcm_s16le',
      sample_rate: '48000',
      channels: 2,
      bits_per_sample: 16,
    });
    expect(stream!.duration_ts).toBe(350400);
    expect(Number(stream!.duration)).toBeCloseTo(7.3, 6);

    // ffmpeg decodes the same samples that decodeWav does.
    const raw = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-acodec', 'pcm_s16le', '-'], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    const decoded = decodeWav(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(path))));
    const pcm = new Int16Array(raw.stdout.buffer, raw.stdout.byteOffset, raw.stdout.byteLength / 2);
    expect(pcm.length).toBe(2 * 350400);
    for (const i of [0, 1000, 123457, 350399]) {
      expect(pcm[2 * i]! / 32768).toBe(decoded.channels[0]![i]);
      expect(pcm[2 * i + 1]! / 32768).toBe(decoded.channels[1]![i]);
    }
  });
});
