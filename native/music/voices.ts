/**
 * The composer's instruments, synthesised sample by sample into a shared stereo bus: pads
 * (detuned saws or sines), a bass, lead voices (FM keys and bells, a filtered pluck, a
 * Karplus–Strong guitar, a saw synth) and a drum kit (kick, snare, rim, hats, crash) rendered
 * once per piece as one-shots. Everything with an ADSR envelope ends at exactly 0.
 *
 * Hot loops touch only typed arrays and local numbers: no allocation or closure per sample.
 * A sine is a table lookup; saws are band-limited with polyBLEP.
 */
import type { LeadVoice, PadVoice } from './params';
import type { Rng } from './rng';
import { midiToHz } from './theory';

/** Where every part plays into: dry left and right, and a mono send to the reverb. */
export interface Bus {
  left: Float32Array;
  right: Float32Array;
  send: Float32Array;
}

/** One note: start and gate (held length, before the release) in samples. */
export interface NoteEvent {
  start: number;
  gate: number;
  midi: number;
  /** 0…1 */
  velocity: number;
  /** −1 (left) … 1 (right) */
  pan: number;
}

/** A chord held by the pad: the notes sound together and share one envelope. */
export interface ChordEvent {
  start: number;
  gate: number;
  notes: number[];
  velocity: number;
  /** Seconds; shorter than the voice's own to strike a chord (the final tonic). */
  attack?: number;
  /** Seconds; shorter than the voice's own to clear the way (the dominant before it). */
  release?: number;
}

export const DRUM_KINDS = ['kick', 'snare', 'rim', 'hat', 'open-hat', 'crash'] as const;
export type DrumKind = (typeof DRUM_KINDS)[number];

export interface DrumHit {
  start: number;
  kind: DrumKind;
  velocity: number;
}

/** How a part sits in the mix. */
export interface PartMix {
  gain: number;
  /** Reverb send, 0…1 of the dry level. */
  send: number;
}

const TABLE_SIZE = 4096;
const SINE = new Float32Array(TABLE_SIZE + 1);
for (let i = 0; i <= TABLE_SIZE; i++) SINE[i] = Math.sin((2 * Math.PI * i) / TABLE_SIZE);

/** Constant-power pan: the left gain for pan −1…1 (the right one is panRight). */
export function panLeft(pan: number): number {
  return Math.cos(((pan + 1) * Math.PI) / 4);
}
export function panRight(pan: number): number {
  return Math.sin(((pan + 1) * Math.PI) / 4);
}

/** One-pole low-pass coefficient for a cut-off in Hz. */
function lowpassCoefficient(hz: number, sampleRate: number): number {
  return 1 - Math.exp((-2 * Math.PI * Math.min(hz, sampleRate * 0.45)) / sampleRate);
}

/** Attack, decay time constant, sustain level and release, in seconds (sustain 0…1). */
interface Adsr {
  attack: number;
  decay: number;
  sustain: number;
  release: number;
}

const PAD_ENVELOPES: Record<Exclude<PadVoice, 'none'>, Adsr> = {
  warm: { attack: 0.35, decay: 1.2, sustain: 0.75, release: 0.9 },
  strings: { attack: 0.55, decay: 2, sustain: 0.85, release: 1.1 },
  glass: { attack: 0.8, decay: 2.5, sustain: 0.7, release: 1.4 },
};

const LEAD_ENVELOPES: Record<Exclude<LeadVoice, 'none'>, Adsr> = {
  keys: { attack: 0.003, decay: 1.1, sustain: 0, release: 0.25 },
  bell: { attack: 0.002, decay: 1.4, sustain: 0, release: 0.6 },
  pluck: { attack: 0.002, decay: 0.3, sustain: 0, release: 0.12 },
  guitar: { attack: 0, decay: 1, sustain: 1, release: 0.15 },
  synth: { attack: 0.012, decay: 0.3, sustain: 0.7, release: 0.18 },
};

const BASS_ENVELOPE: Adsr = { attack: 0.006, decay: 0.35, sustain: 0.65, release: 0.09 };

/** How long a note of this voice sounds after its gate closes, in seconds. */
export function leadRelease(voice: Exclude<LeadVoice, 'none'>): number {
  return LEAD_ENVELOPES[voice].release;
}

