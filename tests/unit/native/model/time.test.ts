// Typed times: time codes as the timeline shows them, minutes and seconds, or seconds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimecode, parseTimecode } from '../../../../native/model/time';

describe('parseTimecode', () => {
  it('reads time codes, minutes:seconds and seconds', () => {
    expect(parseTimecode('0:45:00', 30)).toBe(1350);
    expect(parseTimecode('1:02:03:04', 25)).toBe((62 * 60 + 3) * 25 + 4);
    expect(parseTimecode('1:15', 30)).toBe(75 * 30);
    expect(parseTimecode('12.5s', 30)).toBe(375);
    expect(parseTimecode(' 45 ', 24)).toBe(1080);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['', 'soon', '1:60:00', '0:10:30', '-3', '1::2'])
      expect(parseTimecode(bad, 30)).toBeNull();
  });

  it('reads back what formatTimecode writes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(24, 25, 30, 50, 60),
        fc.integer({ min: 0, max: 10_000_000 }),
        (fps, frames) => {
          expect(parseTimecode(formatTimecode(frames, fps), fps)).toBe(frames);
        },
      ),
    );
  });
});
