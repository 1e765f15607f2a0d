import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../native/api/errors';
import { probeAudio } from '../../../../native/media/audio-input';
import {
  PeaksBuilder,
  computePeaks,
  decodePeaks,
  encodePeaks,
  peaksFromSource,
  type Peaks,
} from '../../../../native/media/peaks';
import { encodeWav } from '../../../../native/music/wav';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-peaks-test-');
afterAll(() => dir.cleanup());

const RATE = 48000;

/** 1 s of silence, 1 s of a full-scale 440 Hz sine, 1 s of a half-scale one. */
function knownSignal(): Float32Array {
  const samples = new Float32Array(3 * RATE);
  for (let i = RATE; i < 3 * RATE; i++) {
    const gain = i < 2 * RATE ? 1 : 0.5;
    samples[i] = gain * Math.sin((2 * Math.PI * 440 * i) / RATE);
  }
  return samples;
}

function range(bytes: Uint8Array, from: number, to: number): number[] {
  return [...new Set(bytes.subarray(from, to))];
}

function refusal(run: () => unknown): StudioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected a refusal');
}

describe('peaks', () => {
  it('put silence, a full-scale sine and a half-scale one in the right buckets at the right levels', () => {
    const left = knownSignal();
    const right = new Float32Array(left.length); // a silent right channel
    const peaks = computePeaks(left, right, RATE);
    expect(peaks).toMatchObject({
      bucketsPerSecond: 100,
      sampleRate: RATE,
      durationSamples: 3 * RATE,
      channels: 2,
    });
    expect(peaks.max[0]).toHaveLength(300);
    expect(range(peaks.max[0], 0, 100)).toEqual([0]);
    expect(range(peaks.max[0], 100, 200)).toEqual([255]);
    expect(range(peaks.max[0], 200, 300)).toEqual([128]); // 0.5 × 255 = 127.5, rounded up
    expect(range(peaks.max[1], 0, 300)).toEqual([0]);
  });

  it('round up, so a bucket that is not silent is never 0; loud is 255, NaN is silence', () => {
    const samples = new Float32Array([0, 1e-6, 0, 0, -2, 0, Number.NaN, 0, -0.5 / 255, 0]);
    const peaks = computePeaks(samples, samples, 1000, { bucketsPerSecond: 500 });
    expect([...peaks.max[0]]).toEqual([1, 0, 255, 0, 1]);
  });

  it('do not depend on how the audio is cut into chunks', () => {
    const left = knownSignal();
    const right = left.map((s) => s * 0.25);
    const whole = computePeaks(left, right, RATE);
    const builder = new PeaksBuilder(RATE);
    let seed = 7;
    for (let at = 0; at < left.length;) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const size = 1 + (seed % 2000);
      builder.push(left.subarray(at, at + size), right.subarray(at, at + size));
      at += size;
    }
    expect(builder.finish()).toEqual(whole);
  });

  it('take mono as one array for both channels', () => {
    const mono = knownSignal();
    const builder = new PeaksBuilder(RATE);
    builder.push(mono.subarray(0, 100_000));
    builder.push(mono.subarray(100_000));
    expect(builder.finish()).toEqual(computePeaks(mono, mono, RATE));
  });

  it('count buckets by time when a bucket is not a whole number of samples', () => {
    // 22050 Hz at 100 buckets per second: 220.5 samples per bucket.
    const samples = new Float32Array(441 * 3 + 1);
    samples[220] = 0.5; // floor(220 · 100 / 22050) = 0
    samples[221] = 1; // = 1
    samples[441 * 3] = 0.25; // the last sample opens bucket 6
    const peaks = computePeaks(samples, samples, 22050);
    expect(peaks.max[0]).toHaveLength(7); // ceil(1324 · 100 / 22050)
    expect([...peaks.max[0]]).toEqual([128, 255, 0, 0, 0, 0, 64]);
  });

  it('of nothing are empty', () => {
    const peaks = new PeaksBuilder(RATE).finish();
    expect(peaks.durationSamples).toBe(0);
    expect(peaks.max.map((m) => m.length)).toEqual([0, 0]);
    expect(decodePeaks(encodePeaks(peaks))).toEqual(peaks);
  });

  it('refuse unequal channels, unusable rates and pushes after finish', () => {
    const builder = new PeaksBuilder(RATE);
    expect(refusal(() => builder.push(new Float32Array(3), new Float32Array(4))).code).toBe(
      'invalid_argument',
    );
    builder.finish();
    expect(refusal(() => builder.push(new Float32Array(3))).code).toBe('internal');
    expect(refusal(() => new PeaksBuilder(0)).field).toBe('sampleRate');
    expect(refusal(() => new PeaksBuilder(RATE, { bucketsPerSecond: 2.5 })).field).toBe('bucketsPerSecond');
  });
});

