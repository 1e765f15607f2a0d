/**
 * Prompt → composer parameters. Words the composer knows (genres, moods, tempo words, an
 * explicit "120 bpm", a key such as "in D minor" or "C#m") set parameters; every other word is
 * ignored and reported as such, so the UI can show what was understood.
 *
 * Precedence, lowest first: defaults → what moods suggest when no genre is named → genres →
 * moods → tempo words → key and mode → an explicit bpm. Within a kind, later words win.
 */
import { StudioError } from '../api/errors';
import { DEFAULT_PARAMS, MAX_BPM, MIN_BPM, type Mode, type MusicParams } from './params';
import { spellNoteName } from './theory';

/** Longer prompts are refused: nothing useful is that long, and the UI shows every word. */
export const MAX_PROMPT_CHARS = 1000;

type Patch = Partial<MusicParams>;

interface Word {
  kind: 'genre' | 'mood' | 'tempo';
  /** Always applied. */
  patch: Patch;
  /** Moods only: the arrangement they suggest when the prompt names no genre. */
  suggests?: Patch;
}

const CORPORATE: Patch = {
  harmony: 'pop',
  mode: 'major',
  drums: 'backbeat',
  bass: 'pulse',
  pad: 'warm',
  lead: 'pluck',
  bpm: 110,
  energy: 0.6,
  brightness: 0.6,
  reverb: 0.35,
};
const CINEMATIC: Patch = {
  harmony: 'epic',
  mode: 'minor',
  drums: 'half-time',
  bass: 'sustained',
  pad: 'strings',
  lead: 'bell',
  bpm: 90,
  energy: 0.6,
  brightness: 0.45,
  reverb: 0.7,
};
const ELECTRONIC: Patch = {
  harmony: 'pop',
  drums: 'four-on-the-floor',
  bass: 'syncopated',
  pad: 'glass',
  lead: 'synth',
  bpm: 124,
  energy: 0.75,
  brightness: 0.7,
  reverb: 0.35,
};
const ACOUSTIC: Patch = {
  harmony: 'pop',
  drums: 'soft',
  bass: 'roots',
  pad: 'warm',
  lead: 'guitar',
  bpm: 100,
  energy: 0.5,
  brightness: 0.5,
  reverb: 0.3,
};
const LOFI: Patch = {
  harmony: 'jazzy',
  drums: 'boom-bap',
  bass: 'roots',
  pad: 'warm',
  lead: 'keys',
  swing: 0.2,
  texture: 'vinyl',
  bpm: 82,
  energy: 0.45,
  brightness: 0.3,
  reverb: 0.35,
};
const AMBIENT: Patch = {
  harmony: 'calm',
  drums: 'none',
  bass: 'sustained',
  pad: 'glass',
  lead: 'bell',
  bpm: 70,
  energy: 0.15,
  brightness: 0.4,
  reverb: 0.9,
};
const FUNK: Patch = {
  harmony: 'pop',
  drums: 'funk',
  bass: 'syncopated',
  pad: 'warm',
  lead: 'keys',
  swing: 0.1,
  bpm: 106,
  energy: 0.75,
  brightness: 0.65,
};
const POP: Patch = { harmony: 'pop', drums: 'backbeat', bass: 'pulse', pad: 'warm', lead: 'pluck', bpm: 116 };
const SOFT_BED: Patch = { harmony: 'calm', drums: 'soft', bass: 'sustained', pad: 'warm', lead: 'bell' };
const EPIC_BED: Patch = {
  harmony: 'epic',
  drums: 'half-time',
  bass: 'sustained',
  pad: 'strings',
  lead: 'bell',
};

const VOCABULARY: Record<string, Word> = {};
function define(words: string[], word: Word): void {
  for (const w of words) VOCABULARY[w] = word;
}

