/**
 * The composer's mix bus, offline and in place on whole Float32Arrays: reverb (two diffusers
 * into a four-line feedback delay network), level, a gentle compressor, a peak limiter that
 * guarantees a ceiling, and the fades at both ends. Offline means the limiter can look ahead
 * as far as it likes: it computes the gain curve backwards, then forwards, in O(n).
 */

/** −1 dBFS, the promise for every sample. */
export const CEILING = Math.pow(10, -1 / 20);
/** The limiter aims a hair under the ceiling so that float rounding can never cross it. */
const LIMIT = CEILING * 0.999;

const dbToGain = (db: number) => Math.pow(10, db / 20);

/**
 * Adds the reverb of `send` (mono) to left and right. `amount` 0…1 sets the wet level and the
 * decay (about 1.2 s to 3.2 s); `brightness` 0…1 the damping. Deterministic, no allocation per
 * sample. The tail past the end is cut (the composer fades the end anyway).
 */
export function addReverb(
  send: Float32Array,
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  amount: number,
  brightness: number,
): void {
  if (amount <= 0) return;
  const scale = sampleRate / 48000;
  const length = (n: number) => Math.max(1, Math.round(n * scale));
  const pre = length(960); // 20 ms pre-delay
  const d1 = length(241);
  const d2 = length(563);
  const a1 = new Float32Array(d1);
  const a2 = new Float32Array(d2);
  const lines = [length(1931), length(2473), length(3011), length(3697)];
  const b0 = new Float32Array(lines[0]!);
  const b1 = new Float32Array(lines[1]!);
  const b2 = new Float32Array(lines[2]!);
  const b3 = new Float32Array(lines[3]!);
  const decaySeconds = 1.2 + 2 * amount;
  const feedback = lines.map((n) => Math.pow(10, (-3 * n) / (decaySeconds * sampleRate)));
  const [g0, g1, g2, g3] = feedback as [number, number, number, number];
  const damp = 1 - Math.exp((-2 * Math.PI * (2500 + 7000 * brightness)) / sampleRate);
  const wet = 0.55 * amount;
  const diffusion = 0.6;
  let i1 = 0;
  let i2 = 0;
  let k0 = 0;
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  let f0 = 0;
  let f1 = 0;
  let f2 = 0;
  let f3 = 0;
  const n = left.length;
  for (let i = 0; i < n; i++) {
    let x = i >= pre ? send[i - pre]! : 0;
    // Two Schroeder all-passes smear the input before it enters the network.
    let y = a1[i1]!;
    let v = x + diffusion * y;
    a1[i1] = v;
    x = y - diffusion * v;
    if (++i1 === d1) i1 = 0;
    y = a2[i2]!;
    v = x + diffusion * y;
    a2[i2] = v;
    x = y - diffusion * v;
    if (++i2 === d2) i2 = 0;
    // Four delay lines, each damped by a one-pole low-pass, mixed by a Householder matrix.
    const o0 = b0[k0]!;
    const o1 = b1[k1]!;
    const o2 = b2[k2]!;
    const o3 = b3[k3]!;
    f0 += damp * (o0 - f0);
    f1 += damp * (o1 - f1);
    f2 += damp * (o2 - f2);
    f3 += damp * (o3 - f3);
    const half = 0.5 * (f0 + f1 + f2 + f3);
    b0[k0] = (f0 - half) * g0 + x;
    b1[k1] = (f1 - half) * g1 + x;
    b2[k2] = (f2 - half) * g2 + x;
    b3[k3] = (f3 - half) * g3 + x;
    if (++k0 === b0.length) k0 = 0;
    if (++k1 === b1.length) k1 = 0;
    if (++k2 === b2.length) k2 = 0;
    if (++k3 === b3.length) k3 = 0;
    left[i]! += (o0 - o2 + o1 * 0.5) * wet;
    right[i]! += (o1 - o3 + o2 * 0.5) * wet;
  }
}

/** Root mean square of both channels over [from, to). */
export function rms(left: Float32Array, right: Float32Array, from = 0, to = left.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += left[i]! * left[i]! + right[i]! * right[i]!;
  return to > from ? Math.sqrt(sum / (2 * (to - from))) : 0;
}

/** The largest |sample| of both channels. */
export function peak(left: Float32Array, right: Float32Array): number {
  let max = 0;
  for (let i = 0; i < left.length; i++) {
    const l = Math.abs(left[i]!);
    const r = Math.abs(right[i]!);
    if (l > max) max = l;
    if (r > max) max = r;
  }
  return max;
}

