/**
 * The built-in soundtrack composer: a prompt (or parameters), a length and a seed in; 48 kHz
 * stereo samples of exactly that length out, with the beats, bars and sections it was built on.
 * No weights, no network; same request, same samples.
 *
 *   prompt ─ parsePrompt ─┐
 *   params ─ resolveParams ┴→ planGrid (bars that end at the last sample) → arrange (score)
 *     → voices (drums, bass, pad, lead into one bus) → reverb → level, compressor, limiter
 *     → fade-in and ring-out
 *
 * The ending: the grid is anchored at the end (grid.ts), so the last bar ends exactly at the
 * last sample; the score puts the dominant on the bar before and the tonic on the last bar's
 * downbeat, then the mix fades the ring-out from the second beat of that bar to exactly 0.
 */
import { StudioError } from '../api/errors';
import { SAMPLE_RATE } from '../model/time';
import { arrange, type SectionName } from './arrange';
import { planGrid } from './grid';
import { addReverb, compress, fadeEnds, limit, rms, scale } from './mix';
import { resolveParams, DEFAULT_PARAMS, type MusicParams } from './params';
import { parsePrompt } from './prompt';
import { Rng } from './rng';
import { COMMON_TONICS, makeKey } from './theory';
import { Synth, type Bus, type DrumKind, type PartMix } from './voices';

export const MIN_MUSIC_SECONDS = 1;
export const MAX_MUSIC_SECONDS = 600;

export interface ComposeRequest {
  /** Words such as "upbeat corporate 120 bpm in D minor"; see prompt.ts. */
  prompt?: string;
  /** Parameters; any given here override what the prompt says. */
  params?: Partial<MusicParams>;
  /** Length, 1…600 s; the piece has exactly Math.round(seconds × sampleRate) samples. */
  seconds: number;
  /** Any safe integer; the same request with the same seed gives identical samples. */
  seed: number;
  /** Default 48 000. */
  sampleRate?: number;
  /** Fraction done 0…1 and a stage name, as JobContext.progress takes them. */
  onProgress?: (fraction: number, stage: string) => void;
  /** Checked between pieces of work (the composer yields to the event loop now and then). */
  signal?: AbortSignal;
}

/** A section of the piece, in seconds. */
export interface MusicSection {
  name: SectionName;
  start: number;
  end: number;
}

/**
 * A composed piece.
 *
 * @example
 * const piece = await compose({ prompt: 'calm acoustic', seconds: 15, seed: 7 });
 * piece.left.length === 720_000; // 15 s at 48 kHz, exactly
 * piece.bars.at(-1)! + (piece.beatsPerBar * 60) / piece.bpm; // === 15: the last bar ends at the end
 */
export interface Composition {
  sampleRate: number;
  channels: 2;
  left: Float32Array;
  right: Float32Array;
  /** The tempo played: within 1 bpm of the one asked for (see grid.ts). */
  bpm: number;
  /** E.g. 'D minor'. */
  key: string;
  beatsPerBar: number;
  /** Every beat's time in seconds, from the first (pickup beats included). */
  beats: number[];
  /** Every bar's downbeat in seconds; the last bar ends at the end of the piece. Empty for a sting shorter than a bar. */
  bars: number[];
  sections: MusicSection[];
  /** The parameters used, with the tonic the seed chose when none was asked for. */
  params: MusicParams;
  /** The prompt's words that set something, in order (empty without a prompt). */
  understood: string[];
  /** The prompt's words that set nothing. */
  ignored: string[];
  seed: number;
}

/** Per drum: level, pan (−1…1) and reverb send. */
const DRUM_MIX: Record<DrumKind, { gain: number; pan: number; send: number }> = {
  kick: { gain: 0.95, pan: 0, send: 0.04 },
  snare: { gain: 0.5, pan: -0.05, send: 0.25 },
  rim: { gain: 0.35, pan: 0.1, send: 0.2 },
  hat: { gain: 0.2, pan: 0.25, send: 0.06 },
  'open-hat': { gain: 0.14, pan: 0.3, send: 0.1 },
  crash: { gain: 0.2, pan: -0.3, send: 0.2 },
};

function invalid(field: string, message: string): StudioError {
  return new StudioError('invalid_argument', message, field);
}

function checkRequest(request: ComposeRequest): { sampleRate: number; total: number } {
  if (typeof request !== 'object' || request === null)
    throw invalid('request', 'compose needs a request object');
  const { seconds, seed, sampleRate = SAMPLE_RATE } = request;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    throw invalid('seconds', `seconds must be a number (got ${String(seconds)})`);
  }
  if (seconds < MIN_MUSIC_SECONDS || seconds > MAX_MUSIC_SECONDS) {
    throw invalid(
      'seconds',
      `a soundtrack is ${MIN_MUSIC_SECONDS} to ${MAX_MUSIC_SECONDS} seconds long (asked for ${seconds})`,
    );
  }
  if (!Number.isSafeInteger(seed)) throw invalid('seed', `seed must be a whole number (got ${String(seed)})`);
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192000) {
    throw invalid(
      'sampleRate',
      `sampleRate must be a whole number of Hz from 8000 to 192000 (got ${String(sampleRate)})`,
    );
  }
  if (request.onProgress !== undefined && typeof request.onProgress !== 'function') {
    throw invalid('onProgress', 'onProgress must be a function');
  }
  return { sampleRate, total: Math.round(seconds * sampleRate) };
}