// Genres: the instruments and the groove.
define(['corporate', 'business', 'commercial'], { kind: 'genre', patch: CORPORATE });
define(['cinematic', 'orchestral', 'film', 'movie', 'trailer', 'score'], { kind: 'genre', patch: CINEMATIC });
define(['electronic', 'edm', 'house', 'techno', 'dance', 'electro', 'synthwave'], {
  kind: 'genre',
  patch: ELECTRONIC,
});
define(['acoustic', 'folk', 'guitar', 'unplugged'], { kind: 'genre', patch: ACOUSTIC });
define(['lofi', 'chillhop'], { kind: 'genre', patch: LOFI });
define(['hiphop', 'rap'], {
  kind: 'genre',
  patch: {
    ...LOFI,
    bass: 'syncopated',
    texture: 'clean',
    swing: 0.12,
    bpm: 90,
    energy: 0.6,
    brightness: 0.45,
  },
});
define(['jazz', 'jazzy'], {
  kind: 'genre',
  patch: {
    harmony: 'jazzy',
    drums: 'soft',
    bass: 'walking',
    pad: 'warm',
    lead: 'keys',
    swing: 0.25,
    bpm: 112,
  },
});
define(['ambient', 'atmospheric', 'drone'], { kind: 'genre', patch: AMBIENT });
define(['funk', 'funky', 'disco', 'groovy'], { kind: 'genre', patch: FUNK });
define(['pop'], { kind: 'genre', patch: POP });
define(['rock'], {
  kind: 'genre',
  patch: { ...POP, lead: 'synth', pad: 'strings', bass: 'pulse', bpm: 126, energy: 0.85, brightness: 0.7 },
});
define(['piano', 'keys'], { kind: 'genre', patch: { lead: 'keys' } });
define(['strings'], { kind: 'genre', patch: { pad: 'strings' } });
define(['synth', 'synths'], { kind: 'genre', patch: { lead: 'synth', pad: 'glass' } });
define(['bells', 'bell'], { kind: 'genre', patch: { lead: 'bell' } });

// Moods: mode, energy and colour; an arrangement when no genre is named.
define(['upbeat', 'positive'], {
  kind: 'mood',
  patch: { mode: 'major', energy: 0.75, brightness: 0.65, bpm: 118 },
  suggests: CORPORATE,
});
define(['calm', 'relaxing', 'relaxed', 'peaceful', 'gentle', 'soft', 'soothing', 'quiet'], {
  kind: 'mood',
  patch: { energy: 0.25, brightness: 0.4, reverb: 0.6, bpm: 76 },
  suggests: SOFT_BED,
});
define(['playful', 'fun', 'quirky', 'whimsical', 'bouncy'], {
  kind: 'mood',
  patch: { mode: 'major', energy: 0.7, brightness: 0.75, swing: 0.12, bpm: 124 },
  suggests: { ...POP, bass: 'octaves', lead: 'pluck' },
});
define(['dramatic', 'intense', 'tense', 'suspense', 'suspenseful'], {
  kind: 'mood',
  patch: { mode: 'minor', energy: 0.8, brightness: 0.4, reverb: 0.65, bpm: 92 },
  suggests: EPIC_BED,
});
define(['epic', 'heroic', 'grand'], {
  kind: 'mood',
  patch: { energy: 0.9, reverb: 0.7, bpm: 96 },
  suggests: EPIC_BED,
});
define(['happy', 'cheerful', 'joyful', 'bright', 'sunny', 'optimistic'], {
  kind: 'mood',
  patch: { mode: 'major', energy: 0.7, brightness: 0.75, bpm: 120 },
  suggests: POP,
});
define(['sad', 'melancholic', 'melancholy', 'emotional', 'somber', 'sombre', 'nostalgic'], {
  kind: 'mood',
  patch: { mode: 'minor', energy: 0.3, brightness: 0.35, reverb: 0.6, bpm: 72 },
  suggests: { harmony: 'pop', drums: 'soft', bass: 'sustained', pad: 'strings', lead: 'keys' },
});
define(['dark', 'moody', 'ominous', 'mysterious', 'sinister', 'gritty'], {
  kind: 'mood',
  patch: { mode: 'minor', energy: 0.45, brightness: 0.25, reverb: 0.6, bpm: 84 },
  suggests: EPIC_BED,
});
define(['energetic', 'driving', 'powerful', 'exciting', 'punchy', 'sporty'], {
  kind: 'mood',
  patch: { energy: 0.9, brightness: 0.7, bpm: 128 },
  suggests: { ...POP, drums: 'four-on-the-floor', bass: 'octaves', lead: 'synth' },
});
define(['chill', 'chilled', 'laidback', 'mellow', 'smooth', 'easygoing'], {
  kind: 'mood',
  patch: { energy: 0.35, brightness: 0.45, swing: 0.1, reverb: 0.45, bpm: 88 },
  suggests: { harmony: 'jazzy', drums: 'soft', bass: 'roots', pad: 'warm', lead: 'keys' },
});
define(['inspiring', 'inspirational', 'uplifting', 'hopeful', 'motivational', 'confident'], {
  kind: 'mood',
  patch: { mode: 'major', energy: 0.7, brightness: 0.65, bpm: 112 },
  suggests: { ...CORPORATE, pad: 'strings' },
});
define(['romantic', 'warm', 'tender', 'intimate'], {
  kind: 'mood',
  patch: { mode: 'major', energy: 0.35, brightness: 0.45, bpm: 76 },
  suggests: { harmony: 'calm', drums: 'soft', bass: 'sustained', pad: 'strings', lead: 'keys' },
});
define(['dreamy', 'ethereal', 'floating', 'spacey'], {
  kind: 'mood',
  patch: { energy: 0.3, brightness: 0.45, reverb: 0.9 },
  suggests: { harmony: 'calm', drums: 'none', bass: 'sustained', pad: 'glass', lead: 'bell' },
});
define(['minimal', 'sparse', 'simple'], { kind: 'mood', patch: { energy: 0.3 } });

