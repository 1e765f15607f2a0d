/**
 * What the built-in composer is asked for, as plain JSON: the prompt parser produces it, a UI
 * or the CLI may set any field directly, and it is stored with the generated asset as its
 * provenance. Every field is checked by {@link resolveParams}.
 */
import { StudioError } from '../api/errors';
import { parseNoteName } from './theory';

export const MIN_BPM = 40;
export const MAX_BPM = 220;

export const MODES = ['major', 'minor'] as const;
export type Mode = (typeof MODES)[number];

/** The chord vocabulary: which progressions are drawn from (see theory.ts). */
export const HARMONIES = ['pop', 'epic', 'jazzy', 'calm'] as const;
export type Harmony = (typeof HARMONIES)[number];

export const DRUM_STYLES = [
  'none',
  'soft',
  'backbeat',
  'four-on-the-floor',
  'half-time',
  'boom-bap',
  'funk',
] as const;
export type DrumStyle = (typeof DRUM_STYLES)[number];

export const BASS_STYLES = [
  'none',
  'sustained',
  'roots',
  'pulse',
  'octaves',
  'syncopated',
  'walking',
] as const;
export type BassStyle = (typeof BASS_STYLES)[number];

export const PAD_VOICES = ['none', 'warm', 'strings', 'glass'] as const;
export type PadVoice = (typeof PAD_VOICES)[number];

export const LEAD_VOICES = ['none', 'keys', 'bell', 'pluck', 'guitar', 'synth'] as const;
export type LeadVoice = (typeof LEAD_VOICES)[number];

export const TEXTURES = ['clean', 'vinyl'] as const;
export type Texture = (typeof TEXTURES)[number];

/**
 * The composer's parameters.
 *
 * @example
 * const params: MusicParams = { ...DEFAULT_PARAMS, bpm: 96, tonic: 'D', mode: 'minor', drums: 'boom-bap' };
 */
export interface MusicParams {
  /** Requested tempo, 40…220. The piece may run up to 1 bpm off it so that whole bars fit (see grid.ts). */
  bpm: number;
  /** The key's tonic, e.g. 'D', 'F#', 'Bb'; absent: the seed picks one. */
  tonic?: string;
  mode: Mode;
  harmony: Harmony;
  drums: DrumStyle;
  bass: BassStyle;
  pad: PadVoice;
  lead: LeadVoice;
  /** 0…1: how busy and loud the parts play (ghost notes, hat density, melody density). */
  energy: number;
  /** 0…1: how open the filters are. */
  brightness: number;
  /** 0…0.5: how late the off-beat eighths fall (0 straight, 1/3 triplet feel). */
  swing: number;
  /** 0…1: how much reverb. */
  reverb: number;
  texture: Texture;
}

/** A bright, mid-tempo, pop-shaped bed: what an empty prompt gives. */
export const DEFAULT_PARAMS: Readonly<MusicParams> = Object.freeze({
  bpm: 110,
  mode: 'major',
  harmony: 'pop',
  drums: 'backbeat',
  bass: 'pulse',
  pad: 'warm',
  lead: 'pluck',
  energy: 0.6,
  brightness: 0.6,
  swing: 0,
  reverb: 0.4,
  texture: 'clean',
});

type EnumField = 'mode' | 'harmony' | 'drums' | 'bass' | 'pad' | 'lead' | 'texture';
const ENUMS: { [K in EnumField]: readonly MusicParams[K][] } = {
  mode: MODES,
  harmony: HARMONIES,
  drums: DRUM_STYLES,
  bass: BASS_STYLES,
  pad: PAD_VOICES,
  lead: LEAD_VOICES,
  texture: TEXTURES,
};

const RANGES = {
  bpm: [MIN_BPM, MAX_BPM],
  energy: [0, 1],
  brightness: [0, 1],
  swing: [0, 0.5],
  reverb: [0, 1],
} as const;

const KNOWN = new Set<string>(['tonic', ...Object.keys(ENUMS), ...Object.keys(RANGES)]);

function invalid(field: string, message: string): StudioError {
  return new StudioError('invalid_argument', message, `params.${field}`);
}

/**
 * Fills the absent fields of `partial` from `base` and checks every field, throwing a
 * StudioError ('invalid_argument', field `params.<name>`) that names what is wrong.
 *
 * @example
 * resolveParams({ bpm: 300 }); // throws: bpm must be between 40 and 220 (got 300)
 */
export function resolveParams(partial: unknown, base: Readonly<MusicParams> = DEFAULT_PARAMS): MusicParams {
  if (partial === undefined || partial === null) return { ...base };
  if (typeof partial !== 'object' || Array.isArray(partial)) {
    throw new StudioError('invalid_argument', 'params must be an object', 'params');
  }
  const given = partial as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!KNOWN.has(name)) throw invalid(name, `params has no field "${name}"`);
  }
  const out: MusicParams = { ...base };
  for (const [name, [low, high]] of Object.entries(RANGES) as [
    keyof typeof RANGES,
    readonly [number, number],
  ][]) {
    const value = given[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
      throw invalid(name, `${name} must be a number between ${low} and ${high} (got ${String(value)})`);
    }
    out[name] = value;
  }
  for (const [name, allowed] of Object.entries(ENUMS) as [EnumField, readonly string[]][]) {
    const value = given[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw invalid(name, `${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    (out as unknown as Record<string, string>)[name] = value;
  }
  if (given.tonic !== undefined) {
    if (typeof given.tonic !== 'string' || parseNoteName(given.tonic) === null) {
      throw invalid(
        'tonic',
        `tonic must be a note name such as C, F# or Bb (got ${JSON.stringify(given.tonic)})`,
      );
    }
    out.tonic = given.tonic;
  }
  return out;
}