/** Parameters from the prompt, then the explicit ones, then the tonic from the seed if none. */
export function resolveRequestParams(request: Pick<ComposeRequest, 'prompt' | 'params' | 'seed'>): {
  params: MusicParams & { tonic: string };
  understood: string[];
  ignored: string[];
} {
  const parsed = request.prompt === undefined ? null : parsePrompt(request.prompt);
  const params = resolveParams(request.params, parsed?.params ?? DEFAULT_PARAMS);
  const tonic = params.tonic ?? new Rng(request.seed).fork('key').pick(COMMON_TONICS[params.mode]);
  return {
    params: { ...params, tonic },
    understood: parsed?.understood ?? [],
    ignored: parsed?.ignored ?? [],
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Composes a piece. Rejects with StudioError 'invalid_argument' (field named) for a bad request
 * and 'cancelled' when `signal` aborts.
 *
 * @example
 * const piece = await compose({ prompt: 'upbeat corporate 120 bpm', seconds: 30, seed: 1,
 *   onProgress: ctx.progress });
 * writeFileSync('bed.wav', encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] }));
 */
export async function compose(request: ComposeRequest): Promise<Composition> {
  const { sampleRate, total } = checkRequest(request);
  const { params, understood, ignored } = resolveRequestParams(request);
  const { onProgress, signal } = request;
  const checkCancelled = () => {
    if (signal?.aborted) throw new StudioError('cancelled', 'composing was cancelled');
  };
  checkCancelled();
  onProgress?.(0, 'arranging');

  const rng = new Rng(request.seed);
  const key = makeKey(params.tonic, params.mode);
  const grid = planGrid(total, sampleRate, params.bpm);
  const score = arrange(params, key, grid, rng.fork('score'));
  const synth = new Synth(sampleRate, rng.fork('synth'));
  const bus: Bus = {
    left: new Float32Array(total),
    right: new Float32Array(total),
    send: new Float32Array(total),
  };

  // Rendering, part by part; yield now and then so that a cancel (or anything else) gets a turn.
  let lastYield = performance.now();
  const work = async <T>(
    items: readonly T[],
    render: (item: T) => void,
    from: number,
    to: number,
    stage: string,
  ) => {
    onProgress?.(from, stage);
    for (let i = 0; i < items.length; i++) {
      render(items[i]!);
      if (performance.now() - lastYield > 100) {
        onProgress?.(from + ((to - from) * (i + 1)) / items.length, stage);
        await yieldToEventLoop();
        lastYield = performance.now();
        checkCancelled();
      }
    }
  };
  const leadMix: PartMix = { gain: 0.3, send: 0.3 + 0.3 * params.reverb };
  const padMix: PartMix = { gain: params.lead === 'none' ? 0.34 : 0.26, send: 0.45 + 0.3 * params.reverb };
  const bassMix: PartMix = { gain: 0.42, send: 0.04 };
  await work(
    score.drums,
    (hit) => synth.drum(bus, hit, DRUM_MIX[hit.kind].pan, DRUM_MIX[hit.kind]),
    0.02,
    0.12,
    'drums',
  );
  await work(score.bass, (note) => synth.bass(bus, note, params.brightness, bassMix), 0.12, 0.25, 'bass');
  await work(
    score.chords,
    (chord) => synth.pad(bus, chord, params.pad, params.brightness, padMix),
    0.25,
    0.55,
    'pad',
  );
  await work(
    score.lead,
    (note) => synth.lead(bus, note, params.lead, params.brightness, leadMix),
    0.55,
    0.7,
    'lead',
  );
  if (score.swell)
    synth.swell(bus, score.swell.start, score.swell.end, params.brightness, { gain: 0.12, send: 0.6 });
  if (params.texture === 'vinyl') synth.vinyl(bus, 0, total, 0.5);

  onProgress?.(0.7, 'reverb');
  await yieldToEventLoop();
  checkCancelled();
  addReverb(bus.send, bus.left, bus.right, sampleRate, params.reverb, params.brightness);

  onProgress?.(0.85, 'mastering');
  await yieldToEventLoop();
  checkCancelled();
  const { left, right } = bus;
  // Level the music before the ring-out to a loudness that grows a little with energy, then
  // compress gently and limit to −1 dBFS.
  const level = rms(left, right, 0, Math.max(1, Math.min(total, score.ringFrom)));
  const targetDb = -19 + 3 * params.energy;
  if (level > 0) scale(left, right, Math.pow(10, targetDb / 20) / level);
  compress(left, right, sampleRate, {
    thresholdDb: -16,
    ratio: 2.5,
    attackMs: 8,
    releaseMs: 160,
    makeupDb: 2,
  });
  limit(left, right, bus.send, sampleRate);
  fadeEnds(left, right, Math.round(0.002 * sampleRate), score.ringFrom);
  onProgress?.(1, 'done');

  const seconds = (samples: number) => samples / sampleRate;
  return {
    sampleRate,
    channels: 2,
    left,
    right,
    bpm: grid.bpm,
    key: key.name,
    beatsPerBar: grid.beatsPerBar,
    beats: grid.beats,
    bars: grid.bars,
    sections: score.sections.map((s) => ({ name: s.name, start: seconds(s.start), end: seconds(s.end) })),
    params,
    understood,
    ignored,
    seed: request.seed,
  };
}
