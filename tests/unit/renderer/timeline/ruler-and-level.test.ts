// The ruler's steps at each zoom, and the clip's level line (gain ↔ height).
import { describe, expect, it } from 'vitest';
import { formatGain, gainAtPosition, levelPosition } from '../../../../renderer/timeline/level';
import { rulerTicks, ticksBetween } from '../../../../renderer/timeline/ruler-ticks';

describe('rulerTicks', () => {
  it('labels frames when zoomed in far, then seconds, then minutes, never closer than asked', () => {
    expect(rulerTicks(30, 40).step).toBe(2);
    expect(rulerTicks(30, 2)).toEqual({ step: 60, minor: 30 });
    expect(rulerTicks(30, 0.05).step).toBe(60 * 30);
    for (const ppf of [0.01, 0.1, 1, 3, 10, 80])
      expect(rulerTicks(25, ppf, 70).step * ppf).toBeGreaterThanOrEqual(70);
  });

  it('lists the ticks in a range', () => {
    expect(ticksBetween(-10, 65, 30)).toEqual([0, 30, 60]);
  });
});

describe('level line', () => {
  it('puts 0 dB about 70 % up, +12 dB at the top and −60 dB at the bottom, and reads back', () => {
    expect(levelPosition(12)).toBe(1);
    expect(levelPosition(-60)).toBe(0);
    expect(levelPosition(0)).toBeCloseTo(0.694, 3);
    for (const db of [-48, -12, -6, -0.5, 0, 3.5, 12])
      expect(gainAtPosition(levelPosition(db))).toBeCloseTo(db, 1);
  });

  it('writes gains as people read them', () => {
    expect(formatGain(0)).toBe('0 dB');
    expect(formatGain(-6)).toBe('−6 dB');
    expect(formatGain(1.5)).toBe('+1.5 dB');
    expect(formatGain(-60)).toBe('−∞');
  });
});
