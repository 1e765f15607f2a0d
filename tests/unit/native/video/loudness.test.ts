// BS.1770-4 loudness and the true-peak limiter: the recommendation's own reference figures,
// agreement with ffmpeg's ebur128 filter on the same signals, and normalising to a target.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  integratedLoudness,
  normaliseLoudness,
  samplePeakDb,
  truePeakDb,
} from '../../../../native/video/loudness';
import { interleaveF32le } from '../../../../native/video/mix';
import { ebur128 } from '../../../helpers/video-probe';
import { tempDir } from '../../../helpers/temp';

const RATE = 48_000;
const dir = tempDir('atelier-loudness-');
afterAll(() => dir.cleanup());

/** A sine, faded in and out over `fade` samples (an abrupt start rings in any oversampler). */
function sine(seconds: number, hz: number, amplitude: number, phase = 0, fade = 0): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) {
    const envelope = fade > 0 ? Math.min(1, i / fade, (out.length - i) / fade) : 1;
    out[i] = envelope * amplitude * Math.sin((2 * Math.PI * hz * i) / RATE + phase);
  }
  return out;
}

/** Noise and tones at changing levels, with a loud high tone near the end: a mix-like signal. */
function programme(seconds: number, seed = 7): [Float32Array, Float32Array] {
  const n = Math.round(seconds * RATE);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  let s = seed;
  const noise = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const level = t < seconds / 3 ? 0.3 : t < (2 * seconds) / 3 ? 0.04 : 0.2;
    left[i] = level * Math.sin(2 * Math.PI * 220 * t) + 0.05 * noise();
    right[i] = level * Math.sin(2 * Math.PI * 1200 * t + 1) + 0.05 * noise();
    if (t > seconds * 0.8) right[i]! += 0.5 * Math.sin(2 * Math.PI * 6000 * t);
  }
  return [left, right];
}

async function ffmpegMeasure(channels: [Float32Array, Float32Array], name: string) {
  const path = join(dir.path, name);
  writeFileSync(path, interleaveF32le({ left: channels[0], right: channels[1] }));
  return ebur128(path, { raw: 'f32le' });
}

describe('integrated loudness (BS.1770-4)', () => {
  it('gives −3.01 LUFS for a full-scale 997 Hz sine in one channel (the recommendation’s reference)', () => {
    const left = sine(10, 997, 1);
    expect(integratedLoudness([left, new Float32Array(left.length)])).toBeCloseTo(-3.01, 1);
  });

  it('is −Infinity for silence and for less than one 400 ms block', () => {
    expect(integratedLoudness([new Float32Array(RATE * 5), new Float32Array(RATE * 5)])).toBe(-Infinity);
    const short = sine(0.3, 1000, 0.5);
    expect(integratedLoudness([short, short])).toBe(-Infinity);
  });

  it('gates out silence: a tone with 10 s of silence after it measures as the tone alone', () => {
    const tone = sine(5, 1000, 0.1);
    const padded = new Float32Array(tone.length + 10 * RATE);
    padded.set(tone);
    // Ungated, the silence would take 4.8 dB off; only the blocks across the tone's end count.
    const alone = integratedLoudness([tone, tone]);
    expect(Math.abs(integratedLoudness([padded, padded]) - alone)).toBeLessThan(0.2);
  });

  it('matches ffmpeg’s ebur128 on a programme-like signal within 0.2 LU', async () => {
    const signal = programme(12);
    const ours = integratedLoudness(signal);
    const theirs = await ffmpegMeasure(signal, 'programme.f32');
    expect(Math.abs(ours - theirs.integrated)).toBeLessThan(0.2);
  });
});

describe('true peak', () => {
  it('finds the peak between samples that the samples miss (a quarter-rate sine at 45°)', async () => {
    const tone = sine(2, RATE / 4, 0.9, Math.PI / 4, 4800);
    const sampled = samplePeakDb([tone, tone]);
    const peak = truePeakDb([tone, tone]);
    expect(sampled).toBeLessThan(20 * Math.log10(0.9) - 2.5); // samples sit at ±0.64
    expect(Math.abs(peak - 20 * Math.log10(0.9))).toBeLessThan(0.1);
    const theirs = await ffmpegMeasure([tone, tone], 'quarter.f32');
    expect(Math.abs(peak - theirs.truePeak)).toBeLessThan(0.15);
  });
});

describe('normaliseLoudness', () => {
  it('brings a quiet mix to −14 LUFS with its true peak under −1 dBTP', async () => {
    const signal = programme(12);
    for (const c of signal) for (let i = 0; i < c.length; i++) c[i]! *= 0.3;
    const report = normaliseLoudness(signal, { targetLufs: -14 });
    expect(report.inputLufs).toBeLessThan(-18);
    expect(report.outputLufs).toBeCloseTo(-14, 1);
    expect(report.truePeakDb).toBeLessThanOrEqual(-1);
    expect(truePeakDb(signal)).toBeLessThanOrEqual(-1);
    const theirs = await ffmpegMeasure(signal, 'normalised.f32');
    expect(Math.abs(theirs.integrated + 14)).toBeLessThan(0.5);
    expect(theirs.truePeak).toBeLessThanOrEqual(-0.9);
  });

  it('limits a peaky mix (drum-like hits over a bed) instead of clipping it, still reaching the target', () => {
    const n = 10 * RATE;
    const left = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = i / RATE;
      const beat = t % 0.5;
      const hit = beat < 0.05 ? 0.9 * Math.exp(-beat * 60) * Math.sin(2 * Math.PI * 180 * t) : 0;
      left[i] = 0.12 * Math.sin(2 * Math.PI * 330 * t) + hit;
    }
    const right = left.slice();
    const before = samplePeakDb([left, right]);
    const report = normaliseLoudness([left, right], { targetLufs: -12 });
    // The hits would reach well over full scale at the gain the bed needs.
    expect(before + report.gainDb).toBeGreaterThan(2);
    expect(Math.abs(report.outputLufs! + 12)).toBeLessThan(0.1);
    expect(truePeakDb([left, right])).toBeLessThanOrEqual(-1);
    expect(samplePeakDb([left, right])).toBeLessThanOrEqual(-1);
  });

  it('leaves silence as silence: no gain on an empty mix', () => {
    const left = new Float32Array(RATE * 3);
    const right = new Float32Array(RATE * 3);
    const report = normaliseLoudness([left, right], { targetLufs: -14 });
    expect(report).toEqual({ inputLufs: null, outputLufs: null, gainDb: 0, truePeakDb: null });
    expect(left.every((v) => v === 0) && right.every((v) => v === 0)).toBe(true);
  });

  it('caps the gain for a nearly silent mix (no +60 dB of noise)', () => {
    const hiss = sine(5, 1000, 0.001); // −61 LUFS: above the −70 gate, 47 dB under the target
    const report = normaliseLoudness([hiss, hiss.slice()], { targetLufs: -14, maxGainDb: 30 });
    expect(report.gainDb).toBe(30);
    expect(report.outputLufs!).toBeLessThan(-14);
  });
});
