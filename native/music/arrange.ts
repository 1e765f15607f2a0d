/**
 * The score: from parameters, key and bar grid to note events for every part, before any
 * sound. Intro, body and outro; a chord progression that ends V → I on the last bar; a bass
 * line, a drum groove with fills and crashes, and a lead melody built from a repeated motif.
 *
 * Layout by whole bars n (the pickup before bar 0, if any, belongs to the intro):
 *   outro: the last 4 bars from 16 bars up, else the last 2 (the last 1 for a one-bar piece);
 *   intro: 4 bars from 24 up, 2 from 10, 1 from 6, else none;
 *   body: the rest. The last bar always holds the tonic chord; the one before, the dominant.
 * A piece shorter than one bar is a sting: the tonic chord struck at 0 and left to ring.
 */
import { stepPosition, type BeatGrid } from './grid';
import type { BassStyle, DrumStyle, MusicParams } from './params';
import type { Rng } from './rng';
import {
  PROGRESSIONS,
  chordOn,
  noteAtOrAbove,
  scaleStepToMidi,
  voiceChord,
  type Chord,
  type Key,
} from './theory';
import type { ChordEvent, DrumHit, DrumKind, NoteEvent } from './voices';

export type SectionName = 'intro' | 'body' | 'outro';

/** A section in samples: [start, end). */
export interface ScoreSection {
  name: SectionName;
  start: number;
  end: number;
}

export interface Score {
  sections: ScoreSection[];
  chords: ChordEvent[];
  bass: NoteEvent[];
  lead: NoteEvent[];
  drums: DrumHit[];
  /** A noise swell over the pickup, into the first downbeat. */
  swell: { start: number; end: number } | null;
  /** Where the ring-out fade begins (one beat after the last downbeat), in samples. */
  ringFrom: number;
}

interface Layout {
  intro: number;
  body: number;
  outro: number;
}

export function layoutBars(barCount: number): Layout {
  const outro = barCount >= 16 ? 4 : barCount >= 2 ? 2 : barCount;
  const intro = barCount >= 24 ? 4 : barCount >= 10 ? 2 : barCount >= 6 ? 1 : 0;
  return { intro, body: barCount - intro - outro, outro };
}

/** Drum patterns over 16 steps: X 1, x 0.8, o 0.5, g 0.25 (ghost), . rest. */
const VELOCITY: Record<string, number> = { X: 1, x: 0.8, o: 0.5, g: 0.25 };

interface Groove {
  kick: string;
  snare: string;
  hat: string;
  /** Off-beat open hats at higher energy. */
  open?: string;
  /** The snare's sound ('rim' for soft grooves). */
  snareKind: DrumKind;
  /** Whether the groove crashes into sections and on the final downbeat. */
  crash: boolean;
}

const GROOVES: Record<Exclude<DrumStyle, 'none'>, Groove[]> = {
  'four-on-the-floor': [
    {
      kick: 'X...x...X...x...',
      snare: '....X.......X...',
      hat: '..x...x...x...x.',
      snareKind: 'snare',
      crash: true,
    },
    {
      kick: 'X...x...X...x...',
      snare: '....X.......X...',
      hat: 'g.x.g.x.g.x.g.xg',
      open: '..o.......o.....',
      snareKind: 'snare',
      crash: true,
    },
  ],
  backbeat: [
    {
      kick: 'X.....x.X.......',
      snare: '....X.......X...',
      hat: 'x.o.x.o.x.o.x.o.',
      snareKind: 'snare',
      crash: true,
    },
    {
      kick: 'X.......X.x.....',
      snare: '....X.......X...',
      hat: 'x.o.x.o.x.o.x.o.',
      snareKind: 'snare',
      crash: true,
    },
  ],
  'half-time': [
    {
      kick: 'X.........x.....',
      snare: '........X.......',
      hat: 'x.o.x.o.x.o.x.o.',
      snareKind: 'snare',
      crash: true,
    },
    {
      kick: 'X......x..x.....',
      snare: '........X.......',
      hat: 'x.g.o.g.x.g.o.g.',
      snareKind: 'snare',
      crash: true,
    },
  ],
  'boom-bap': [
    {
      kick: 'X......x..x.....',
      snare: '....X.......X...',
      hat: 'x.o.x.o.x.o.x.o.',
      snareKind: 'snare',
      crash: false,
    },
    {
      kick: 'X.........xx....',
      snare: '....X.......X..g',
      hat: 'x.o.x.o.x.o.x.oo',
      snareKind: 'snare',
      crash: false,
    },
  ],
  funk: [
    {
      kick: 'X..x..x...x..x..',
      snare: '....X..g.g..X..g',
      hat: 'xgogxgogxgogxgog',
      snareKind: 'snare',
      crash: true,
    },
    {
      kick: 'X.x...x...X..x..',
      snare: '....X.g..g..X...',
      hat: 'xgogxgogxgogxgog',
      snareKind: 'snare',
      crash: true,
    },
  ],
  soft: [
    {
      kick: 'x.......o.......',
      snare: '....o.......o...',
      hat: 'o.g.o.g.o.g.o.g.',
      snareKind: 'rim',
      crash: false,
    },
    {
      kick: 'x.....g.o.......',
      snare: '....o.......o...',
      hat: 'o.g.o.g.o.g.o.g.',
      snareKind: 'rim',
      crash: false,
    },
  ],
};