/**
 * The instruments of one piece at one sample rate. Holds reusable scratch buffers, so create
 * one per composition (it is not shared between threads or pieces).
 *
 * @example
 * const synth = new Synth(48000, rng.fork('synth'));
 * synth.pad(bus, { start: 0, gate: 96000, notes: [60, 64, 67], velocity: 0.8 }, 'warm', 0.5, { gain: 0.2, send: 0.4 });
 */
export class Synth {
  private envelope = new Float32Array(0);
  private scratchL = new Float32Array(0);
  private scratchR = new Float32Array(0);
  private readonly drums: Record<DrumKind, Float32Array>;

  constructor(
    readonly sampleRate: number,
    private readonly rng: Rng,
  ) {
    this.drums = this.buildKit();
  }

  private ensure(length: number): void {
    if (this.envelope.length >= length) return;
    const size = Math.ceil(length * 1.25);
    this.envelope = new Float32Array(size);
    this.scratchL = new Float32Array(size);
    this.scratchR = new Float32Array(size);
  }

  /**
   * Writes the envelope into this.envelope and returns its length (gate + release). Linear
   * attack; exponential decay towards the sustain; a release that reaches exactly 0.
   */
  private renderEnvelope(gate: number, adsr: Adsr): number {
    const sr = this.sampleRate;
    const release = Math.max(1, Math.round(adsr.release * sr));
    const length = gate + release;
    this.ensure(length);
    const out = this.envelope;
    const attack = Math.max(1, Math.round(adsr.attack * sr));
    const attackEnd = Math.min(attack, gate);
    let i = 0;
    for (; i < attackEnd; i++) out[i] = i / attack;
    const peak = attackEnd / attack;
    const sustain = adsr.sustain;
    let deviation = peak - sustain;
    const decayStep = Math.exp(-1 / (adsr.decay * sr));
    for (; i < gate; i++) {
      out[i] = sustain + deviation;
      deviation *= decayStep;
    }
    const held = gate > 0 ? out[gate - 1]! : 0;
    // (e^(−5t/R) − e^(−5)) / (1 − e^(−5)): exponential, and 0 at t = R.
    const floor = Math.exp(-5);
    const releaseStep = Math.exp(-5 / release);
    let shape = 1;
    const scale = held / (1 - floor);
    for (let j = 0; j < release; j++, i++) {
      out[i] = scale * (shape - floor);
      shape *= releaseStep;
    }
    out[length - 1] = 0;
    return length;
  }

  /** Adds scratchL/R[0, length) into the bus at `start`, with gains and reverb send. */
  private mixScratch(bus: Bus, start: number, length: number, gain: number, send: number): void {
    const end = Math.min(bus.left.length, start + length);
    const sL = this.scratchL;
    const sR = this.scratchR;
    const left = bus.left;
    const right = bus.right;
    const wet = bus.send;
    const sendGain = gain * send * 0.5;
    for (let i = Math.max(0, start), j = i - start; i < end; i++, j++) {
      const l = sL[j]!;
      const r = sR[j]!;
      left[i]! += l * gain;
      right[i]! += r * gain;
      wet[i]! += (l + r) * sendGain;
    }
  }

  private clearScratch(length: number): void {
    this.scratchL.fill(0, 0, length);
    this.scratchR.fill(0, 0, length);
  }

  /** Two one-pole low-passes in series (12 dB/octave) over scratchL/R in place. */
  private filterScratch(length: number, hz: number): void {
    const c = lowpassCoefficient(hz, this.sampleRate);
    for (const buffer of [this.scratchL, this.scratchR]) {
      let y1 = 0;
      let y2 = 0;
      for (let i = 0; i < length; i++) {
        y1 += c * (buffer[i]! - y1);
        y2 += c * (y1 - y2);
        buffer[i] = y2;
      }
    }
  }

