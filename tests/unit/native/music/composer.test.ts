// The built-in composer as the Soundtrack panel uses it: a prompt, a length and a seed give
// exactly that many samples, the same ones every time, never louder than −1 dBFS, ending on
// the tonic on the last bar and fading to silence at the last sample.
import { describe, expect, it } from 'vitest';
import { isStudioError, type StudioError } from '../../../../native/api/errors';
import { peakOf, rmsOf, dbfs } from '../../../../native/music/analysis';
import { arrange } from '../../../../native/music/arrange';
import { compose, resolveRequestParams, type ComposeRequest } from '../../../../native/music/composer';
import { planGrid } from '../../../../native/music/grid';
import { CEILING } from '../../../../native/music/mix';
import { Rng } from '../../../../native/music/rng';
import { chordOn, makeKey } from '../../../../native/music/theory';

const RATE = 48000;

async function refusal(request: ComposeRequest): Promise<StudioError> {
  try {
    await compose(request);
  } catch (error) {
    if (isStudioError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function sameSamples(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer)) === 0;
}

const pitchClasses = (notes: number[]) =>
  [...new Set(notes.map((n) => ((n % 12) + 12) % 12))].sort((a, b) => a - b);

describe('compose', () => {
  it('gives identical samples for the same seed and different ones for another', async () => {
    const request = { prompt: 'upbeat corporate', seconds: 8, seed: 1234 };
    const a = await compose(request);
    const b = await compose(request);
    expect(sameSamples(a.left, b.left) && sameSamples(a.right, b.right)).toBe(true);
    expect(a.beats).toEqual(b.beats);

    const c = await compose({ ...request, seed: 1235 });
    let differing = 0;
    for (let i = 0; i < a.left.length; i++) if (a.left[i] !== c.left[i]) differing++;
    expect(differing / a.left.length).toBeGreaterThan(0.5);
  });

  it('is exactly as long as asked, at 48 kHz stereo', async () => {
    for (const seconds of [1, 7.3, 15, 30, 2.00001]) {
      const piece = await compose({ prompt: 'playful', seconds, seed: 5 });
      expect(piece).toMatchObject({ sampleRate: RATE, channels: 2 });
      expect(piece.left.length).toBe(Math.round(seconds * RATE));
      expect(piece.right.length).toBe(piece.left.length);
    }
    const at44 = await compose({ prompt: 'calm', seconds: 3, seed: 5, sampleRate: 44100 });
    expect(at44.left.length).toBe(132300);
  });

  it('never goes over −1 dBFS and is not silent', async () => {
    for (const prompt of [
      'energetic electronic',
      'lo-fi',
      'epic cinematic',
      'calm ambient',
      'funky 140 bpm',
    ]) {
      const piece = await compose({ prompt, seconds: 12, seed: 99 });
      const peak = peakOf([piece.left, piece.right]);
      expect(peak, prompt).toBeLessThanOrEqual(CEILING);
      expect(dbfs(peak), prompt).toBeLessThanOrEqual(-1);
      expect(dbfs(rmsOf([piece.left, piece.right])), prompt).toBeGreaterThan(-30);
    }
  });

  it('ends on the last bar: the last bar ends at the last sample, the cadence sounds, then silence', async () => {
    for (const [prompt, seconds] of [
      ['upbeat corporate 120 bpm', 30],
      ['lo-fi 90 bpm', 7.3],
      ['cinematic 128 bpm', 15],
      ['acoustic 97 bpm', 21.37],
    ] as const) {
      const piece = await compose({ prompt, seconds, seed: 11 });
      const n = piece.left.length;
      const bar = (piece.beatsPerBar * 60) / piece.bpm;
      const lastBar = piece.bars.at(-1)!;
      expect(Math.abs((lastBar + bar) * RATE - n), prompt).toBeLessThan(1);
      expect(piece.sections.at(-1)).toMatchObject({ name: 'outro', end: n / RATE });

      // The tonic is struck on the last downbeat…
      const downbeat = Math.round(lastBar * RATE);
      expect(dbfs(rmsOf([piece.left, piece.right], downbeat, downbeat + 0.2 * RATE)), prompt).toBeGreaterThan(
        -30,
      );
      // …and rings out to nothing: the last 100 ms are near silent and the last sample is 0.
      const tail = rmsOf([piece.left, piece.right], n - 0.1 * RATE);
      expect(dbfs(tail), prompt).toBeLessThan(-60);
      expect(piece.left[n - 1]).toBe(0);
      expect(piece.right[n - 1]).toBe(0);
      // No click at the start either.
      expect(Math.abs(piece.left[0]!) + Math.abs(piece.right[0]!)).toBe(0);
    }
  });

  it('returns beats and bars on its grid, within 1 bpm of the request, and sections that tile the piece', async () => {
    const piece = await compose({ prompt: 'electronic 128 bpm', seconds: 20, seed: 2 });
    expect(Math.abs(piece.bpm - 128)).toBeLessThanOrEqual(1);
    const beat = 60 / piece.bpm;
    for (let i = 1; i < piece.beats.length; i++)
      expect(piece.beats[i]! - piece.beats[i - 1]!).toBeCloseTo(beat, 9);
    for (const bar of piece.bars) expect(piece.beats.some((b) => Math.abs(b - bar) < 1e-9)).toBe(true);
    expect(piece.beats[0]).toBeGreaterThanOrEqual(0);
    expect(piece.beats.at(-1)!).toBeLessThan(20);
    expect(piece.sections.map((s) => s.name)).toEqual(['intro', 'body', 'outro']);
    expect(piece.sections[0]!.start).toBe(0);
    for (let i = 1; i < piece.sections.length; i++)
      expect(piece.sections[i]!.start).toBe(piece.sections[i - 1]!.end);
    expect(piece.sections.at(-1)!.end).toBe(20);
  });

  it('writes a cadence into the score: dominant on the bar before the last, tonic on the last', () => {
    for (const [tonic, mode] of [
      ['D', 'minor'],
      ['A', 'major'],
      ['F#', 'minor'],
    ] as const) {
      const { params } = resolveRequestParams({ prompt: `upbeat in ${tonic} ${mode}`, seed: 1 });
      const key = makeKey(tonic, mode);
      const grid = planGrid(30 * RATE, RATE, 120);
      const score = arrange(params, key, grid, new Rng(1));
      const lastDownbeat = Math.round(grid.bars.at(-1)! * RATE);
      const penultimate = Math.round(grid.bars.at(-2)! * RATE);
      const final = score.chords.at(-1)!;
      const before = score.chords.at(-2)!;
      expect(final.start).toBe(lastDownbeat);
      expect(final.start + final.gate).toBe(30 * RATE);
      expect(pitchClasses(final.notes)).toEqual(pitchClasses(chordOn(key, 0).tones));
      expect(before.start).toBe(penultimate);
      const dominant = chordOn(key, 4, { dominant: true, seventh: true });
      expect(pitchClasses(before.notes)).toEqual(pitchClasses(dominant.tones));
      // The dominant holds the leading tone, a semitone under the tonic, in minor too.
      expect(pitchClasses(before.notes)).toContain((key.tonic + 11) % 12);
      // Bass and melody land on the tonic on the last downbeat.
      expect(score.bass.at(-1)).toMatchObject({ start: lastDownbeat });
      expect(score.bass.at(-1)!.midi % 12).toBe(key.tonic);
      expect(score.lead.at(-1)).toMatchObject({ start: lastDownbeat });
      expect(score.lead.at(-1)!.midi % 12).toBe(key.tonic);
      // The drums stop after the final downbeat.
      expect(Math.max(...score.drums.map((d) => d.start))).toBe(lastDownbeat);
    }
  });

  it('makes a sting of a piece shorter than a bar', async () => {
    const piece = await compose({ prompt: 'dramatic 60 bpm', seconds: 1.5, seed: 3 });
    expect(piece.left.length).toBe(72000);
    expect(piece.bars).toEqual([]);
    expect(piece.sections).toEqual([{ name: 'outro', start: 0, end: 1.5 }]);
    expect(piece.left[71999]).toBe(0);
    expect(dbfs(rmsOf([piece.left, piece.right], 0, 24000))).toBeGreaterThan(-30);
  });

  it('takes parameters, alone or over a prompt, and reports what it used', async () => {
    const piece = await compose({
      prompt: 'calm acoustic in E minor, wobbly',
      params: { bpm: 84, drums: 'none' },
      seconds: 4,
      seed: 8,
    });
    expect(piece.params).toMatchObject({ bpm: 84, drums: 'none', lead: 'guitar', tonic: 'E', mode: 'minor' });
    expect(piece.key).toBe('E minor');
    expect(piece.understood).toEqual(['calm', 'acoustic', 'in E minor']);
    expect(piece.ignored).toEqual(['wobbly']);

    const chosen = await compose({ params: { mode: 'minor' }, seconds: 2, seed: 8 });
    expect(chosen.params.tonic).toMatch(/^[A-G][#b]?$/);
    expect(chosen.key).toBe(`${chosen.params.tonic} minor`);
    expect(chosen.understood).toEqual([]);
  });

  it('reports progress up to 1 and stops with "cancelled" when aborted', async () => {
    const fractions: number[] = [];
    await compose({ prompt: 'pop', seconds: 5, seed: 1, onProgress: (f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);

    const before = new AbortController();
    before.abort();
    expect((await refusal({ seconds: 5, seed: 1, signal: before.signal })).code).toBe('cancelled');

    const during = new AbortController();
    const stages: string[] = [];
    const error = await refusal({
      seconds: 60,
      seed: 1,
      signal: during.signal,
      onProgress: (_f, stage) => {
        stages.push(stage);
        if (stage === 'reverb') during.abort();
      },
    });
    expect(error.code).toBe('cancelled');
    expect(stages).not.toContain('done');
  });

  it('refuses bad requests, naming the field', async () => {
    const cases: [Partial<ComposeRequest>, string][] = [
      [{ seconds: 0.5 }, 'seconds'],
      [{ seconds: 601 }, 'seconds'],
      [{ seconds: Number.NaN }, 'seconds'],
      [{ seconds: '10' as unknown as number }, 'seconds'],
      [{ seed: 1.5 }, 'seed'],
      [{ seed: 2 ** 60 }, 'seed'],
      [{ sampleRate: 1000 }, 'sampleRate'],
      [{ prompt: 'calm 500 bpm' }, 'prompt'],
      [{ params: { energy: 2 } }, 'params.energy'],
    ];
    for (const [change, field] of cases) {
      const error = await refusal({ seconds: 5, seed: 1, ...change });
      expect({ field: error.field, code: error.code }).toEqual({ field, code: 'invalid_argument' });
      expect(error.message.length).toBeGreaterThan(10);
    }
    expect((await refusal({ seconds: 601, seed: 1 })).message).toMatch(/1 to 600 seconds/);
  });
});