/** Bass patterns: [step, length in steps, interval above the root in semitones]. */
const BASS_PATTERNS: Record<Exclude<BassStyle, 'none' | 'walking'>, [number, number, number][][]> = {
  sustained: [[[0, 16, 0]]],
  roots: [
    [
      [0, 7, 0],
      [8, 7, 0],
    ],
    [
      [0, 6, 0],
      [6, 2, 0],
      [8, 7, 7],
    ],
  ],
  pulse: [
    [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 1.6, 0] as [number, number, number]),
    [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 1.6, s === 14 ? 7 : 0] as [number, number, number]),
  ],
  octaves: [
    [0, 2, 4, 6, 8, 10, 12, 14].map((s) => [s, 1.5, s % 4 === 2 ? 12 : 0] as [number, number, number]),
  ],
  syncopated: [
    [
      [0, 2, 0],
      [3, 2, 0],
      [6, 2, 12],
      [8, 2, 0],
      [11, 2, 7],
      [14, 2, 12],
    ],
    [
      [0, 3, 0],
      [3, 1.5, 0],
      [6, 2, 0],
      [10, 2, 12],
      [12, 1.5, 0],
      [14, 1.5, 7],
    ],
  ],
};

/** How the off-beat eighths are delayed by swing, in steps. */
function swung(step: number, swing: number): number {
  return step % 4 === 2 ? step + 2 * swing : step;
}

/**
 * Writes the score for a piece. Deterministic in `rng`; each part draws from its own fork, so a
 * change in one part's choices leaves the others' as they were.
 */
