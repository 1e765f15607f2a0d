/**
 * Listening to audio: levels, an onset-strength envelope and a tempo estimate from it. The
 * composer's tests check its tempo with this; it also serves imported music, whose beats are
 * not known (snapping clips to the beat).
 *
 * Tempo: onset strength (the rise of log energy in a low and a high band, every ~5 ms) →
 * autocorrelation → for each candidate tempo, the mean autocorrelation at 1…8 beat periods,
 * weighted by a broad preference for ~120 bpm to settle half/double-tempo ambiguity.
 */

export function dbfs(gain: number): number {
  return 20 * Math.log10(gain);
}

/** The largest |sample| over all channels. */
export function peakOf(channels: readonly Float32Array[]): number {
  let max = 0;
  for (const channel of channels) {
    for (let i = 0; i < channel.length; i++) {
      const v = Math.abs(channel[i]!);
      if (v > max) max = v;
    }
  }
  return max;
}

/** RMS over all channels in [from, to) samples. */
export function rmsOf(channels: readonly Float32Array[], from = 0, to?: number): number {
  let sum = 0;
  let count = 0;
  for (const channel of channels) {
    const end = Math.min(channel.length, to ?? channel.length);
    for (let i = Math.max(0, from); i < end; i++) sum += channel[i]! * channel[i]!;
    count += Math.max(0, end - Math.max(0, from));
  }
  return count > 0 ? Math.sqrt(sum / count) : 0;
}

export interface OnsetEnvelope {
  /** Onset strength per frame (≥ 0). */
  strength: Float32Array;
  /** Frames per second. */
  frameRate: number;
}

/**
 * Onset strength, about 187 frames a second: how much the log energy rises, summed over a low
 * band (one-pole low-pass at 150 Hz: kicks, bass) and a high band (first difference: hats,
 * snares, note attacks).
 */
export function onsetStrength(channels: readonly Float32Array[], sampleRate: number): OnsetEnvelope {
  const hop = Math.max(1, Math.round(sampleRate / 187.5));
  const length = channels[0]?.length ?? 0;
  const frames = Math.floor(length / hop);
  const low = new Float64Array(frames);
  const high = new Float64Array(frames);
  const c = 1 - Math.exp((-2 * Math.PI * 150) / sampleRate);
  let lp = 0;
  let previous = 0;
  for (let f = 0; f < frames; f++) {
    let el = 0;
    let eh = 0;
    for (let i = f * hop, end = i + hop; i < end; i++) {
      let x = 0;
      for (const channel of channels) x += channel[i]!;
      lp += c * (x - lp);
      const d = x - previous;
      previous = x;
      el += lp * lp;
      eh += d * d;
    }
    low[f] = el;
    high[f] = eh;
  }
  const strength = new Float32Array(frames);
  for (const band of [low, high]) {
    let max = 0;
    for (let f = 0; f < frames; f++) if (band[f]! > max) max = band[f]!;
    // A floor 60 dB under the loudest frame, so near-silence does not count as onsets.
    const floor = max * 1e-6 + 1e-20;
    let last = Math.log(floor);
    for (let f = 0; f < frames; f++) {
      const value = Math.log(band[f]! + floor);
      if (value > last) strength[f]! += value - last;
      last = value;
    }
  }
  return { strength, frameRate: sampleRate / hop };
}

export interface TempoEstimate {
  bpm: number;
  /** The winning score over the mean score, ≥ 1; higher is clearer. */
  clarity: number;
}

/**
 * Estimates the tempo of music. Needs a few seconds of audio with some rhythm; may land on half
 * or double the felt tempo when the music is ambiguous (narrow the range to rule that out).
 *
 * @example
 * const { bpm } = estimateTempo([piece.left, piece.right], 48000); // ≈ piece.bpm
 */
export function estimateTempo(
  channels: readonly Float32Array[],
  sampleRate: number,
  range: { minBpm?: number; maxBpm?: number } = {},
): TempoEstimate {
  const { minBpm = 50, maxBpm = 200 } = range;
  const { strength, frameRate } = onsetStrength(channels, sampleRate);
  const frames = strength.length;
  let mean = 0;
  for (let f = 0; f < frames; f++) mean += strength[f]!;
  mean /= Math.max(1, frames);
  const centred = new Float32Array(frames);
  for (let f = 0; f < frames; f++) centred[f] = strength[f]! - mean;

  const beats = 8;
  const maxLag = Math.min(frames - 1, Math.ceil(((beats * 60) / minBpm) * frameRate) + 2);
  const acf = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let sum = 0;
    for (let f = lag; f < frames; f++) sum += centred[f]! * centred[f - lag]!;
    acf[lag] = sum / (frames - lag);
  }
  const at = (lag: number) => {
    const i = Math.floor(lag);
    if (i + 1 > maxLag) return 0;
    return acf[i]! + (acf[i + 1]! - acf[i]!) * (lag - i);
  };

  let best = minBpm;
  let bestScore = -Infinity;
  let total = 0;
  let count = 0;
  for (let bpm = minBpm; bpm <= maxBpm + 1e-9; bpm += 0.05) {
    const period = (60 / bpm) * frameRate;
    let sum = 0;
    let used = 0;
    for (let k = 1; k <= beats && k * period < maxLag; k++, used++) sum += at(k * period);
    if (used === 0) continue;
    const octaves = Math.log2(bpm / 120);
    const score = (sum / used) * Math.exp(-0.5 * octaves * octaves);
    total += Math.max(0, score);
    count++;
    if (score > bestScore) {
      bestScore = score;
      best = bpm;
    }
  }
  const average = count > 0 ? total / count : 0;
  return { bpm: Math.round(best * 100) / 100, clarity: average > 0 ? bestScore / average : 0 };
}