  /** A held chord: detuned saws (warm, strings) or sines (glass), low-passed by brightness. */
  pad(bus: Bus, chord: ChordEvent, voice: PadVoice, brightness: number, mix: PartMix): void {
    if (voice === 'none' || chord.notes.length === 0) return;
    const sr = this.sampleRate;
    const own = PAD_ENVELOPES[voice];
    const length = this.renderEnvelope(chord.gate, {
      ...own,
      attack: Math.min(own.attack, chord.attack ?? Infinity),
      release: Math.min(own.release, chord.release ?? Infinity),
    });
    this.clearScratch(length);
    const env = this.envelope;
    const sL = this.scratchL;
    const sR = this.scratchR;
    const perNote = chord.velocity / Math.sqrt(chord.notes.length);
    for (const midi of chord.notes) {
      const hz = midiToHz(midi);
      if (voice === 'glass') {
        // A sine and its octave, each a little detuned between the channels for width.
        const partials = [
          [1, 0.75, -0.5],
          [1.003, 0.75, 0.5],
          [2.001, 0.22, -0.2],
          [1.998, 0.22, 0.2],
        ] as const;
        for (const [ratio, level, pan] of partials) {
          const inc = (hz * ratio) / sr;
          if (inc >= 0.45) continue;
          this.addSine(length, inc, this.rng.next(), level * perNote, panLeft(pan), panRight(pan));
        }
        continue;
      }
      const cents = voice === 'strings' ? [-11, 0, 11] : [-7, 7];
      for (let o = 0; o < cents.length; o++) {
        const inc = (hz * Math.pow(2, cents[o]! / 1200)) / sr;
        const pan = cents.length === 1 ? 0 : -0.7 + (1.4 * o) / (cents.length - 1);
        const level = (perNote * 0.55) / Math.sqrt(cents.length / 2);
        const gl = level * panLeft(pan);
        const gr = level * panRight(pan);
        let phase = this.rng.next();
        for (let i = 0; i < length; i++) {
          let v = 2 * phase - 1;
          if (phase < inc) {
            const t = phase / inc;
            v -= t + t - t * t - 1;
          } else if (phase > 1 - inc) {
            const t = (phase - 1) / inc;
            v -= t * t + t + t + 1;
          }
          phase += inc;
          if (phase >= 1) phase -= 1;
          const e = v * env[i]!;
          sL[i]! += e * gl;
          sR[i]! += e * gr;
        }
      }
    }
    if (voice !== 'glass') {
      const cutoff = (voice === 'strings' ? 700 : 450) + 4200 * brightness * brightness;
      this.filterScratch(length, cutoff);
    }
    this.mixScratch(bus, chord.start, length, mix.gain, mix.send);
  }

  /** A sine multiplied by this.envelope, added into scratchL/R. */
  private addSine(length: number, inc: number, phase: number, level: number, gl: number, gr: number): void {
    const env = this.envelope;
    const sL = this.scratchL;
    const sR = this.scratchR;
    const l = level * gl;
    const r = level * gr;
    for (let i = 0; i < length; i++) {
      const p = phase * TABLE_SIZE;
      const k = p | 0;
      const a = SINE[k]!;
      const v = (a + (SINE[k + 1]! - a) * (p - k)) * env[i]!;
      sL[i]! += v * l;
      sR[i]! += v * r;
      phase += inc;
      if (phase >= 1) phase -= 1;
    }
  }

  /** The bass: a sine with a filtered saw on top, the filter opening with each note. */
  bass(bus: Bus, note: NoteEvent, brightness: number, mix: PartMix): void {
    const sr = this.sampleRate;
    const length = this.renderEnvelope(note.gate, BASS_ENVELOPE);
    const env = this.envelope;
    const sL = this.scratchL;
    const hz = midiToHz(note.midi);
    const inc = hz / sr;
    const base = 90 + 500 * brightness;
    const sweep = 900 * (0.3 + brightness) * note.velocity;
    const sweepStep = Math.exp(-16 / (0.08 * sr));
    const sawLevel = 0.35 + 0.4 * brightness;
    let phase = 0;
    let y1 = 0;
    let y2 = 0;
    let open = sweep;
    let c = 0;
    for (let i = 0; i < length; i++) {
      if ((i & 15) === 0) {
        c = lowpassCoefficient(base + open, sr);
        open *= sweepStep;
      }
      const p = phase * TABLE_SIZE;
      const k = p | 0;
      const a = SINE[k]!;
      const sine = a + (SINE[k + 1]! - a) * (p - k);
      let saw = 2 * phase - 1;
      if (phase < inc) {
        const t = phase / inc;
        saw -= t + t - t * t - 1;
      } else if (phase > 1 - inc) {
        const t = (phase - 1) / inc;
        saw -= t * t + t + t + 1;
      }
      y1 += c * (saw - y1);
      y2 += c * (y1 - y2);
      sL[i] = (sine + sawLevel * y2) * env[i]! * note.velocity;
      phase += inc;
      if (phase >= 1) phase -= 1;
    }
    this.scratchR.set(sL.subarray(0, length));
    this.mixScratch(bus, note.start, length, mix.gain, mix.send);
  }