export function arrange(params: MusicParams, key: Key, grid: BeatGrid, rng: Rng): Score {
  const total = grid.totalSamples;
  const bars = grid.barCount;
  const layout = layoutBars(bars);
  const at = (bar: number, step: number) => Math.round(stepPosition(grid, bar, step));
  const seventh = params.harmony === 'jazzy';

  // --- Harmony: one chord per bar (two for calm harmony), V → I at the end.
  const progression = rng.fork('progression').pick(PROGRESSIONS[params.harmony][params.mode]);
  const chordBars = params.harmony === 'calm' ? 2 : 1;
  const chordForBar = (bar: number): Chord => {
    if (bar === bars - 1) return chordOn(key, 0, { seventh: seventh && params.mode === 'major' });
    if (bar === bars - 2) return chordOn(key, 4, { seventh: params.harmony !== 'epic', dominant: true });
    if (layout.outro === 4 && bar === bars - 4) return chordOn(key, 5, { seventh });
    if (layout.outro === 4 && bar === bars - 3) return chordOn(key, 3, { seventh });
    const degree = progression[Math.floor(bar / chordBars) % progression.length]!;
    return chordOn(key, degree, { seventh });
  };
  const barChords: Chord[] = [];
  for (let bar = 0; bar < bars; bar++) barChords.push(chordForBar(bar));
  const sectionOf = (bar: number): SectionName =>
    bar < layout.intro ? 'intro' : bar < layout.intro + layout.body ? 'body' : 'outro';

  const sections: ScoreSection[] = [];
  if (bars === 0) sections.push({ name: 'outro', start: 0, end: total });
  else {
    const introEnd = at(layout.intro, 0);
    const outroStart = at(bars - layout.outro, 0);
    if (introEnd > 0) sections.push({ name: 'intro', start: 0, end: introEnd });
    if (outroStart > introEnd) sections.push({ name: 'body', start: introEnd, end: outroStart });
    sections.push({ name: 'outro', start: outroStart, end: total });
  }

  const score: Score = { sections, chords: [], bass: [], lead: [], drums: [], swell: null, ringFrom: 0 };
  if (bars === 0) {
    writeSting(score, params, key, grid, rng);
    return score;
  }
  score.ringFrom = at(bars - 1, 4);

  // --- Pad: runs of bars with the same chord are held, re-struck at section changes.
  if (params.pad !== 'none') {
    let previous: number[] | null = null;
    let runStart = 0;
    for (let bar = 1; bar <= bars; bar++) {
      const sameChord =
        bar < bars &&
        barChords[bar]!.tones.join() === barChords[runStart]!.tones.join() &&
        sectionOf(bar) === sectionOf(runStart);
      if (sameChord) continue;
      const voicing = voiceChord(barChords[runStart]!.tones, previous, 52, 77, 64);
      previous = voicing;
      const start = at(runStart, 0);
      const end = bar === bars ? total : at(bar, 0);
      const section = sectionOf(runStart);
      const velocity = section === 'intro' ? 0.75 : section === 'outro' ? 0.9 : 0.85 + 0.1 * params.energy;
      // The cadence is struck: the dominant clears quickly and the tonic speaks at once.
      const last = bar === bars;
      const beforeLast = bar === bars - 1;
      score.chords.push({
        start,
        gate: end - start,
        notes: voicing,
        velocity,
        ...(last ? { attack: 0.04 } : {}),
        ...(beforeLast ? { release: 0.2 } : {}),
      });
      runStart = bar;
    }
  }

  // --- Pickup: a swell into the first downbeat, a soft dominant under it when it lasts a beat or more.
  const pickup = grid.firstBar;
  if (pickup >= 0.15 * grid.sampleRate) score.swell = { start: 0, end: Math.round(pickup) };
  if (pickup >= grid.beatSamples - 1 && params.pad !== 'none') {
    const dominant = chordOn(key, 4, { dominant: true });
    score.chords.unshift({
      start: 0,
      gate: Math.round(pickup),
      notes: voiceChord(dominant.tones, null, 52, 77, 62),
      velocity: 0.55,
    });
  }

  writeBass(score, params, grid, barChords, layout, rng.fork('bass'));
  writeDrums(score, params, grid, layout, rng.fork('drums'));
  writeLead(score, params, key, grid, barChords, layout, rng.fork('lead'));
  return score;
}

function writeSting(score: Score, params: MusicParams, key: Key, grid: BeatGrid, rng: Rng): void {
  const total = grid.totalSamples;
  const tonic = chordOn(key, 0);
  score.ringFrom = Math.round(total * 0.35);
  if (params.pad !== 'none') {
    score.chords.push({
      start: 0,
      gate: total,
      notes: voiceChord(tonic.tones, null, 52, 77, 64),
      velocity: 0.9,
    });
  }
  if (params.bass !== 'none') {
    score.bass.push({ start: 0, gate: total, midi: noteAtOrAbove(key.tonic, 36), velocity: 0.9, pan: 0 });
  }
  if (params.lead !== 'none') {
    const base = noteAtOrAbove(key.tonic, 62) - (params.lead === 'guitar' ? 12 : 0);
    score.lead.push({ start: 0, gate: total, midi: base, velocity: 0.8, pan: rng.range(-0.1, 0.1) });
  }
  if (params.drums !== 'none') {
    score.drums.push({ start: 0, kind: 'kick', velocity: 0.9 });
    if (params.drums !== 'soft' && params.drums !== 'boom-bap')
      score.drums.push({ start: 0, kind: 'crash', velocity: 0.7 });
  }
}

