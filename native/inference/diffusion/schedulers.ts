/**
 * The noise schedule and the sampler steps of Stable Diffusion, as plain numbers (no tensors, no
 * onnxruntime), so each formula is tested against hand-computed values.
 *
 * The facts follow diffusers' EulerDiscreteScheduler and EulerAncestralDiscreteScheduler (k-diffusion
 * style samplers over σ, the noise level):
 *
 * - betas, "scaled_linear": β_i = (√β_start + i·(√β_end − √β_start)/(T − 1))², i = 0 … T − 1;
 *   SD 1.5 and SD 2.x (and SD-Turbo) use β_start 0.00085, β_end 0.012, T = 1000.
 * - ᾱ_i = Π_{j ≤ i} (1 − β_j) and σ_i = √((1 − ᾱ_i) / ᾱ_i): σ_0 ≈ 0.0292, σ_999 ≈ 14.6146.
 * - Timesteps for n steps. "leading" (SD 1.5's configs, with steps_offset 1): k·⌊T/n⌋ for
 *   k = n−1 … 0, plus the offset, so 50 steps are 981, 961, …, 1. "trailing" (SD-Turbo):
 *   round(T − k·T/n) − 1 for k = 0 … n−1 (halves to even, as NumPy), so one step is 999 and
 *   four are 999, 749, 499, 249.
 *   "linspace": n values from T−1 down to 0, evenly spaced (not rounded).
 * - σ at a timestep is interpolated linearly between the σ_i; a final σ = 0 is appended.
 * - The first latents are noise × σ_max for "trailing" and "linspace", noise × √(σ_max² + 1) for
 *   "leading" (diffusers' `init_noise_sigma`).
 * - The UNet sees the latents divided by √(σ² + 1) (`scale_model_input`).
 * - Euler: x₀ = x − σ·ε (epsilon prediction), x_next = x + ε'·(σ_next − σ) with ε' = (x − x₀)/σ.
 * - Euler ancestral: σ_up = √(σ_next²·(σ² − σ_next²)/σ²), σ_down = √(σ_next² − σ_up²);
 *   x_next = x + ε'·(σ_down − σ) + σ_up·z with fresh Gaussian noise z. Its last step (σ_next = 0)
 *   is x₀ exactly, like Euler's: with one step both are SD-Turbo's single step at t = 999. It is
 *   the sampler commonly paired with SD-Turbo for 2–4 steps: each step re-noises part of the way,
 *   which suits a model distilled to predict x₀ from any noise level.
 * - Strength s (partial repaint) keeps the last min(⌊n·s⌋, n) of the n timesteps and starts from
 *   the image's latents plus noise × σ at the first kept timestep (diffusers' `get_timesteps` and
 *   `add_noise`). Here at least one step always runs.
 */
import { StudioError } from '../../api/errors';

/** How the n inference timesteps are spread over the training timesteps (diffusers' `timestep_spacing`). */
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';

/** What the UNet predicts (diffusers' `prediction_type`); SD 1.5, SD 2.x base and SD-Turbo: epsilon. */
export type PredictionType = 'epsilon' | 'v_prediction';

/** The samplers the pipeline offers (STYLE 4: a closed union). */
export type SamplerName = 'euler' | 'euler-ancestral';

export const SAMPLERS: readonly SamplerName[] = ['euler', 'euler-ancestral'];

/**
 * The training noise schedule (diffusers' scheduler_config.json fields that matter here).
 *
 * @example
 * const sd15: NoiseSchedule = { ...SD_SCHEDULE, spacing: 'leading', stepsOffset: 1 };
 */
export interface NoiseSchedule {
  trainSteps: number;
  betaStart: number;
  betaEnd: number;
  spacing: TimestepSpacing;
  stepsOffset: number;
  prediction: PredictionType;
}

/** SD 1.5 (inpainting included): scaled-linear betas, "leading" timesteps, offset 1. */
export const SD15_SCHEDULE: Readonly<NoiseSchedule> = {
  trainSteps: 1000,
  betaStart: 0.00085,
  betaEnd: 0.012,
  spacing: 'leading',
  stepsOffset: 1,
  prediction: 'epsilon',
};

/** SD-Turbo: the same betas, "trailing" timesteps, so one step runs at t = 999 (σ ≈ 14.6146). */
export const SD_TURBO_SCHEDULE: Readonly<NoiseSchedule> = { ...SD15_SCHEDULE, spacing: 'trailing' };

/** The most inference steps accepted (diffusers allows up to the training steps; 150 is plenty). */
export const MAX_STEPS = 150;

/**
 * σ_i = √((1 − ᾱ_i) / ᾱ_i) for every training timestep, from scaled-linear betas.
 *
 * @example
 * const sigmas = trainingSigmas(SD15_SCHEDULE);
 * sigmas[999]; // ≈ 14.6146
 */
