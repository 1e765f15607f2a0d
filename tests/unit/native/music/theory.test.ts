// The harmony the composer writes with: note names, chords on scale degrees (a real dominant in
// minor), voice leading that moves little, and seeded streams that stay apart.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../native/music/rng';
import {
  chordOn,
  makeKey,
  parseNoteName,
  scaleStepToMidi,
  voiceChord,
} from '../../../../native/music/theory';

describe('theory', () => {
  it('reads note names', () => {
    expect(['C', 'c#', 'Db', 'E♭', 'B', 'Cb', 'B#'].map(parseNoteName)).toEqual([0, 1, 1, 3, 11, 11, 0]);
    expect(['H', '', 'C##', 'do'].map(parseNoteName)).toEqual([null, null, null, null]);
    expect(makeKey('f#', 'minor').name).toBe('F# minor');
  });

  it('builds chords in thirds, with the raised leading tone on a minor dominant', () => {
    const c = makeKey('C', 'major');
    expect(chordOn(c, 0).tones).toEqual([0, 4, 7]);
    expect(chordOn(c, 1, { seventh: true }).tones).toEqual([2, 5, 9, 0]);
    expect(chordOn(c, 4, { seventh: true, dominant: true }).tones).toEqual([7, 11, 2, 5]);
    const a = makeKey('A', 'minor');
    expect(chordOn(a, 4).tones).toEqual([4, 7, 11]); // natural minor: E minor
    expect(chordOn(a, 4, { dominant: true }).tones).toEqual([4, 8, 11]); // E major: G# leads to A
  });

  it('voices each chord close to the one before', () => {
    const c = makeKey('C', 'major');
    let previous = voiceChord(chordOn(c, 0).tones, null, 52, 77, 64);
    expect(previous).toEqual([60, 64, 67]);
    for (const degree of [4, 5, 3, 0]) {
      const next = voiceChord(chordOn(c, degree).tones, previous, 52, 77, 64);
      const moved = next.reduce((sum, n, i) => sum + Math.abs(n - previous[i]!), 0);
      expect(moved).toBeLessThanOrEqual(5);
      for (const n of next) expect(n).toBeGreaterThanOrEqual(52);
      for (const n of next) expect(n).toBeLessThanOrEqual(77);
      previous = next;
    }
  });

  it('maps melody steps onto the scale', () => {
    const d = makeKey('D', 'minor');
    expect([0, 1, 2, 7, -1].map((s) => scaleStepToMidi(d, s, 60))).toEqual([62, 64, 65, 74, 60]);
  });
});

describe('Rng', () => {
  it('repeats for a seed, differs between seeds, and forks into independent streams', () => {
    const draw = (rng: Rng) => Array.from({ length: 5 }, () => rng.uint32());
    expect(draw(new Rng(7))).toEqual(draw(new Rng(7)));
    expect(draw(new Rng(7))).not.toEqual(draw(new Rng(8)));
    expect(draw(new Rng(2 ** 40))).not.toEqual(draw(new Rng(0)));
    expect(draw(new Rng(-1))).not.toEqual(draw(new Rng(2 ** 32 - 1)));

    const used = new Rng(7);
    used.next();
    expect(draw(used.fork('drums'))).toEqual(draw(new Rng(7).fork('drums')));
    expect(draw(new Rng(7).fork('drums'))).not.toEqual(draw(new Rng(7).fork('bass')));
    const r = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const v = r.next();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