function writeBass(
  score: Score,
  params: MusicParams,
  grid: BeatGrid,
  chords: Chord[],
  layout: Layout,
  rng: Rng,
): void {
  if (params.bass === 'none') return;
  const bars = grid.barCount;
  const at = (bar: number, step: number) => Math.round(stepPosition(grid, bar, step));
  const stepSamples = grid.beatSamples / 4;
  const patterns = params.bass === 'walking' ? null : BASS_PATTERNS[params.bass];
  const pattern = patterns ? rng.pick(patterns) : null;
  const push = (bar: number, step: number, steps: number, midi: number, velocity: number) => {
    const start = at(bar, swung(step, params.swing));
    score.bass.push({ start, gate: Math.max(1, Math.round(steps * stepSamples)), midi, velocity, pan: 0 });
  };
  for (let bar = 0; bar < bars; bar++) {
    const chord = chords[bar]!;
    const root = noteAtOrAbove(chord.root, 36);
    if (bar === bars - 1) {
      score.bass.push({
        start: at(bar, 0),
        gate: grid.totalSamples - at(bar, 0),
        midi: root,
        velocity: 0.95,
        pan: 0,
      });
      continue;
    }
    if (bar < layout.intro) {
      // The intro holds roots; a longer intro leaves its first half to the pad.
      if (layout.intro >= 2 && bar < layout.intro / 2) continue;
      push(bar, 0, 15, root, 0.7);
      continue;
    }
    if (params.bass === 'walking') {
      const next = noteAtOrAbove(chords[bar + 1]!.root, 36);
      const third = noteAtOrAbove(chord.tones[1]!, root);
      const fifth = noteAtOrAbove(chord.tones[2]!, root);
      const approach = next + (rng.chance(0.5) ? 1 : -1);
      const line = [root, rng.chance(0.5) ? third : fifth, fifth, approach];
      line.forEach((midi, beat) => push(bar, beat * 4, 3.4, midi, beat === 0 ? 0.95 : 0.8));
      continue;
    }
    for (const [step, steps, interval] of pattern!) {
      const accent = step % 4 === 0 ? 0.95 : 0.8;
      push(bar, step, steps, root + interval, accent * (0.85 + 0.15 * params.energy));
    }
  }
}