export function trainingSigmas(
  schedule: Pick<NoiseSchedule, 'trainSteps' | 'betaStart' | 'betaEnd'>,
): Float64Array {
  const { trainSteps, betaStart, betaEnd } = schedule;
  if (!Number.isInteger(trainSteps) || trainSteps < 2) {
    throw new StudioError(
      'invalid_argument',
      `the schedule needs at least 2 training steps, got ${trainSteps}`,
    );
  }
  if (!(betaStart > 0 && betaEnd > betaStart && betaEnd < 1)) {
    throw new StudioError(
      'invalid_argument',
      `the schedule's betas must satisfy 0 < beta_start < beta_end < 1, got ${betaStart} and ${betaEnd}`,
    );
  }
  const from = Math.sqrt(betaStart);
  const to = Math.sqrt(betaEnd);
  const sigmas = new Float64Array(trainSteps);
  let alphaBar = 1;
  for (let i = 0; i < trainSteps; i++) {
    const root = from + ((to - from) * i) / (trainSteps - 1);
    alphaBar *= 1 - root * root;
    sigmas[i] = Math.sqrt((1 - alphaBar) / alphaBar);
  }
  return sigmas;
}

/**
 * The timesteps of an n-step run, first (noisiest) to last, as diffusers' `set_timesteps` spaces them.
 *
 * @example
 * inferenceTimesteps(4, SD_TURBO_SCHEDULE); // [999, 749, 499, 249]
 * inferenceTimesteps(50, SD15_SCHEDULE).slice(0, 3); // [981, 961, 941]
 */
export function inferenceTimesteps(steps: number, schedule: NoiseSchedule): number[] {
  requireSteps(steps);
  const { trainSteps: total, spacing, stepsOffset } = schedule;
  if (steps > total) {
    throw new StudioError('invalid_argument', `steps must be at most ${total}, got ${steps}`, 'steps');
  }
  const out: number[] = [];
  if (spacing === 'leading') {
    const ratio = Math.floor(total / steps);
    for (let k = steps - 1; k >= 0; k--) out.push(k * ratio + stepsOffset);
  } else if (spacing === 'trailing') {
    const ratio = total / steps;
    for (let k = 0; k < steps; k++) out.push(roundHalfEven(total - k * ratio) - 1);
  } else {
    for (let k = 0; k < steps; k++)
      out.push(steps === 1 ? total - 1 : ((total - 1) * (steps - 1 - k)) / (steps - 1));
  }
  return out;
}

/** σ at a (possibly fractional) timestep, interpolated linearly between the training σ. */
export function sigmaAt(sigmas: Float64Array, timestep: number): number {
  const last = sigmas.length - 1;
  if (timestep <= 0) return sigmas[0]!;
  if (timestep >= last) return sigmas[last]!;
  const low = Math.floor(timestep);
  const f = timestep - low;
  return sigmas[low]! * (1 - f) + sigmas[low + 1]! * f;
}

/**
 * A run's plan: the timesteps the UNet is called at and the σ before and after each step.
 *
 * @example
 * const plan = planSteps({ steps: 20, strength: 0.75, schedule: SD15_SCHEDULE });
 * plan.timesteps.length; // 15
 */
export interface StepPlan {
  /** Training timesteps fed to the UNet, one per step. */
  timesteps: number[];
  /** σ for each step, then a final 0: `sigmas.length === timesteps.length + 1`. */
  sigmas: number[];
  /** What the first latents' noise is multiplied by when starting from pure noise (strength 1). */
  initSigma: number;
  /** Steps a full-strength run would take; `timesteps` are its last ones. */
  fullSteps: number;
}

/**
 * Plans a run of `steps` at `strength` (0 < strength ≤ 1; 1 repaints from pure noise). With a lower
 * strength only the last ⌊steps·strength⌋ timesteps run (at least one), starting from the image.
 */
export function planSteps(options: { steps: number; strength?: number; schedule: NoiseSchedule }): StepPlan {
  const { steps, strength = 1, schedule } = options;
  if (typeof strength !== 'number' || !Number.isFinite(strength) || strength <= 0 || strength > 1) {
    throw new StudioError(
      'invalid_argument',
      `strength must be above 0 and at most 1, got ${String(strength)}`,
      'strength',
    );
  }
  const all = inferenceTimesteps(steps, schedule);
  const sigmasTrain = trainingSigmas(schedule);
  const allSigmas = all.map((t) => sigmaAt(sigmasTrain, t));
  const sigmaMax = Math.max(...allSigmas);
  const initSigma = schedule.spacing === 'leading' ? Math.sqrt(sigmaMax * sigmaMax + 1) : sigmaMax;
  const kept = Math.max(1, Math.min(Math.floor(steps * strength), steps));
  const start = steps - kept;
  return {
    timesteps: all.slice(start),
    sigmas: [...allSigmas.slice(start), 0],
    initSigma,
    fullSteps: steps,
  };
}

