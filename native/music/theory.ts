/**
 * Just enough music theory for the composer: note names, major and natural-minor scales, chords
 * stacked in thirds on a scale degree, progressions by harmony, and voice leading.
 * Pitches are MIDI note numbers (60 = middle C); pitch classes are 0…11 from C.
 */
import type { Harmony, Mode } from './params';

const LETTERS: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** The pitch class of a note name ('C', 'f#', 'Bb', 'E♭'), or null when it is not one. */
export function parseNoteName(name: string): number | null {
  const match = /^([A-Ga-g])([#♯b♭]?)$/u.exec(name.trim());
  if (!match) return null;
  const accidental = match[2] === '#' || match[2] === '♯' ? 1 : match[2] === 'b' || match[2] === '♭' ? -1 : 0;
  return (LETTERS[match[1]!.toUpperCase()]! + accidental + 12) % 12;
}

/** The conventional spelling of a note name: capital letter, '#' or 'b'. */
export function spellNoteName(name: string): string {
  const trimmed = name.trim();
  const accidental = trimmed.slice(1).replace('♯', '#').replace('♭', 'b');
  return trimmed.charAt(0).toUpperCase() + accidental;
}

export const SCALES: Record<Mode, readonly number[]> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
};

export interface Key {
  /** Pitch class of the tonic. */
  tonic: number;
  mode: Mode;
  /** For people: 'D minor'. */
  name: string;
}

export function makeKey(tonicName: string, mode: Mode): Key {
  const tonic = parseNoteName(tonicName);
  if (tonic === null) throw new Error(`not a note name: ${tonicName}`);
  return { tonic, mode, name: `${spellNoteName(tonicName)} ${mode}` };
}

/** Keys the seed chooses among when the prompt names none: comfortable ranges for every part. */
export const COMMON_TONICS: Record<Mode, readonly string[]> = {
  major: ['C', 'D', 'Eb', 'E', 'F', 'G', 'A', 'Bb'],
  minor: ['A', 'B', 'C', 'D', 'E', 'F', 'F#', 'G'],
};

export interface Chord {
  /** Scale degree, 0 = tonic. */
  degree: number;
  /** Pitch class of the root. */
  root: number;
  /** Pitch classes, root first, then third, fifth (and seventh). */
  tones: number[];
}

/**
 * The chord stacked in thirds on `degree` of the key. In minor, a dominant (degree 4 with
 * `dominant`) takes the raised leading tone of the harmonic minor, so V → i is a real cadence.
 */
export function chordOn(
  key: Key,
  degree: number,
  options: { seventh?: boolean; dominant?: boolean } = {},
): Chord {
  const scale = SCALES[key.mode];
  const count = options.seventh ? 4 : 3;
  const tones: number[] = [];
  for (let i = 0; i < count; i++) {
    let pc = (key.tonic + scale[(degree + 2 * i) % 7]!) % 12;
    if (key.mode === 'minor' && options.dominant && degree === 4 && i === 1) pc = (pc + 1) % 12;
    tones.push(pc);
  }
  return { degree, root: tones[0]!, tones };
}

/** Progressions as scale degrees, by harmony and mode; the seed picks one per piece. */
export const PROGRESSIONS: Record<Harmony, Record<Mode, readonly (readonly number[])[]>> = {
  pop: {
    major: [
      [0, 4, 5, 3],
      [0, 5, 3, 4],
      [5, 3, 0, 4],
      [0, 3, 5, 4],
      [0, 2, 3, 4],
    ],
    minor: [
      [0, 5, 2, 6],
      [0, 3, 5, 4],
      [0, 6, 5, 6],
      [0, 5, 3, 4],
    ],
  },
  epic: {
    major: [
      [0, 4, 5, 3],
      [5, 3, 0, 4],
      [0, 5, 3, 4],
    ],
    minor: [
      [0, 5, 2, 6],
      [0, 5, 3, 4],
      [0, 3, 5, 6],
      [0, 6, 5, 4],
    ],
  },
  jazzy: {
    major: [
      [1, 4, 0, 5],
      [0, 5, 1, 4],
      [3, 2, 1, 4],
    ],
    minor: [
      [0, 3, 6, 2],
      [1, 4, 0, 5],
      [0, 5, 1, 4],
    ],
  },
  calm: {
    major: [
      [0, 3],
      [0, 5, 3, 3],
      [0, 2, 3, 0],
    ],
    minor: [
      [0, 5],
      [0, 3, 5, 6],
      [0, 6, 5, 3],
    ],
  },
};

/** The lowest MIDI note ≥ `low` with pitch class `pc`. */
export function noteAtOrAbove(pc: number, low: number): number {
  return low + ((((pc - low) % 12) + 12) % 12);
}

/**
 * Places a chord's pitch classes as MIDI notes in [low, high]: with a previous voicing, the
 * inversion that moves the voices least (smooth voice leading); without, the one nearest `centre`.
 */
export function voiceChord(
  tones: readonly number[],
  previous: readonly number[] | null,
  low: number,
  high: number,
  centre: number,
): number[] {
  let best: number[] | null = null;
  let bestScore = Infinity;
  for (let inversion = 0; inversion < tones.length; inversion++) {
    for (let octave = 0; octave < 2; octave++) {
      const notes: number[] = [];
      let at = noteAtOrAbove(tones[inversion]!, low) + 12 * octave;
      notes.push(at);
      for (let i = 1; i < tones.length; i++) {
        at = noteAtOrAbove(tones[(inversion + i) % tones.length]!, at + 1);
        notes.push(at);
      }
      if (notes[notes.length - 1]! > high) continue;
      let score = 0;
      if (previous && previous.length === notes.length) {
        for (let i = 0; i < notes.length; i++) score += Math.abs(notes[i]! - previous[i]!);
      } else {
        score = Math.abs(notes.reduce((sum, n) => sum + n, 0) / notes.length - centre);
      }
      if (score < bestScore) {
        bestScore = score;
        best = notes;
      }
    }
  }
  if (best) return best;
  // The range is too narrow for the chord: stack from `low` regardless.
  return tones.map((pc, i) => noteAtOrAbove(pc, low + 4 * i));
}

/** MIDI note number of the melody's scale step (0 = the tonic at `base`, 7 = an octave up). */
export function scaleStepToMidi(key: Key, step: number, base: number): number {
  const scale = SCALES[key.mode];
  const octave = Math.floor(step / 7);
  const degree = step - 7 * octave;
  return base + key.tonic + 12 * octave + scale[degree]!;
}

export function midiToHz(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12);
}