function writeDrums(score: Score, params: MusicParams, grid: BeatGrid, layout: Layout, rng: Rng): void {
  if (params.drums === 'none') return;
  const bars = grid.barCount;
  const energy = params.energy;
  const grooves = GROOVES[params.drums];
  const groove = rng.pick(grooves);
  const alternate = grooves[(grooves.indexOf(groove) + 1) % grooves.length]!;
  const humanize =
    params.drums === 'boom-bap' || params.drums === 'soft' || params.drums === 'funk' ? 0.0012 : 0;
  const level = 0.6 + 0.4 * energy;
  const hit = (bar: number, step: number, kind: DrumKind, velocity: number) => {
    const swing = kind === 'hat' || kind === 'open-hat' || kind === 'rim' ? params.swing : params.swing * 0.5;
    const jitter = humanize ? Math.round(rng.range(-1, 1) * humanize * grid.sampleRate) : 0;
    const start = Math.max(0, Math.round(stepPosition(grid, bar, swung(step, swing))) + jitter);
    score.drums.push({ start, kind, velocity: velocity * level * rng.range(0.92, 1.05) });
  };
  const play = (bar: number, pattern: string, kind: DrumKind, scale: number, minimum = 0) => {
    for (let step = 0; step < 16; step++) {
      const v = VELOCITY[pattern[step]!];
      if (v !== undefined && v >= minimum) hit(bar, step, kind, v * scale);
    }
  };
  const fill = (bar: number) => {
    // Sixteenths on the snare over the last beat (the last two with energy), rising.
    const from = energy > 0.65 ? 8 : 12;
    for (let step = from; step < 16; step++)
      hit(bar, step, groove.snareKind, 0.35 + (0.5 * (step - from)) / (16 - from));
  };
  const ghostFloor = energy > 0.55 ? 0 : 0.3;
  // With little energy the hats keep to the beats and off-beats only.
  const hatFloor = energy < 0.3 ? 0.45 : ghostFloor;

  for (let bar = 0; bar < bars - 1; bar++) {
    const inBody = bar >= layout.intro && bar < layout.intro + layout.body;
    const bodyBar = bar - layout.intro;
    const g = inBody && bodyBar % 4 === 3 && energy > 0.4 ? alternate : groove;
    if (bar < layout.intro) {
      const half = layout.intro >= 2 && bar < layout.intro / 2;
      play(bar, g.hat, 'hat', 0.8, hatFloor);
      if (!half) play(bar, g.kick, 'kick', 0.8, 0.45);
      if (bar === layout.intro - 1 && energy > 0.3) fill(bar);
      continue;
    }
    play(bar, g.kick, 'kick', 1, ghostFloor);
    play(bar, g.hat, 'hat', 1, hatFloor);
    if (g.open && energy > 0.6) play(bar, g.open, 'open-hat', 1);
    const fillHere =
      energy > 0.3 &&
      (bar === bars - 2 || (inBody && bodyBar % 8 === 7) || bar === layout.intro + layout.body - 1);
    if (fillHere) {
      play(bar, g.snare.slice(0, energy > 0.65 ? 8 : 12), groove.snareKind, 1, ghostFloor);
      fill(bar);
    } else {
      play(bar, g.snare, groove.snareKind, 1, ghostFloor);
    }
    const sectionStart = bar === layout.intro || bar === layout.intro + layout.body;
    if (groove.crash && energy > 0.45 && (sectionStart || (inBody && bodyBar > 0 && bodyBar % 8 === 0))) {
      hit(bar, 0, 'crash', 0.8);
    }
  }
  // The final downbeat: kick and, where the groove has one, a crash; then nothing.
  hit(bars - 1, 0, 'kick', 1);
  if (groove.crash) hit(bars - 1, 0, 'crash', 0.9);
}

/** A one-bar rhythm: [step, length in steps] with onsets on eighths (and sixteenths with energy). */
function motifRhythm(rng: Rng, energy: number): [number, number][] {
  const onsets: number[] = [rng.chance(0.85) ? 0 : 2];
  const density = 0.25 + 0.45 * energy;
  for (let step = onsets[0]! + 2; step < 16; step += 2) {
    const strong = step % 8 === 0 ? 0.2 : 0;
    if (rng.chance(density + strong)) onsets.push(step);
    if (energy > 0.6 && step < 15 && rng.chance(0.25 * energy)) onsets.push(step + 1);
  }
  const rhythm: [number, number][] = [];
  for (let i = 0; i < onsets.length; i++) {
    const end = i + 1 < onsets.length ? onsets[i + 1]! : Math.min(16, onsets[i]! + 6);
    rhythm.push([onsets[i]!, end - onsets[i]!]);
  }
  return rhythm;
}

function varied(rhythm: [number, number][], rng: Rng): [number, number][] {
  const out = rhythm.map(([s, l]) => [s, l] as [number, number]);
  // Drop or split one note, keeping the downbeat.
  if (out.length > 2 && rng.chance(0.5)) {
    const i = 1 + rng.int(out.length - 1);
    const [, length] = out[i]!;
    out.splice(i, 1);
    out[i - 1]![1] += length;
  } else {
    const i = rng.int(out.length);
    const [step, length] = out[i]!;
    if (length >= 4) out.splice(i, 1, [step, length / 2], [step + length / 2, length / 2]);
  }
  return out;
}