// Tempo words ("very slow" and "very fast" arrive joined, like "lo fi").
define(['veryslow'], { kind: 'tempo', patch: { bpm: 56 } });
define(['slow', 'slowly'], { kind: 'tempo', patch: { bpm: 70 } });
define(['downtempo'], { kind: 'tempo', patch: { bpm: 85 } });
define(['moderate', 'medium', 'midtempo', 'steady'], { kind: 'tempo', patch: { bpm: 100 } });
define(['uptempo', 'lively'], { kind: 'tempo', patch: { bpm: 128 } });
define(['fast', 'quick', 'rapid'], { kind: 'tempo', patch: { bpm: 140 } });
define(['veryfast'], { kind: 'tempo', patch: { bpm: 165 } });

/** Words that carry no instruction and are not worth reporting as ignored. */
const FILLER = new Set(
  (
    'a an the and or with without some of for in on to at by my our this that is it be like feel vibe vibes ' +
    'style music musical track song tune soundtrack bed background beat beats loop piece instrumental ' +
    'key tempo mood sound sounds very kind sort'
  ).split(' '),
);

/** The outcome of reading a prompt: the parameters and what was (not) understood, in prompt order. */
export interface ParsedPrompt {
  params: MusicParams;
  /** The words and phrases that set something, as written: ['upbeat', 'corporate', '120 bpm', 'in D minor']. */
  understood: string[];
  /** Words that set nothing (fillers such as "a" or "music" are left out of both lists). */
  ignored: string[];
}

interface Found {
  at: number;
  text: string;
}

const BEFORE = String.raw`(?<![\p{L}\p{N}.#♯♭])`;
const AFTER = String.raw`(?![\p{L}\p{N}#♯♭])`;
const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const BPM_PATTERNS = [
  new RegExp(`${BEFORE}${NUMBER}\\s*(?:bpm|beats per minute)${AFTER}`, 'giu'),
  new RegExp(`${BEFORE}(?:bpm|tempo)\\s*(?:of|=|:)?\\s*${NUMBER}${AFTER}`, 'giu'),
];
const MODE_WORD = '(major|minor|maj|min)';
/** "in D minor", "key of Bb major", "f# min": the mode word makes the letter unambiguous. */
const KEY_WITH_MODE = new RegExp(
  `${BEFORE}(?:(?:in(?: the key of)?|key of)\\s+)?([A-Ga-g])([#♯♭b]?)\\s*${MODE_WORD}${AFTER}`,
  'gu',
);
/** "C#m", "Am", "Eb", "in D": capital letter with an accidental, an "m", or after "in"/"key of". */
const KEY_COMPACT = new RegExp(
  `${BEFORE}(?:((?:in(?: the key of)?|key of)\\s+))?([A-G])([#♯♭b]?)(m|M|min|maj)?${AFTER}`,
  'gu',
);

function blank(text: string, from: number, length: number): string {
  return text.slice(0, from) + ' '.repeat(length) + text.slice(from + length);
}

/**
 * Reads a prompt into parameters. Throws StudioError ('invalid_argument', field 'prompt') for a
 * prompt that is not a string, too long, or names a tempo outside 40…220 bpm.
 *
 * @example
 * parsePrompt('upbeat corporate, 120 bpm, in D minor, bananas');
 * // → params { bpm: 120, tonic: 'D', mode: 'minor', drums: 'backbeat', … },
 * //   understood ['upbeat', 'corporate', '120 bpm', 'in D minor'], ignored ['bananas']
 */