/** What the UNet's input is scaled by at noise level σ: 1 / √(σ² + 1). */
export function inputScale(sigma: number): number {
  return 1 / Math.sqrt(sigma * sigma + 1);
}

/**
 * One Euler step, in place: `sample` (the latents at σ) becomes the latents at `sigmaNext`, from the
 * guided model output. With epsilon prediction: x ← x + ε·(σ_next − σ).
 *
 * @example
 * const x = Float32Array.of(1);
 * eulerStep(x, Float32Array.of(0.5), 2, 1, 'epsilon'); // x[0] === 0.5
 */
export function eulerStep(
  sample: Float32Array,
  modelOutput: Float32Array,
  sigma: number,
  sigmaNext: number,
  prediction: PredictionType = 'epsilon',
): void {
  requireSameLength(sample, modelOutput);
  const dt = sigmaNext - sigma;
  if (prediction === 'epsilon') {
    for (let i = 0; i < sample.length; i++) sample[i] = sample[i]! + modelOutput[i]! * dt;
    return;
  }
  // v-prediction: x₀ = x/(σ²+1) − v·σ/√(σ²+1), and the derivative is (x − x₀)/σ.
  const s2 = sigma * sigma + 1;
  const cSkip = 1 / s2;
  const cOut = -sigma / Math.sqrt(s2);
  for (let i = 0; i < sample.length; i++) {
    const x = sample[i]!;
    const x0 = x * cSkip + modelOutput[i]! * cOut;
    sample[i] = x + ((x - x0) / sigma) * dt;
  }
}

/** σ_up and σ_down of an ancestral step from σ to σ_next (σ_down² + σ_up² = σ_next²). */
export function ancestralSigmas(sigma: number, sigmaNext: number): { up: number; down: number } {
  if (sigmaNext <= 0) return { up: 0, down: 0 };
  const up = Math.sqrt((sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext)) / (sigma * sigma));
  const down = Math.sqrt(sigmaNext * sigmaNext - up * up);
  return { up, down };
}

/**
 * One Euler-ancestral step, in place: a deterministic Euler move to σ_down, then `noise` × σ_up.
 * `noise` is only read when σ_next > 0 (the last step adds none).
 *
 * @example
 * const x = Float32Array.of(1);
 * eulerAncestralStep(x, Float32Array.of(0.5), 2, 1, Float32Array.of(0.2)); // σ_up = √0.75, σ_down = 0.5
 * // x[0] === 1 + 0.5·(0.5 − 2) + 0.2·√0.75
 */
export function eulerAncestralStep(
  sample: Float32Array,
  modelOutput: Float32Array,
  sigma: number,
  sigmaNext: number,
  noise: Float32Array | null,
  prediction: PredictionType = 'epsilon',
): void {
  const { up, down } = ancestralSigmas(sigma, sigmaNext);
  eulerStep(sample, modelOutput, sigma, down, prediction);
  if (up === 0) return;
  if (noise === null) throw new Error('eulerAncestralStep: noise is needed when sigmaNext > 0');
  requireSameLength(sample, noise);
  for (let i = 0; i < sample.length; i++) sample[i] = sample[i]! + noise[i]! * up;
}

/**
 * Classifier-free guidance, in place into `out`: ε = ε_uncond + scale·(ε_cond − ε_uncond), where the
 * UNet's batch holds the unconditional half first and the conditional half second
 * (`[uncond, cond]`, diffusers' order). `batch` is the UNet output of 2·n values; `out` gets n.
 *
 * @example
 * const out = new Float32Array(1);
 * applyGuidance(Float32Array.of(1, 3), 7.5, out); // out[0] === 1 + 7.5 × (3 − 1) === 16
 */
export function applyGuidance(batch: Float32Array, scale: number, out: Float32Array): void {
  const n = out.length;
  if (batch.length !== 2 * n) {
    throw new Error(`applyGuidance: expected ${2 * n} values ([uncond, cond]), got ${batch.length}`);
  }
  for (let i = 0; i < n; i++) {
    const uncond = batch[i]!;
    out[i] = uncond + scale * (batch[n + i]! - uncond);
  }
}

/** Rounds to the nearest integer, halves to even, as NumPy's `round` does (e.g. 812.5 → 812). */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function requireSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
    throw new StudioError(
      'invalid_argument',
      `steps must be a whole number from 1 to ${MAX_STEPS}, got ${String(steps)}`,
      'steps',
    );
  }
}

function requireSameLength(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length)
    throw new Error(`scheduler step: ${a.length} latents but ${b.length} model values`);
}