  /** One note of the lead voice. */
  lead(bus: Bus, note: NoteEvent, voice: LeadVoice, brightness: number, mix: PartMix): void {
    if (voice === 'none') return;
    let length: number;
    if (voice === 'guitar') length = this.guitar(note, brightness);
    else if (voice === 'keys' || voice === 'bell') length = this.fm(note, voice, brightness);
    else length = this.subtractive(note, voice, brightness);
    // Pan the mono note (in scratchL).
    const sL = this.scratchL;
    const sR = this.scratchR;
    const gl = panLeft(note.pan);
    const gr = panRight(note.pan);
    for (let i = 0; i < length; i++) {
      const v = sL[i]!;
      sL[i] = v * gl;
      sR[i] = v * gr;
    }
    this.mixScratch(bus, note.start, length, mix.gain, mix.send);
  }

  /** Two-operator FM: an electric piano (ratio 1) or a bell (ratio 3.5), the index decaying. */
  private fm(note: NoteEvent, voice: 'keys' | 'bell', brightness: number): number {
    const sr = this.sampleRate;
    const length = this.renderEnvelope(note.gate, LEAD_ENVELOPES[voice]);
    const env = this.envelope;
    const out = this.scratchL;
    const hz = midiToHz(note.midi);
    const inc = hz / sr;
    const ratio = voice === 'bell' ? 3.5 : 1;
    const modInc = inc * ratio;
    let index = (voice === 'bell' ? 1.6 : 1.1) * (0.4 + brightness) * (0.5 + 0.5 * note.velocity);
    const indexFloor = voice === 'bell' ? 0.1 : 0.25;
    const indexStep = Math.exp(-1 / ((voice === 'bell' ? 0.5 : 0.35) * sr));
    let phase = 0;
    let modPhase = 0;
    for (let i = 0; i < length; i++) {
      let p = modPhase * TABLE_SIZE;
      let k = p | 0;
      let a = SINE[k]!;
      const modulator = a + (SINE[k + 1]! - a) * (p - k);
      let x = phase + (indexFloor + index) * modulator * 0.16;
      x -= Math.floor(x);
      p = x * TABLE_SIZE;
      k = p | 0;
      a = SINE[k]!;
      out[i] = (a + (SINE[k + 1]! - a) * (p - k)) * env[i]! * note.velocity;
      index *= indexStep;
      phase += inc;
      if (phase >= 1) phase -= 1;
      modPhase += modInc;
      if (modPhase >= 1) modPhase -= 1;
    }
    return length;
  }

