// The prompt box: words the composer knows set parameters, everything else is ignored and shown
// as such, and a tempo out of range is refused with a message that says so.
import { describe, expect, it } from 'vitest';
import { isStudioError } from '../../../../native/api/errors';
import { DEFAULT_PARAMS, resolveParams } from '../../../../native/music/params';
import { MAX_PROMPT_CHARS, parsePrompt } from '../../../../native/music/prompt';

function refusal(run: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    if (isStudioError(error)) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parsePrompt', () => {
  it('reads moods and genres into an arrangement', () => {
    const corporate = parsePrompt('upbeat corporate');
    expect(corporate.understood).toEqual(['upbeat', 'corporate']);
    expect(corporate.params).toMatchObject({
      mode: 'major',
      drums: 'backbeat',
      bass: 'pulse',
      lead: 'pluck',
    });
    expect(corporate.params.energy).toBeGreaterThan(0.7);

    expect(parsePrompt('cinematic').params).toMatchObject({
      harmony: 'epic',
      pad: 'strings',
      drums: 'half-time',
    });
    expect(parsePrompt('lo-fi').params).toMatchObject({
      drums: 'boom-bap',
      texture: 'vinyl',
      harmony: 'jazzy',
    });
    expect(parsePrompt('lo fi beats').understood).toEqual(['lo fi']);
    expect(parsePrompt('electronic').params.drums).toBe('four-on-the-floor');
    expect(parsePrompt('acoustic').params.lead).toBe('guitar');
    expect(parsePrompt('ambient').params).toMatchObject({ drums: 'none', pad: 'glass' });
    expect(parsePrompt('funky').params.drums).toBe('funk');
  });

  it('lets moods colour a genre and suggest an arrangement only when no genre is named', () => {
    const calm = parsePrompt('calm');
    expect(calm.params.drums).toBe('soft');
    const calmElectronic = parsePrompt('calm electronic');
    expect(calmElectronic.params.drums).toBe('four-on-the-floor');
    expect(calmElectronic.params.energy).toBeLessThan(0.3);
    expect(parsePrompt('sad').params.mode).toBe('minor');
    expect(parsePrompt('dark').params.brightness).toBeLessThan(0.3);
    expect(parsePrompt('happy playful').params.mode).toBe('major');
    expect(parsePrompt('dramatic').params.mode).toBe('minor');
    expect(parsePrompt('energetic').params.energy).toBeGreaterThan(0.85);
  });

  it('reads tempo words and an explicit bpm, the explicit one winning', () => {
    expect(parsePrompt('slow').params.bpm).toBe(70);
    expect(parsePrompt('very slow').params.bpm).toBe(56);
    expect(parsePrompt('fast').params.bpm).toBe(140);
    expect(parsePrompt('moderate').params.bpm).toBe(100);
    expect(parsePrompt('calm, fast').params.bpm).toBe(140);
    expect(parsePrompt('fast 96 bpm').params.bpm).toBe(96);
    expect(parsePrompt('120bpm').params.bpm).toBe(120);
    expect(parsePrompt('tempo 84').params.bpm).toBe(84);
    expect(parsePrompt('BPM: 132.5').params.bpm).toBe(132.5);
    expect(parsePrompt('upbeat 128 bpm').understood).toEqual(['upbeat', '128 bpm']);
  });

  it('reads keys in the ways people write them', () => {
    const cases: [string, string, 'major' | 'minor'][] = [
      ['in D minor', 'D', 'minor'],
      ['A major', 'A', 'major'],
      ['C#m', 'C#', 'minor'],
      ['in the key of Bb', 'Bb', 'major'],
      ['f# min', 'F#', 'minor'],
      ['Eb maj', 'Eb', 'major'],
      ['Am', 'A', 'minor'],
      ['in E♭ major', 'Eb', 'major'],
    ];
    for (const [prompt, tonic, mode] of cases) {
      const { params, understood } = parsePrompt(`calm ${prompt} piano`);
      expect({ prompt, tonic: params.tonic, mode: params.mode }).toEqual({ prompt, tonic, mode });
      expect(understood).toEqual(['calm', prompt, 'piano']);
    }
    // A key's mode beats the mood's; the mood still sets the rest.
    expect(parsePrompt('sad song in G major').params).toMatchObject({
      tonic: 'G',
      mode: 'major',
      energy: 0.3,
    });
    expect(parsePrompt('happy, minor').params.mode).toBe('minor');
  });

  it('does not mistake the article "a" or other words for a key', () => {
    const { params, understood, ignored } = parsePrompt('A calm track for a bakery ad, Amazing');
    expect(params.tonic).toBeUndefined();
    expect(understood).toEqual(['calm']);
    expect(ignored).toEqual(['bakery', 'ad', 'Amazing']);
  });

  it('ignores nonsense words, reporting them, and keeps the defaults for an empty prompt', () => {
    const { params, understood, ignored } = parsePrompt('flibbertigibbet upbeat zorp 100 bpm 🎺');
    expect(understood).toEqual(['upbeat', '100 bpm']);
    expect(ignored).toEqual(['flibbertigibbet', 'zorp']);
    expect(params.bpm).toBe(100);
    expect(parsePrompt('').params).toEqual({ ...DEFAULT_PARAMS });
    expect(parsePrompt('   ').understood).toEqual([]);
  });

  it('refuses a tempo out of range, naming it', () => {
    for (const prompt of ['300 bpm', 'calm 12 bpm', 'tempo 0', '221 bpm']) {
      const error = refusal(() => parsePrompt(prompt));
      expect(error).toMatchObject({ code: 'invalid_argument', field: 'prompt' });
      expect(error.message).toMatch(/40 to 220 bpm/);
    }
    expect(parsePrompt('40 bpm').params.bpm).toBe(40);
    expect(parsePrompt('220 bpm').params.bpm).toBe(220);
  });

  it('refuses what is not a prompt', () => {
    expect(refusal(() => parsePrompt(42 as unknown as string))).toMatchObject({ code: 'invalid_argument' });
    expect(refusal(() => parsePrompt('calm '.repeat(MAX_PROMPT_CHARS)))).toMatchObject({
      code: 'invalid_argument',
      field: 'prompt',
    });
  });
});

describe('resolveParams', () => {
  it('fills from the base and keeps what is given', () => {
    expect(resolveParams({ bpm: 90, tonic: 'F#' })).toEqual({ ...DEFAULT_PARAMS, bpm: 90, tonic: 'F#' });
    expect(resolveParams(undefined)).toEqual({ ...DEFAULT_PARAMS });
  });

  it('refuses bad fields, naming each', () => {
    const cases: [unknown, string][] = [
      [{ bpm: 300 }, 'params.bpm'],
      [{ bpm: '120' }, 'params.bpm'],
      [{ energy: -0.1 }, 'params.energy'],
      [{ swing: 0.9 }, 'params.swing'],
      [{ drums: 'polka' }, 'params.drums'],
      [{ tonic: 'H' }, 'params.tonic'],
      [{ tempo: 120 }, 'params.tempo'],
      [[1, 2], 'params'],
    ];
    for (const [params, field] of cases) {
      expect(refusal(() => resolveParams(params))).toMatchObject({ code: 'invalid_argument', field });
    }
  });
});