describe('peaksFromSource', () => {
  it('measures a decoded file as computePeaks measures the samples', async () => {
    const left = knownSignal();
    const right = left.map((s) => -s * 0.5);
    const path = join(dir.path, 'known.wav');
    writeFileSync(path, encodeWav({ sampleRate: RATE, channels: [left, right] }, { bitDepth: 24 }));
    const progress: number[] = [];
    const peaks = await peaksFromSource({ type: 'path', path }, { onProgress: (f) => progress.push(f) });
    const expected = computePeaks(left, right, RATE);
    expect(peaks.durationSamples).toBe(3 * RATE);
    for (const channel of [0, 1] as const) {
      expect(peaks.max[channel]).toHaveLength(300);
      for (let i = 0; i < 300; i++) {
        expect(Math.abs(peaks.max[channel][i]! - expected.max[channel][i]!)).toBeLessThanOrEqual(1);
      }
    }
    expect(range(peaks.max[0], 0, 100)).toEqual([0]);
    expect(progress.at(-1)).toBe(1);
  });

  it('resamples a 44.1 kHz mono MP3 to 48 kHz, using a probe it is given', async () => {
    const path = join(dir.path, 'tone.mp3');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=2:sample_rate=44100',
      path,
    ]);
    const probe = await probeAudio({ type: 'path', path });
    const peaks = await peaksFromSource({ type: 'path', path }, { probe });
    expect(peaks.sampleRate).toBe(48000);
    expect(peaks.durationSamples).toBe(96000);
    expect(peaks.max[0]).toHaveLength(200);
    expect(peaks.max[1]).toEqual(peaks.max[0]);
    // lavfi's sine is 1/8 of full scale: 255 / 8 ≈ 32 on both sides, give or take the codec.
    for (const level of peaks.max[0].subarray(5, 195)) expect(Math.abs(level - 32)).toBeLessThanOrEqual(2);
  });
});

describe('stored peaks (ATPK)', () => {
  const sample = (): Peaks =>
    computePeaks(
      knownSignal(),
      knownSignal().map((s) => s / 3),
      RATE,
    );

  it('round-trip', () => {
    const peaks = sample();
    const bytes = encodePeaks(peaks);
    expect(bytes.length).toBe(32 + 2 * 300);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('ATPK');
    expect(decodePeaks(bytes)).toEqual(peaks);
    // From inside a larger buffer, as read from a project file.
    const padded = new Uint8Array(bytes.length + 9);
    padded.set(bytes, 5);
    expect(decodePeaks(padded.subarray(5, 5 + bytes.length))).toEqual(peaks);
  });

  it('refuse damaged bytes, saying what is wrong', () => {
    const good = encodePeaks(sample());
    const edit = (change: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
      const bytes = good.slice();
      change(bytes, new DataView(bytes.buffer));
      return bytes;
    };
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /shorter than the header/],
      ['short header', good.subarray(0, 20), /shorter than the header/],
      ['no signature', edit((b) => (b[0] = 0x50)), /no ATPK signature/],
      ['a later version', edit((_, v) => v.setUint16(4, 2, true)), /version 2 is not one this studio reads/],
      ['three channels', edit((_, v) => v.setUint16(6, 3, true)), /3 channels/],
      ['no sample rate', edit((_, v) => v.setUint32(8, 0, true)), /sample rate/],
      ['no buckets per second', edit((_, v) => v.setUint32(12, 0, true)), /buckets per second/],
      ['a length that disagrees', edit((_, v) => v.setUint32(16, 3 * RATE + 480, true)), /buckets where/],
      ['a huge length', edit((_, v) => v.setBigUint64(16, 2n ** 60n, true)), /out of range/],
      ['cut short', good.subarray(0, good.length - 1), /cut short or padded/],
      ['padded', new Uint8Array([...good, 0]), /cut short or padded/],
      ['a flipped data bit', edit((b) => (b[100] = b[100]! ^ 1)), /checksum/],
      ['a flipped header bit', edit((b) => (b[27] = b[27]! ^ 0x80)), /buckets where|checksum/],
    ];
    for (const [what, bytes, message] of cases) {
      const error = refusal(() => decodePeaks(bytes));
      expect(error.code, what).toBe('invalid_argument');
      expect(error.message, what).toMatch(/^not usable waveform peaks: /);
      expect(error.message, what).toMatch(message);
    }
  });

  it('are not written from inconsistent peaks', () => {
    const peaks = sample();
    const error = refusal(() => encodePeaks({ ...peaks, max: [peaks.max[0], peaks.max[1].subarray(1)] }));
    expect(error).toMatchObject({ code: 'invalid_argument', field: 'max' });
  });
});