  /** A pluck (saw through a closing filter) or a synth lead (two detuned saws, steady filter). */
  private subtractive(note: NoteEvent, voice: 'pluck' | 'synth', brightness: number): number {
    const sr = this.sampleRate;
    const length = this.renderEnvelope(note.gate, LEAD_ENVELOPES[voice]);
    const env = this.envelope;
    const out = this.scratchL;
    const hz = midiToHz(note.midi);
    const inc1 = (hz * (voice === 'synth' ? Math.pow(2, -8 / 1200) : 1)) / sr;
    const inc2 = (hz * Math.pow(2, 8 / 1200)) / sr;
    const second = voice === 'synth' ? 0.8 : 0;
    const base = voice === 'synth' ? 900 + 3500 * brightness : 500 + 900 * brightness;
    let open = voice === 'synth' ? 1200 * brightness : 5000 * (0.4 + brightness) * note.velocity;
    const openStep = Math.exp(-16 / ((voice === 'synth' ? 0.2 : 0.07) * sr));
    let p1 = this.rng.next();
    let p2 = this.rng.next();
    let y1 = 0;
    let y2 = 0;
    let c = 0;
    for (let i = 0; i < length; i++) {
      if ((i & 15) === 0) {
        c = lowpassCoefficient(base + open, sr);
        open *= openStep;
      }
      let v = 2 * p1 - 1;
      if (p1 < inc1) {
        const t = p1 / inc1;
        v -= t + t - t * t - 1;
      } else if (p1 > 1 - inc1) {
        const t = (p1 - 1) / inc1;
        v -= t * t + t + t + 1;
      }
      let w = 2 * p2 - 1;
      if (p2 < inc2) {
        const t = p2 / inc2;
        w -= t + t - t * t - 1;
      } else if (p2 > 1 - inc2) {
        const t = (p2 - 1) / inc2;
        w -= t * t + t + t + 1;
      }
      y1 += c * (v + second * w - y1);
      y2 += c * (y1 - y2);
      out[i] = y2 * env[i]! * note.velocity * 0.6;
      p1 += inc1;
      if (p1 >= 1) p1 -= 1;
      p2 += inc2;
      if (p2 >= 1) p2 -= 1;
    }
    return length;
  }

  /** Karplus–Strong: a burst of filtered noise circulating in a damped delay line one period long. */
  private guitar(note: NoteEvent, brightness: number): number {
    const sr = this.sampleRate;
    const adsr = LEAD_ENVELOPES.guitar;
    const length = this.renderEnvelope(note.gate, adsr);
    const env = this.envelope;
    const out = this.scratchL;
    const hz = midiToHz(note.midi);
    // The two-point average delays by half a sample: the loop is period − ½ long.
    const period = Math.max(2, Math.round(sr / hz - 0.5));
    const line = new Float32Array(period);
    const c = lowpassCoefficient(1500 + 6000 * brightness * note.velocity, sr);
    let smooth = 0;
    let mean = 0;
    for (let i = 0; i < period; i++) {
      smooth += c * (this.rng.next() * 2 - 1 - smooth);
      line[i] = smooth;
      mean += smooth;
    }
    mean /= period;
    for (let i = 0; i < period; i++) line[i] = line[i]! - mean;
    const damping = Math.pow(0.001, 1 / (hz * 2.2));
    let at = 0;
    for (let i = 0; i < length; i++) {
      const current = line[at]!;
      const nextAt = at + 1 === period ? 0 : at + 1;
      line[at] = damping * 0.5 * (current + line[nextAt]!);
      at = nextAt;
      out[i] = current * env[i]! * note.velocity * 1.3;
    }
    return length;
  }

  /** Adds a drum one-shot. */
  drum(bus: Bus, hit: DrumHit, pan: number, mix: PartMix): void {
    const sample = this.drums[hit.kind];
    const start = hit.start;
    const end = Math.min(bus.left.length, start + sample.length);
    const gain = hit.velocity * mix.gain;
    const gl = gain * panLeft(pan);
    const gr = gain * panRight(pan);
    const send = gain * mix.send;
    const left = bus.left;
    const right = bus.right;
    const wet = bus.send;
    for (let i = Math.max(0, start), j = i - start; i < end; i++, j++) {
      const v = sample[j]!;
      left[i]! += v * gl;
      right[i]! += v * gr;
      wet[i]! += v * send;
    }
  }

  /** A noise swell rising to `end` (a riser into the first downbeat), low-pass opening as it grows. */
  swell(bus: Bus, start: number, end: number, brightness: number, mix: PartMix): void {
    const sr = this.sampleRate;
    const length = end - start;
    if (length < 16) return;
    const left = bus.left;
    const right = bus.right;
    const wet = bus.send;
    let noise = this.rng.uint32() | 1;
    let yl = 0;
    let yr = 0;
    let c = 0;
    for (let j = 0; j < length; j++) {
      const u = j / length;
      if ((j & 15) === 0) c = lowpassCoefficient(200 + (1500 + 6000 * brightness) * u * u, sr);
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      const nl = (noise | 0) / 2147483648;
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      const nr = (noise | 0) / 2147483648;
      yl += c * (nl - yl);
      yr += c * (nr - yr);
      // Rises as u³, then closes over the last 2 % so it does not click into the downbeat.
      const level = u * u * u * Math.min(1, (1 - u) * 50) * mix.gain;
      const i = start + j;
      left[i]! += yl * level;
      right[i]! += yr * level;
      wet[i]! += (yl + yr) * level * mix.send;
    }
  }

