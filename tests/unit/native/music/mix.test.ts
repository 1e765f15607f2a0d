// The mix bus: the limiter holds −1 dBFS whatever comes in without clipping the shape, and the
// ring-out fade ends at exactly 0.
import { describe, expect, it } from 'vitest';
import { addReverb, CEILING, fadeEnds, limit, peak } from '../../../../native/music/mix';
import { Rng } from '../../../../native/music/rng';

function noisy(length: number, level: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return new Float32Array(length).map(() => (rng.next() * 2 - 1) * level);
}

describe('limit', () => {
  it('keeps every sample at or under −1 dBFS, and leaves quiet audio alone', () => {
    const left = noisy(48000, 3, 1);
    const right = noisy(48000, 0.5, 2);
    right[1000] = -7;
    limit(left, right, new Float32Array(48000), 48000);
    expect(peak(left, right)).toBeLessThanOrEqual(CEILING);

    const quiet = noisy(4800, 0.3, 3);
    const copy = quiet.slice();
    limit(quiet, quiet.slice(), new Float32Array(4800), 48000);
    expect(quiet).toEqual(copy);
  });

  it('turns down ahead of a peak instead of clipping it', () => {
    const left = new Float32Array(4800).fill(0.5);
    left[2400] = 2;
    const right = left.slice();
    limit(left, right, new Float32Array(4800), 48000, 3, 50);
    expect(left[2400]).toBeLessThanOrEqual(CEILING);
    expect(left[2400]).toBeGreaterThan(0.85);
    // The gain ramps down over the 3 ms before: never a jump of more than the ramp allows.
    for (let i = 2200; i < 2400; i++) expect(left[i]! - left[i + 1]!).toBeLessThan(0.01);
  });
});

describe('fadeEnds', () => {
  it('starts and ends at 0, smoothly', () => {
    const left = new Float32Array(48000).fill(0.8);
    const right = left.slice();
    fadeEnds(left, right, 96, 24000);
    expect(left[0]).toBe(0);
    expect(left[200]).toBeCloseTo(0.8, 6);
    expect(left[23999]).toBeCloseTo(0.8, 6);
    expect(left[36000]).toBeCloseTo(0.8 * 0.25, 3);
    expect(left[47999]).toBe(0);
    expect(right[47999]).toBe(0);
    for (let i = 24000; i < 47999; i++) expect(left[i + 1]!).toBeLessThanOrEqual(left[i]!);
  });
});

describe('addReverb', () => {
  it('adds a decaying tail after an impulse, the same every time', () => {
    const render = () => {
      const send = new Float32Array(48000 * 3);
      send[0] = 1;
      const left = new Float32Array(send.length);
      const right = new Float32Array(send.length);
      addReverb(send, left, right, 48000, 0.6, 0.5);
      return { left, right };
    };
    const a = render();
    const b = render();
    expect(a.left).toEqual(b.left);
    const energy = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += a.left[i]! ** 2 + a.right[i]! ** 2;
      return sum;
    };
    expect(energy(0, 960)).toBe(0); // the 20 ms pre-delay
    expect(energy(960, 24000)).toBeGreaterThan(0);
    expect(energy(96000, 120000)).toBeLessThan(energy(960, 24960) / 100);
    expect(a.left).not.toEqual(a.right);
  });
});
