// The bar grid behind "exact length, ending on the last bar": whatever the length and tempo,
// the last bar ends on the last sample and the tempo stays within 1 bpm of the request.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutBars } from '../../../../native/music/arrange';
import { TEMPO_FLEX_BPM, planGrid } from '../../../../native/music/grid';

const RATE = 48000;

describe('planGrid', () => {
  it('ends the last bar at the last sample, near the requested tempo', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 600, noNaN: true }),
        fc.double({ min: 40, max: 220, noNaN: true }),
        (seconds, bpm) => {
          const total = Math.round(seconds * RATE);
          const grid = planGrid(total, RATE, bpm);
          expect(Math.abs(grid.bpm - bpm)).toBeLessThanOrEqual(TEMPO_FLEX_BPM + 1e-9);
          expect(grid.firstBar).toBeGreaterThanOrEqual(0);
          expect(grid.firstBar).toBeLessThan(grid.barSamples);
          expect(grid.bars.length).toBe(grid.barCount);
          if (grid.barCount > 0) {
            expect(Math.abs(grid.bars.at(-1)! * RATE + grid.barSamples - total)).toBeLessThan(1e-3);
          } else {
            // A sting: shorter than a bar, struck on a beat at 0.
            expect(total).toBeLessThan(grid.barSamples + 1e-3);
            expect(grid.beats[0]).toBe(0);
          }
          expect(grid.beats[0]!).toBeGreaterThanOrEqual(0);
          expect(grid.beats[0]! * RATE).toBeLessThan(grid.beatSamples);
          expect(grid.beats.at(-1)! * RATE).toBeLessThan(total);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('prefers whole bars, then whole beats, before keeping the tempo with a pickup', () => {
    const whole = planGrid(30 * RATE, RATE, 120);
    expect(whole).toMatchObject({ bpm: 120, barCount: 15, firstBar: 0 });
    expect(whole.bars[0]).toBe(0);

    const stretched = planGrid(31 * RATE, RATE, 120); // 15.5 bars at 120: 15 bars at 116.1 is too far
    expect(Math.abs(stretched.bpm - 120)).toBeLessThanOrEqual(1);
    expect(stretched.beats[0]).toBe(0);
    expect(Number.isInteger(Math.round(stretched.firstBar / stretched.beatSamples))).toBe(true);
    expect(stretched.firstBar / stretched.beatSamples).toBeCloseTo(
      Math.round(stretched.firstBar / stretched.beatSamples),
      6,
    );

    const pickup = planGrid(Math.round(7.3 * RATE), RATE, 120); // 14.6 beats: neither fits within 1 bpm
    expect(pickup.bpm).toBe(120);
    expect(pickup.barCount).toBe(3);
    expect(pickup.firstBar / RATE).toBeCloseTo(1.3, 9);
    expect(pickup.beats[0]).toBeCloseTo(0.3, 9);
  });
});

describe('layoutBars', () => {
  it('gives every piece an outro and grows the intro with the length', () => {
    expect(layoutBars(0)).toEqual({ intro: 0, body: 0, outro: 0 });
    expect(layoutBars(1)).toEqual({ intro: 0, body: 0, outro: 1 });
    expect(layoutBars(4)).toEqual({ intro: 0, body: 2, outro: 2 });
    expect(layoutBars(12)).toEqual({ intro: 2, body: 8, outro: 2 });
    expect(layoutBars(60)).toEqual({ intro: 4, body: 52, outro: 4 });
  });
});