  /** Record noise: sparse crackles and a little hiss over [start, end). */
  vinyl(bus: Bus, start: number, end: number, level: number): void {
    const left = bus.left;
    const right = bus.right;
    let noise = this.rng.uint32() | 1;
    let hiss = 0;
    let crackle = 0;
    const c = lowpassCoefficient(3000, this.sampleRate);
    const decay = Math.exp(-1 / (0.0004 * this.sampleRate));
    for (let i = start; i < end; i++) {
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      const n = (noise | 0) / 2147483648;
      hiss += c * (n - hiss);
      // About 12 crackles a second, of random size and sign.
      if ((noise >>> 0) % 4000 === 0) crackle += n * 6;
      crackle *= decay;
      const v = (hiss * 0.06 + crackle) * level;
      left[i]! += v;
      right[i]! += v * 0.8;
    }
  }

  private buildKit(): Record<DrumKind, Float32Array> {
    const sr = this.sampleRate;
    const noise = (length: number) => {
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = this.rng.next() * 2 - 1;
      return out;
    };
    const seconds = (s: number) => Math.round(s * sr);

    // Kick: a sine falling from ~160 Hz to 48 Hz, a click on top, softly saturated.
    const kick = new Float32Array(seconds(0.45));
    {
      const click = noise(seconds(0.006));
      let phase = 0;
      for (let i = 0; i < kick.length; i++) {
        const t = i / sr;
        phase += (48 + 115 * Math.exp(-t / 0.035)) / sr;
        let v = Math.sin(2 * Math.PI * phase) * Math.exp(-t / 0.16);
        if (i < click.length) v += click[i]! * 0.35 * (1 - i / click.length);
        kick[i] = (1.6 * v) / (1 + Math.abs(1.6 * v));
      }
    }
    // Snare: a 190 Hz body and high-passed noise.
    const snare = new Float32Array(seconds(0.3));
    {
      const n = noise(snare.length);
      let previous = 0;
      for (let i = 0; i < snare.length; i++) {
        const t = i / sr;
        const bright = n[i]! - previous;
        previous = n[i]!;
        snare[i] =
          Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t / 0.05) * 0.55 + bright * Math.exp(-t / 0.075) * 0.5;
      }
    }
    // Rim: a short knock.
    const rim = new Float32Array(seconds(0.06));
    {
      const n = noise(rim.length);
      for (let i = 0; i < rim.length; i++) {
        const t = i / sr;
        rim[i] = (Math.sin(2 * Math.PI * 820 * t) * 0.6 + n[i]! * 0.3) * Math.exp(-t / 0.01);
      }
    }
    // Hats and crash: noise high-passed twice (differences), with short and long decays.
    const metal = (length: number, decay: number, level: number) => {
      const out = new Float32Array(length);
      const n = noise(length + 2);
      for (let i = 0; i < length; i++) {
        const t = i / sr;
        const high = n[i + 2]! - 2 * n[i + 1]! + n[i]!;
        out[i] = high * 0.25 * level * Math.exp(-t / decay) * Math.min(1, i / (0.0008 * sr));
      }
      out[length - 1] = 0;
      return out;
    };
    const hat = metal(seconds(0.09), 0.018, 1);
    const openHat = metal(seconds(0.45), 0.12, 0.8);
    const crash = metal(seconds(2.4), 0.7, 0.9);
    for (const sample of [kick, snare, rim]) {
      // End every one-shot at 0 (a 3 ms fade) so nothing clicks.
      const fade = Math.min(sample.length, seconds(0.003));
      for (let i = 0; i < fade; i++) sample[sample.length - 1 - i]! *= i / fade;
    }
    return { kick, snare, rim, hat, 'open-hat': openHat, crash };
  }
}