export function scale(left: Float32Array, right: Float32Array, gain: number): void {
  for (let i = 0; i < left.length; i++) {
    left[i]! *= gain;
    right[i]! *= gain;
  }
}

/**
 * A feed-forward compressor on the stereo peak: above `thresholdDb` the level rises by 1/ratio.
 * The gain is computed every 16 samples (a log per block, not per sample) and interpolated.
 */
export function compress(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  options: { thresholdDb: number; ratio: number; attackMs: number; releaseMs: number; makeupDb: number },
): void {
  const attack = Math.exp(-1 / ((options.attackMs / 1000) * sampleRate));
  const release = Math.exp(-1 / ((options.releaseMs / 1000) * sampleRate));
  const threshold = dbToGain(options.thresholdDb);
  const slope = 1 - 1 / options.ratio;
  const makeup = dbToGain(options.makeupDb);
  const n = left.length;
  let envelope = 0;
  let gain = makeup;
  for (let start = 0; start < n; start += 16) {
    const end = Math.min(n, start + 16);
    for (let i = start; i < end; i++) {
      const level = Math.max(Math.abs(left[i]!), Math.abs(right[i]!));
      envelope =
        level > envelope ? level + attack * (envelope - level) : level + release * (envelope - level);
    }
    const target = envelope > threshold ? Math.pow(envelope / threshold, -slope) * makeup : makeup;
    const step = (target - gain) / (end - start);
    for (let i = start; i < end; i++) {
      gain += step;
      left[i]! *= gain;
      right[i]! *= gain;
    }
  }
}

/**
 * Brick-wall limiting to {@link CEILING} with look-ahead, using `work` (same length) for the gain.
 * Backwards, the gain ramps down linearly over `lookaheadMs` to meet each peak; forwards, it
 * recovers with `releaseMs`. Every sample ends ≤ the ceiling; nothing is clipped.
 */
export function limit(
  left: Float32Array,
  right: Float32Array,
  work: Float32Array,
  sampleRate: number,
  lookaheadMs = 3,
  releaseMs = 120,
): void {
  const n = left.length;
  const gain = work;
  for (let i = 0; i < n; i++) {
    const level = Math.max(Math.abs(left[i]!), Math.abs(right[i]!));
    gain[i] = level > LIMIT ? LIMIT / level : 1;
  }
  const ramp = 1 / Math.max(1, (lookaheadMs / 1000) * sampleRate);
  for (let i = n - 2; i >= 0; i--) {
    const reach = gain[i + 1]! + ramp;
    if (reach < gain[i]!) gain[i] = reach;
  }
  const recover = 1 - Math.exp(-1 / ((releaseMs / 1000) * sampleRate));
  let g = 1;
  for (let i = 0; i < n; i++) {
    const wanted = gain[i]!;
    g = wanted < g ? wanted : g + (wanted - g) * recover;
    left[i]! *= g;
    right[i]! *= g;
  }
  // Float rounding in the products above could leave a sample a hair over; make sure.
  for (let i = 0; i < n; i++) {
    if (left[i]! > LIMIT) left[i] = LIMIT;
    else if (left[i]! < -LIMIT) left[i] = -LIMIT;
    if (right[i]! > LIMIT) right[i] = LIMIT;
    else if (right[i]! < -LIMIT) right[i] = -LIMIT;
  }
}

/**
 * A short linear fade-in over [0, fadeIn), and the ring-out: from `ringFrom` to the end the gain
 * follows ((1 + cos πu) / 2)², u from 0 to 1 — smooth, −12 dB halfway, and exactly 0 at the last
 * sample.
 */
export function fadeEnds(left: Float32Array, right: Float32Array, fadeIn: number, ringFrom: number): void {
  const n = left.length;
  for (let i = 0; i < Math.min(fadeIn, n); i++) {
    const g = i / fadeIn;
    left[i]! *= g;
    right[i]! *= g;
  }
  const from = Math.max(0, Math.min(n - 1, Math.floor(ringFrom)));
  const span = n - 1 - from;
  for (let i = from; i < n; i++) {
    const u = span > 0 ? (i - from) / span : 1;
    const h = 0.5 * (1 + Math.cos(Math.PI * u));
    const g = h * h;
    left[i]! *= g;
    right[i]! *= g;
  }
  if (n > 0) {
    left[n - 1] = 0;
    right[n - 1] = 0;
  }
}
