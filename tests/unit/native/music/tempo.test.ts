// Beats to cut on: the tempo heard in the audio (onsets → autocorrelation) is the tempo asked
// for, and the estimator itself finds the tempo of a plain click track.
import { describe, expect, it } from 'vitest';
import { estimateTempo, onsetStrength } from '../../../../native/music/analysis';
import { compose } from '../../../../native/music/composer';

const RATE = 48000;

/** Clicks (short decaying noise bursts) every beat, an accent on each bar. */
function clickTrack(bpm: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const beat = (60 / bpm) * RATE;
  let seed = 1;
  for (let k = 0; k * beat < out.length; k++) {
    const start = Math.round(k * beat);
    for (let i = 0; i < 960 && start + i < out.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      out[start + i] = ((seed / 2 ** 32) * 2 - 1) * Math.exp(-i / 150) * (k % 4 === 0 ? 0.9 : 0.5);
    }
  }
  return out;
}

describe('estimateTempo', () => {
  it('finds the tempo of a click track', () => {
    for (const bpm of [72, 100, 120, 137.5, 170]) {
      const clicks = clickTrack(bpm, 20);
      expect(
        Math.abs(estimateTempo([clicks], RATE, { minBpm: bpm / 1.5, maxBpm: bpm * 1.4 }).bpm - bpm),
      ).toBeLessThan(0.5);
    }
    expect(Math.abs(estimateTempo([clickTrack(120, 20)], RATE).bpm - 120)).toBeLessThan(0.5);
  });

  it('sees no onsets in silence or a steady tone', () => {
    const silence = onsetStrength([new Float32Array(RATE * 2)], RATE);
    expect(silence.strength.every((v) => v === 0)).toBe(true);
    const tone = new Float32Array(RATE * 2).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE));
    const steady = onsetStrength([tone], RATE).strength;
    const click = onsetStrength([clickTrack(120, 2)], RATE).strength;
    // Short frames ripple a little over a steady tone; a click rises by orders of magnitude more.
    expect(Math.max(...steady.subarray(4))).toBeLessThan(0.3);
    expect(Math.max(...click)).toBeGreaterThan(5);
  });
});

describe('the composer keeps time', () => {
  const requests: [string, number][] = [
    ['lo-fi', 90],
    ['upbeat corporate', 120],
    ['electronic', 128],
    ['funky', 90],
    ['acoustic', 120],
    ['playful', 128],
  ];
  for (const [style, bpm] of requests) {
    it(`plays "${style} ${bpm} bpm" within ±2 bpm of the request`, async () => {
      const piece = await compose({ prompt: `${style} ${bpm} bpm`, seconds: 30, seed: bpm });
      const heard = estimateTempo([piece.left, piece.right], RATE);
      expect(Math.abs(heard.bpm - bpm)).toBeLessThanOrEqual(2);
      expect(Math.abs(piece.bpm - bpm)).toBeLessThanOrEqual(1);
    });
  }

  it('keeps time on an awkward length that needs a pickup', async () => {
    const piece = await compose({ prompt: 'upbeat corporate 120 bpm', seconds: 17.3, seed: 4 });
    expect(piece.bars[0]).toBeGreaterThan(0);
    expect(Math.abs(estimateTempo([piece.left, piece.right], RATE).bpm - 120)).toBeLessThanOrEqual(2);
  });
});