function writeLead(
  score: Score,
  params: MusicParams,
  key: Key,
  grid: BeatGrid,
  chords: Chord[],
  layout: Layout,
  rng: Rng,
): void {
  if (params.lead === 'none') return;
  const bars = grid.barCount;
  const stepSamples = grid.beatSamples / 4;
  const base = noteAtOrAbove(key.tonic, 62) - (params.lead === 'guitar' ? 12 : 0);
  const low = -3;
  const high = 9;
  const midiOf = (step: number, chord: Chord) => {
    let midi = scaleStepToMidi(key, step, base - key.tonic);
    // Over a dominant in minor, the seventh degree is raised like the chord's third.
    if (key.mode === 'minor' && chord.degree === 4 && (((midi - key.tonic) % 12) + 12) % 12 === 10) midi += 1;
    return midi;
  };
  const chordSteps = (chord: Chord) => [chord.degree, chord.degree + 2, chord.degree + 4];
  const nearestChordStep = (from: number, chord: Chord) => {
    let best = from;
    let bestDistance = Infinity;
    for (const tone of chordSteps(chord)) {
      for (let octave = -14; octave <= 14; octave += 7) {
        const candidate = tone + octave;
        if (candidate < low || candidate > high) continue;
        const distance = Math.abs(candidate - from) + rng.next() * 0.9;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = candidate;
        }
      }
    }
    return best;
  };
  const push = (bar: number, step: number, steps: number, scaleStep: number, velocity: number) => {
    const chord = chords[bar]!;
    const start = Math.round(stepPosition(grid, bar, swung(step, params.swing)));
    const gate = Math.max(1, Math.round(steps * stepSamples * 0.9));
    const pan = rng.range(-0.15, 0.15);
    score.lead.push({ start, gate, midi: midiOf(scaleStep, chord), velocity, pan });
  };

  const first = layout.intro;
  const last = bars - 2; // the bar before the final one plays the approach to the tonic
  const bodyLength = layout.body;
  let current = 2;
  for (let phraseStart = first; phraseStart < last; phraseStart += 4) {
    const motif = motifRhythm(rng, params.energy);
    const answer = varied(motif, rng);
    const closing: [number, number][] =
      params.energy > 0.5
        ? [
            [0, 6],
            [6, 2],
            [8, 8],
          ]
        : [
            [0, 8],
            [8, 8],
          ];
    const lift = bodyLength >= 16 && phraseStart - first >= bodyLength / 2 ? 2 : 0;
    let motifDeltas: number[] | null = null;
    for (let offset = 0; offset < 4 && phraseStart + offset < last; offset++) {
      const bar = phraseStart + offset;
      const chord = chords[bar]!;
      const rhythm = offset === 3 ? closing : offset === 1 ? answer : motif;
      const reuse = offset === 2 && motifDeltas !== null;
      const deltas: number[] = [];
      let previous = current;
      rhythm.forEach(([step, steps], i) => {
        let next: number;
        if (reuse && i < motifDeltas!.length) {
          next = i === 0 ? nearestChordStep(current + lift, chord) : previous + motifDeltas![i]!;
        } else if (step % 8 === 0 || (offset === 3 && i === rhythm.length - 1)) {
          next = nearestChordStep(previous + lift, chord);
        } else {
          const moves = [-2, -1, 0, 1, 2, 3];
          const weights = [0.12, 0.32, 0.08, 0.3, 0.13, 0.05];
          next = previous + moves[rng.weighted(weights)]!;
        }
        next = Math.max(low, Math.min(high, next));
        deltas.push(next - previous);
        previous = next;
        const accent = step % 4 === 0 ? 0.85 : 0.7;
        push(bar, step, steps, next, accent + rng.range(-0.05, 0.05));
      });
      if (offset === 0) motifDeltas = deltas;
      current = previous;
    }
  }
  // The cadence over the dominant, then the tonic held from the last downbeat: sol–re–do from
  // the middle of the range, sol–ti–do from high up.
  const up = current > 5;
  if (bars >= 2) {
    push(bars - 2, 0, 8, 4, 0.8);
    push(bars - 2, 8, 8, up ? 6 : 1, 0.75);
  }
  const final = up ? 7 : 0;
  score.lead.push({
    start: Math.round(stepPosition(grid, bars - 1, 0)),
    gate: grid.totalSamples - Math.round(stepPosition(grid, bars - 1, 0)),
    midi: midiOf(final, chords[bars - 1]!),
    velocity: 0.85,
    pan: 0,
  });
}