export function parsePrompt(prompt: string): ParsedPrompt {
  if (typeof prompt !== 'string')
    throw new StudioError('invalid_argument', 'the prompt must be text', 'prompt');
  if (prompt.length > MAX_PROMPT_CHARS) {
    throw new StudioError(
      'invalid_argument',
      `the prompt is ${prompt.length} characters long; at most ${MAX_PROMPT_CHARS} are read`,
      'prompt',
    );
  }
  let rest = prompt.normalize('NFC');
  const understood: Found[] = [];
  const ignored: Found[] = [];

  let bpm: { at: number; value: number } | null = null;
  for (const pattern of BPM_PATTERNS) {
    for (const match of rest.matchAll(pattern)) {
      const value = Number(match[1]);
      if (!(value >= MIN_BPM && value <= MAX_BPM)) {
        throw new StudioError(
          'invalid_argument',
          `"${match[0].trim()}" is outside the tempo range: ask for ${MIN_BPM} to ${MAX_BPM} bpm`,
          'prompt',
        );
      }
      if (!bpm || match.index > bpm.at) bpm = { at: match.index, value };
      understood.push({ at: match.index, text: match[0].trim() });
      rest = blank(rest, match.index, match[0].length);
    }
  }

  const keys: { at: number; tonic: string; mode: Mode | null }[] = [];
  for (const match of rest.matchAll(KEY_WITH_MODE)) {
    const mode: Mode = match[3]!.toLowerCase().startsWith('maj') ? 'major' : 'minor';
    keys.push({ at: match.index, tonic: spellNoteName(match[1]! + match[2]!), mode });
    understood.push({ at: match.index, text: match[0].trim() });
    rest = blank(rest, match.index, match[0].length);
  }
  for (const match of rest.matchAll(KEY_COMPACT)) {
    const [text, lead, letter, accidental, suffix] = match;
    // A bare capital letter is usually the article "A" or an initial, not a key.
    if (!lead && !accidental && !suffix) continue;
    const mode: Mode | null = suffix === 'm' || suffix === 'min' ? 'minor' : suffix ? 'major' : null;
    keys.push({ at: match.index, tonic: spellNoteName(letter! + (accidental ?? '')), mode });
    understood.push({ at: match.index, text: text.trim() });
    rest = blank(rest, match.index, text.length);
  }
  const key = keys.sort((a, b) => a.at - b.at).at(-1);

  // The remaining words, with "lo fi", "hip hop", "very slow" and the like joined.
  const tokens = [...rest.matchAll(/[\p{L}\p{N}'’-]+/gu)]
    .map((m) => ({ at: m.index, text: m[0].replace(/^['’-]+|['’-]+$/gu, '') }))
    .filter((t) => t.text.length > 0);
  const words: { at: number; text: string; word: Word }[] = [];
  let mode: { at: number; mode: Mode } | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const plain = token.text.toLowerCase().replace(/[-'’]/gu, '');
    if (next) {
      const joined = plain + next.text.toLowerCase().replace(/[-'’]/gu, '');
      const pair = VOCABULARY[joined];
      if (pair) {
        const text = rest.slice(token.at, next.at + next.text.length).replace(/\s+/gu, ' ');
        words.push({ at: token.at, text, word: pair });
        understood.push({ at: token.at, text });
        i++;
        continue;
      }
    }
    const word = VOCABULARY[plain];
    if (word) {
      words.push({ at: token.at, text: token.text, word });
      understood.push({ at: token.at, text: token.text });
    } else if (plain === 'major' || plain === 'minor') {
      mode = { at: token.at, mode: plain };
      understood.push({ at: token.at, text: token.text });
    } else if (!FILLER.has(plain)) {
      ignored.push({ at: token.at, text: token.text });
    }
  }

  const params: MusicParams = { ...DEFAULT_PARAMS };
  const hasGenre = words.some((w) => w.word.kind === 'genre');
  if (!hasGenre) for (const w of words) if (w.word.suggests) Object.assign(params, w.word.suggests);
  for (const kind of ['genre', 'mood', 'tempo'] as const) {
    for (const w of words) if (w.word.kind === kind) Object.assign(params, w.word.patch);
  }
  if (mode) params.mode = mode.mode;
  if (key) {
    params.tonic = key.tonic;
    if (key.mode) params.mode = key.mode;
  }
  if (bpm) params.bpm = bpm.value;

  const inOrder = (list: Found[]) => list.sort((a, b) => a.at - b.at).map((f) => f.text);
  return { params, understood: inOrder(understood), ignored: inOrder(ignored) };
}
