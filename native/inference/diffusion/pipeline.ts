/**
 * The Stable Diffusion pipeline over an ONNX export in the diffusers layout (layout.ts): SD 1.5
 * inpainting (9-channel UNet) and text-to-image models such as SD-Turbo (4-channel UNet).
 *
 * One generation: tokenise the prompt and the negative prompt (tokenizer.ts) → text encoder →
 * for an image, VAE-encode it (and, for the inpainting UNet, the masked image) → per variant:
 * seeded noise (rng.ts) → the sampler loop (schedulers.ts), each step one UNet call with
 * classifier-free guidance → VAE decode → RGBA pixels.
 *
 * - Guidance: the UNet's batch is `[uncond, cond]` (negative prompt first, prompt second, as
 *   diffusers orders it) and ε = ε_uncond + scale·(ε_cond − ε_uncond). A scale ≤ 1 skips the
 *   unconditional half: the batch is the prompt alone (SD-Turbo runs with guidance 0).
 * - Inpainting UNet input: `[latents / √(σ²+1), mask, masked-image latents]` along the channels
 *   (4 + 1 + 4). The mask is 1 where the artboard mask is ≥ 1 (every painted pixel, soft edges
 *   too), taken down to the latent grid with a max over each 8×8 block: a thin stroke inside a block
 *   is still regenerated (diffusers samples one pixel per block and can miss it). The masked image
 *   is the image with the hole set to 0 (mid-grey in −1..1).
 * - A 4-channel UNet given an image and a mask inpaints by blending: after every step the latents
 *   outside the mask are replaced by the image's latents noised to the next step's σ (the last
 *   step: not noised), as diffusers' inpaint pipeline does for such a UNet. An image without a mask
 *   is image-to-image.
 * - Strength < 1 starts from the image's latents noised to the first kept step (schedulers.ts).
 * - Latents are scaled by {@link VAE_SCALE} after encoding and divided by it before decoding. A VAE
 *   encoder whose output is `latent_parameters` (mean and log-variance, 8 channels) gives its mean;
 *   `latent_sample` (4 channels) is used as it is.
 * - Input names and element types come from each session's metadata (tensors.ts): `timestep` as
 *   float32, float16 or int64, `input_ids` as int32 or int64, fp16 UNets; a UNet whose batch axis
 *   is fixed at 1 is run once per half.
 * - Variant k uses seed + k, so one variant can be made again alone; the text embeddings and the
 *   image latents are computed once for all variants.
 * - Progress is reported after every UNet step; `signal` is checked between steps (a running
 *   `session.run` cannot be interrupted; the job process is killed for that). Sessions are loaded
 *   on first use, kept while the model is in use, and released after `idleReleaseMs` without a
 *   generation (or by `release()`).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { StudioError } from '../../api/errors';
import type { ExecutionProviderName } from '../../api/schemas';
import type { Mask, RgbaImage } from '../../inpaint/image';
import {
  DEFAULT_PROVIDER_ORDER,
  openSession,
  type OpenedSession,
  type OpenOptions,
  type ProviderFallback,
} from '../sessions';
import { checkDiffusionFolder, type DiffusionComponent, type DiffusionFolder } from './layout';
import { GaussianNoise } from './rng';
import {
  applyGuidance,
  eulerAncestralStep,
  eulerStep,
  inputScale,
  planSteps,
  SAMPLERS,
  type NoiseSchedule,
  type SamplerName,
  type StepPlan,
  type TimestepSpacing,
} from './schedulers';
import { CLIP_LENGTH, loadClipTokenizer, type ClipTokenizer } from './tokenizer';
import { feed, fixedDim, inputInfo, outputName, readFloats, type InputInfo } from './tensors';

/** SD's VAE latent scaling factor (SD 1.x and 2.x). */
export const VAE_SCALE = 0.18215;

/** Pixels per latent along each side. */
export const LATENT_FACTOR = 8;

/** Latent channels of SD 1.x / 2.x. */
export const LATENT_CHANNELS = 4;

/** Generation sizes accepted, per side. */
export const MIN_SIDE = 64;
export const MAX_SIDE = 2048;

/** The most variants one call makes. */
export const MAX_VARIANTS = 8;

/** How long loaded sessions stay after the last generation, by default. */
export const DEFAULT_IDLE_RELEASE_MS = 60_000;

/** A mask byte at or above this marks a pixel to regenerate (any painted pixel). */
const HOLE_AT = 1;

/** Inpainting (9-channel UNet) or text-to-image (4-channel UNet, image-to-image with an image). */
export type DiffusionKind = 'inpaint' | 'text-to-image';

export interface DiffusionModelOptions {
  /** Tried in order for every component (default cuda, dml, coreml, cpu). */
  providers?: readonly ExecutionProviderName[];
  /** Passed to sessions.ts' openSession (session options, a fake `create` in tests). */
  open?: OpenOptions;
  /**
   * Release every session this long after the last generation ends (default 60 s). 0 releases at
   * the end of each generation; Infinity keeps them until `release()`.
   */
  idleReleaseMs?: number;
}

/** The stages a generation goes through, for the progress line. */
export type DiffusionStage =
  'loading model' | 'encoding prompt' | 'encoding image' | 'denoising' | 'decoding' | 'done';

/**
 * Progress of a generation. `fraction` runs 0 → 1 over every UNet step and decode of every variant.
 *
 * @example
 * onProgress: (p) => ctx.progress(p.fraction, p.stage === 'denoising' ? `step ${p.step}/${p.steps}` : p.stage)
 */
export interface DiffusionProgress {
  fraction: number;
  stage: DiffusionStage;
  /** Steps done in the current variant, and the steps each variant takes. */
  step: number;
  steps: number;
  /** The current variant, from 0. */
  variant: number;
  variants: number;
}

/**
 * A generation request. `width` × `height` is the generation size (multiples of 8; 64 keeps every
 * UNet level whole); an image and mask must be that size.
 *
 * @example
 * const result = await model.generate({
 *   prompt: 'a red armchair', negativePrompt: 'blurry', width: 512, height: 512,
 *   image, mask, steps: 25, guidanceScale: 7.5, seed: 1, variants: 4, signal,
 *   onProgress: (p) => ctx.progress(p.fraction, p.stage),
 * });
 */
export interface DiffusionRequest {
  prompt: string;
  /** What to steer away from (the unconditional half of the guidance); default empty. */
  negativePrompt?: string;
  width: number;
  height: number;
  /** The picture to repaint (inpainting, image-to-image); RGBA, `width` × `height`. */
  image?: RgbaImage;
  /** With `image`: 0 = keep, 255 = regenerate (soft values count as regenerate). */
  mask?: Mask;
  /** Sampler steps at full strength (default 25; SD-Turbo: 1–4). */
  steps?: number;
  /** Default 'euler'; 'euler-ancestral' re-noises at every step (the few-step sampler for SD-Turbo). */
  sampler?: SamplerName;
  /** Timestep spacing; default the folder's scheduler_config.json, else SD 1.5's 'leading'. */
  spacing?: TimestepSpacing;
  /** Classifier-free guidance; ≤ 1 turns it off (default 7.5; SD-Turbo: 0). */
  guidanceScale?: number;
  /** How much of the image is repainted, 0 < strength ≤ 1 (default 1: from pure noise). */
  strength?: number;
  /** Variant k uses seed + k. Default: a random seed, returned. */
  seed?: number;
  /** How many images, 1 … {@link MAX_VARIANTS} (default 1). */
  variants?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DiffusionProgress) => void;
}

/** Where the time went: the benchmark's overhead is (totalMs − loadMs − sessionRunMs) / unetSteps. */
export interface DiffusionTimings {
  /** The whole call. */
  totalMs: number;
  /** Loading sessions and the tokenizer during the call (0 when they were loaded). */
  loadMs: number;
  /** Inside `session.run`, every component. */
  sessionRunMs: number;
  /** Inside `session.run` for the UNet alone. */
  unetRunMs: number;
  /** UNet steps run (variants × steps; a UNet with a fixed batch of 1 runs twice per step). */
  unetSteps: number;
}

export interface DiffusionResult {
  /** One RGBA image per variant, `width` × `height`, opaque. */
  images: RgbaImage[];
  /** The final latents of each variant (4 × height/8 × width/8) in the UNet's scale: the decoder got them ÷ VAE_SCALE. */
  latents: Float32Array[];
  /** The seed of each variant. */
  seeds: number[];
  width: number;
  height: number;
  /** The timesteps the UNet ran at. */
  timesteps: number[];
  kind: DiffusionKind;
  /** The provider each component ran on. */
  providers: Partial<Record<DiffusionComponent, ExecutionProviderName>>;
  /** Providers asked for that did not run, per component. */
  fallbacks: Partial<Record<DiffusionComponent, ProviderFallback[]>>;
  timings: DiffusionTimings;
}

/** What the pipeline read from the UNet's metadata. */
export interface UnetInfo {
  sample: InputInfo;
  timestep: InputInfo;
  hidden: InputInfo;
  output: string;
  /** 9 (inpainting) or 4. */
  channels: number;
}

const cancelled = () => new StudioError('cancelled', 'image generation was cancelled');

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A diffusion model folder, ready to generate. Sessions load on first use and are released when
 * idle; one generation runs at a time (later calls wait their turn).
 *
 * @example
 * const model = await openDiffusionModel('/models/sd15-inpaint', { providers: settings.preferredProviders });
 * model.kind; // 'inpaint'
 * const { images } = await model.generate({ prompt, width: 512, height: 512, image, mask, seed: 7 });
 * await model.release();
 */
export class DiffusionModel {
  readonly folder: DiffusionFolder;
  readonly kind: DiffusionKind;
  readonly unet: UnetInfo;
  private readonly providers: readonly ExecutionProviderName[];
  private readonly openOptions: OpenOptions;
  private readonly idleReleaseMs: number;
  private readonly tokenizer: ClipTokenizer;
  private readonly sessions = new Map<DiffusionComponent, Promise<OpenedSession>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = 0;
  /** release() was called during a generation: release when it ends. */
  private pendingRelease = false;
  private turn: Promise<unknown> = Promise.resolve();

  /** Use {@link openDiffusionModel}. */
  constructor(init: {
    folder: DiffusionFolder;
    unet: UnetInfo;
    unetSession: Promise<OpenedSession>;
    tokenizer: ClipTokenizer;
    providers: readonly ExecutionProviderName[];
    open: OpenOptions;
    idleReleaseMs: number;
  }) {
    this.folder = init.folder;
    this.unet = init.unet;
    this.kind = init.unet.channels === 9 ? 'inpaint' : 'text-to-image';
    this.tokenizer = init.tokenizer;
    this.providers = init.providers;
    this.openOptions = init.open;
    this.idleReleaseMs = init.idleReleaseMs;
    this.sessions.set('unet', init.unetSession);
    // Released when idle for a while; with 0 ("after each generation") the UNet just loaded stays
    // for the first generation rather than being released and loaded again.
    if (this.idleReleaseMs > 0) this.scheduleRelease();
  }

  /** The components whose sessions are loaded (or loading) now. */
  get loaded(): DiffusionComponent[] {
    return [...this.sessions.keys()];
  }

  /**
   * Generates `variants` images (see the file header for what happens). Rejects with a StudioError:
   * `invalid_argument` for a bad request, `cancelled` when `signal` aborts, `job_failed` when a
   * component fails to run.
   */
  generate(request: DiffusionRequest): Promise<DiffusionResult> {
    const run = this.turn.then(() => this.run(request));
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Releases every loaded session now (a running generation keeps its sessions until it ends). */
  async release(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.busy > 0) {
      // Whatever the run opened goes when it ends.
      this.pendingRelease = true;
      return;
    }
    const opened = [...this.sessions.values()];
    this.sessions.clear();
    for (const entry of opened) {
      try {
        await (await entry).session.release();
      } catch {
        // a session that failed to load has nothing to free
      }
    }
  }

  private scheduleRelease(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pendingRelease || this.idleReleaseMs === 0) {
      this.pendingRelease = false;
      void this.release();
      return;
    }
    if (!Number.isFinite(this.idleReleaseMs)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.release();
    }, this.idleReleaseMs);
    this.timer.unref?.();
  }

  private session(component: DiffusionComponent, timings: DiffusionTimings): Promise<OpenedSession> {
    let entry = this.sessions.get(component);
    if (entry === undefined) {
      const file = component === 'vae_encoder' ? this.folder.files.vae_encoder : this.folder.files[component];
      if (file === null) {
        return Promise.reject(
          new StudioError(
            'not_found',
            `The diffusion model folder ${this.folder.dir} has no vae_encoder/model.onnx, which repainting an image needs`,
          ),
        );
      }
      const started = performance.now();
      entry = openSession(file, this.providers, this.openOptions);
      const opened = entry;
      entry.then(
        () => (timings.loadMs += performance.now() - started),
        () => {
          if (this.sessions.get(component) === opened) this.sessions.delete(component);
        },
      );
      this.sessions.set(component, entry);
    }
    return entry;
  }

  private async run(request: DiffusionRequest): Promise<DiffusionResult> {
    const started = performance.now();
    const plan = this.validate(request);
    if (request.signal?.aborted) throw cancelled();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.busy += 1;
    try {
      return await this.runChecked(request, plan, started);
    } finally {
      this.busy -= 1;
      if (this.busy === 0) this.scheduleRelease();
    }
  }

  private validate(request: DiffusionRequest): ValidRequest {
    const bad = (field: string, text: string) => new StudioError('invalid_argument', text, field);
    if (typeof request !== 'object' || request === null)
      throw bad('request', 'the request must be an object');
    const prompt = typeof request.prompt === 'string' ? request.prompt.trim() : '';
    if (prompt.length === 0) throw bad('prompt', 'the prompt is empty');
    const negative = request.negativePrompt ?? '';
    if (typeof negative !== 'string') throw bad('negativePrompt', 'the negative prompt must be text');
    const { width, height } = request;
    for (const [name, side] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(side) || side < MIN_SIDE || side > MAX_SIDE || side % LATENT_FACTOR !== 0) {
        throw bad(
          name,
          `${name} must be a multiple of ${LATENT_FACTOR} from ${MIN_SIDE} to ${MAX_SIDE} pixels, got ${String(side)}`,
        );
      }
    }
    const sampler = request.sampler ?? 'euler';
    if (!SAMPLERS.includes(sampler)) throw bad('sampler', `sampler must be one of ${SAMPLERS.join(', ')}`);
    const guidance = request.guidanceScale ?? 7.5;
    if (typeof guidance !== 'number' || !Number.isFinite(guidance) || guidance < 0 || guidance > 30) {
      throw bad('guidanceScale', `guidanceScale must be a number from 0 to 30, got ${String(guidance)}`);
    }
    const variants = request.variants ?? 1;
    if (!Number.isInteger(variants) || variants < 1 || variants > MAX_VARIANTS) {
      throw bad(
        'variants',
        `variants must be a whole number from 1 to ${MAX_VARIANTS}, got ${String(variants)}`,
      );
    }
    const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31);
    if (!Number.isSafeInteger(seed) || seed < 0 || seed + variants > Number.MAX_SAFE_INTEGER) {
      throw bad('seed', `seed must be a non-negative whole number, got ${String(seed)}`);
    }
    const { image, mask } = request;
    if (image !== undefined) {
      const ok =
        typeof image === 'object' &&
        image !== null &&
        image.data instanceof Uint8ClampedArray &&
        image.data.length === image.width * image.height * 4;
      if (!ok) throw bad('image', 'the image must be RGBA pixels: width × height × 4 bytes');
      if (image.width !== width || image.height !== height) {
        throw bad(
          'image',
          `the image is ${image.width}×${image.height} but the generation size is ${width}×${height}`,
        );
      }
    }
    if (mask !== undefined) {
      if (image === undefined) throw bad('mask', 'a mask needs an image to repaint');
      const ok =
        typeof mask === 'object' &&
        mask !== null &&
        mask.data instanceof Uint8Array &&
        mask.data.length === mask.width * mask.height;
      if (!ok) throw bad('mask', 'the mask must be width × height bytes');
      if (mask.width !== width || mask.height !== height) {
        throw bad(
          'mask',
          `the mask is ${mask.width}×${mask.height} but the generation size is ${width}×${height}`,
        );
      }
    }
    if (this.kind === 'inpaint' && (image === undefined || mask === undefined)) {
      throw bad(
        image === undefined ? 'image' : 'mask',
        'this is an inpainting model (its UNet takes 9 channels): it needs an image and a mask',
      );
    }
    const schedule: NoiseSchedule = { ...this.folder.schedule };
    if (request.spacing !== undefined) {
      if (!['leading', 'trailing', 'linspace'].includes(request.spacing)) {
        throw bad('spacing', 'spacing must be leading, trailing or linspace');
      }
      schedule.spacing = request.spacing;
    }
    const strength = request.strength ?? 1;
    if (strength !== 1 && image === undefined)
      throw bad('strength', 'strength below 1 needs an image to start from');
    const plan = planSteps({ steps: request.steps ?? 25, strength, schedule });
    return { prompt, negative, width, height, sampler, guidance, variants, seed, strength, schedule, plan };
  }

  private async runChecked(
    request: DiffusionRequest,
    valid: ValidRequest,
    started: number,
  ): Promise<DiffusionResult> {
    const { signal, onProgress, image, mask } = request;
    const { width, height, variants, plan, guidance, sampler, schedule } = valid;
    const timings: DiffusionTimings = { totalMs: 0, loadMs: 0, sessionRunMs: 0, unetRunMs: 0, unetSteps: 0 };
    const providers: DiffusionResult['providers'] = {};
    const fallbacks: DiffusionResult['fallbacks'] = {};
    const steps = plan.timesteps.length;
    const units = variants * (steps + 1);
    let done = 0;
    const report = (stage: DiffusionStage, step: number, variant: number) =>
      onProgress?.({ fraction: Math.min(1, done / units), stage, step, steps, variant, variants });
    const check = () => {
      if (signal?.aborted) throw cancelled();
    };

    const use = async (component: DiffusionComponent): Promise<OpenedSession> => {
      const opened = await this.session(component, timings);
      providers[component] = opened.provider;
      if (opened.fallbacks.length > 0) fallbacks[component] = opened.fallbacks;
      return opened;
    };
    const runSession = async (
      component: DiffusionComponent,
      opened: OpenedSession,
      feeds: Record<string, Tensor>,
    ): Promise<InferenceSession.ReturnType> => {
      const at = performance.now();
      try {
        return await opened.session.run(feeds);
      } catch (error) {
        throw new StudioError(
          'job_failed',
          `the ${component} model failed on ${opened.provider}: ${message(error)}`,
        );
      } finally {
        const ms = performance.now() - at;
        timings.sessionRunMs += ms;
        if (component === 'unet') timings.unetRunMs += ms;
      }
    };

    report('loading model', 0, 0);
    const unet = await use('unet');
    const textEncoder = await use('text_encoder');
    check();

    // Text: [uncond, cond] with guidance, the prompt alone without.
    report('encoding prompt', 0, 0);
    const guided = guidance > 1;
    const idsInfo = inputInfo(textEncoder.session, 'text_encoder', 'input_ids', { orOnly: true });
    const hiddenName = preferredOutput(textEncoder.session, 'text_encoder', ['last_hidden_state']);
    const encode = async (text: string): Promise<Float32Array> => {
      const ids = this.tokenizer.encode(text);
      const out = await runSession('text_encoder', textEncoder, {
        [idsInfo.name]: feed(idsInfo, Array.from(ids), [1, CLIP_LENGTH]),
      });
      return readFloats(out[hiddenName] as Tensor, 'text_encoder', hiddenName).slice();
    };
    // The unconditional half first, as the UNet's batch holds it.
    const uncond = guided ? await encode(valid.negative) : null;
    const cond = await encode(valid.prompt);
    const textStates = uncond === null ? cond : concat([uncond, cond]);
    const hiddenSize = cond.length / CLIP_LENGTH;
    check();

    const lw = width / LATENT_FACTOR;
    const lh = height / LATENT_FACTOR;
    const plane = lw * lh;
    const latentSize = LATENT_CHANNELS * plane;

    // The image, once for every variant.
    let imageLatents: Float32Array | null = null;
    let maskedLatents: Float32Array | null = null;
    let latentMask: Float32Array | null = null;
    if (image !== undefined) {
      report('encoding image', 0, 0);
      const encoder = await use('vae_encoder');
      const hole = mask === undefined ? null : holeOf(mask);
      latentMask = hole === null ? null : downsampleMask(hole, width, height);
      const encodeImage = async (pixels: Float32Array): Promise<Float32Array> => {
        const info = inputInfo(encoder.session, 'vae_encoder', 'sample', { orOnly: true });
        const name = outputName(encoder.session, 'vae_encoder', ['latent_sample', 'latent_parameters']);
        const out = await runSession('vae_encoder', encoder, {
          [info.name]: feed(info, pixels, [1, 3, height, width]),
        });
        const tensor = out[name] as Tensor;
        const values = readFloats(tensor, 'vae_encoder', name);
        const channels = values.length / plane;
        if (channels !== LATENT_CHANNELS && channels !== 2 * LATENT_CHANNELS) {
          throw new StudioError(
            'job_failed',
            `output "${name}" of the vae_encoder model has ${channels} channels per ${lw}×${lh} latent; expected 4 (a sample) or 8 (mean and log-variance)`,
          );
        }
        // latent_parameters: the mean is the first 4 channels, the log-variance the last 4.
        const latents = values.slice(0, latentSize);
        for (let i = 0; i < latentSize; i++) latents[i]! *= VAE_SCALE;
        return latents;
      };
      const needImageLatents = valid.strength < 1 || this.kind === 'text-to-image';
      if (needImageLatents) imageLatents = await encodeImage(toPlanes(image, null));
      if (this.kind === 'inpaint')
        maskedLatents = await encodeImage(toPlanes(image, mask === undefined ? null : holeOf(mask)));
      check();
    }

    // UNet feeds that stay the same for every step and variant.
    const batch = guided ? 2 : 1;
    const {
      sample: sampleInfo,
      timestep: timestepInfo,
      hidden: hiddenInfo,
      channels,
      output: unetOutput,
    } = this.unet;
    const fixedBatch = fixedDim(sampleInfo, 0);
    if (fixedBatch !== null && fixedBatch !== 1 && fixedBatch !== batch) {
      throw new StudioError(
        'invalid_argument',
        `the unet model takes a fixed batch of ${fixedBatch}; this generation needs ${batch} (guidance ${guided ? 'on' : 'off'})`,
      );
    }
    const split = batch === 2 && fixedBatch === 1;
    const runBatch = split ? 1 : batch;
    const halves = split ? 2 : 1;
    const hiddenFeeds: Tensor[] = [];
    for (let h = 0; h < halves; h++) {
      const part = split ? textStates.slice(h * cond.length, (h + 1) * cond.length) : textStates;
      hiddenFeeds.push(feed(hiddenInfo, part, [runBatch, CLIP_LENGTH, hiddenSize]));
    }
    const sampleBuffer = new Float32Array(runBatch * channels * plane);
    if (channels === 9) {
      for (let b = 0; b < runBatch; b++) {
        const at = b * channels * plane;
        sampleBuffer.set(latentMask!, at + LATENT_CHANNELS * plane);
        sampleBuffer.set(maskedLatents!, at + (LATENT_CHANNELS + 1) * plane);
      }
    }
    const timestepDims = timestepInfo.shape.length === 0 ? [] : [fixedDim(timestepInfo, 0) ?? 1];
    const timestepCount = timestepDims.length === 0 ? 1 : timestepDims[0]!;

    const images: RgbaImage[] = [];
    const finals: Float32Array[] = [];
    const seeds: number[] = [];
    const eps = new Float32Array(latentSize);
    const outAll = new Float32Array(batch * latentSize);
    const stepNoise = new Float32Array(latentSize);
    let decoder: OpenedSession | null = null;

    for (let variant = 0; variant < variants; variant++) {
      check();
      const seed = valid.seed + variant;
      seeds.push(seed);
      const rng = new GaussianNoise(seed);
      const noise = rng.fill(new Float32Array(latentSize));
      const latents = new Float32Array(latentSize);
      if (valid.strength >= 1 || imageLatents === null) {
        for (let i = 0; i < latentSize; i++) latents[i] = noise[i]! * plan.initSigma;
      } else {
        const sigma = plan.sigmas[0]!;
        for (let i = 0; i < latentSize; i++) latents[i] = imageLatents[i]! + noise[i]! * sigma;
      }
      report('denoising', 0, variant);
      for (let i = 0; i < steps; i++) {
        check();
        const sigma = plan.sigmas[i]!;
        const next = plan.sigmas[i + 1]!;
        const scale = inputScale(sigma);
        for (let b = 0; b < runBatch; b++) {
          const at = b * channels * plane;
          for (let k = 0; k < latentSize; k++) sampleBuffer[at + k] = latents[k]! * scale;
        }
        const timestep = feed(
          timestepInfo,
          new Array<number>(timestepCount).fill(plan.timesteps[i]!),
          timestepDims,
        );
        for (let h = 0; h < halves; h++) {
          const out = await runSession('unet', unet, {
            [sampleInfo.name]: feed(sampleInfo, sampleBuffer, [runBatch, channels, lh, lw]),
            [timestepInfo.name]: timestep,
            [hiddenInfo.name]: hiddenFeeds[h]!,
          });
          const values = readFloats(out[unetOutput] as Tensor, 'unet', unetOutput);
          if (values.length !== runBatch * latentSize) {
            throw new StudioError(
              'job_failed',
              `output "${unetOutput}" of the unet model holds ${values.length} values, expected ${runBatch * latentSize}`,
            );
          }
          outAll.set(values, h * latentSize);
        }
        timings.unetSteps += 1;
        if (guided) applyGuidance(outAll, guidance, eps);
        else eps.set(outAll.subarray(0, latentSize));
        if (sampler === 'euler') eulerStep(latents, eps, sigma, next, schedule.prediction);
        else
          eulerAncestralStep(
            latents,
            eps,
            sigma,
            next,
            next > 0 ? rng.fill(stepNoise) : null,
            schedule.prediction,
          );
        if (this.kind === 'text-to-image' && latentMask !== null && imageLatents !== null) {
          blendLatents(latents, imageLatents, noise, latentMask, next, plane);
        }
        done += 1;
        report('denoising', i + 1, variant);
      }
      check();
      report('decoding', steps, variant);
      decoder ??= await use('vae_decoder');
      images.push(
        await this.decode(decoder, latents, width, height, (feeds) =>
          runSession('vae_decoder', decoder!, feeds),
        ),
      );
      finals.push(latents);
      done += 1;
    }
    timings.totalMs = performance.now() - started;
    report('done', steps, variants - 1);
    return {
      images,
      latents: finals,
      seeds,
      width,
      height,
      timesteps: plan.timesteps,
      kind: this.kind,
      providers,
      fallbacks,
      timings,
    };
  }

  private async decode(
    decoder: OpenedSession,
    latents: Float32Array,
    width: number,
    height: number,
    run: (feeds: Record<string, Tensor>) => Promise<InferenceSession.ReturnType>,
  ): Promise<RgbaImage> {
    const info = inputInfo(decoder.session, 'vae_decoder', 'latent_sample', { orOnly: true });
    const name = preferredOutput(decoder.session, 'vae_decoder', ['sample']);
    const scaled = new Float32Array(latents.length);
    for (let i = 0; i < latents.length; i++) scaled[i] = latents[i]! / VAE_SCALE;
    const out = await run({
      [info.name]: feed(info, scaled, [1, LATENT_CHANNELS, height / LATENT_FACTOR, width / LATENT_FACTOR]),
    });
    const pixels = readFloats(out[name] as Tensor, 'vae_decoder', name);
    if (pixels.length < 3 * width * height) {
      throw new StudioError(
        'job_failed',
        `output "${name}" of the vae_decoder model holds ${pixels.length} values, expected 3×${width}×${height}`,
      );
    }
    return fromPlanes(pixels, width, height);
  }
}

interface ValidRequest {
  prompt: string;
  negative: string;
  width: number;
  height: number;
  sampler: SamplerName;
  guidance: number;
  variants: number;
  seed: number;
  strength: number;
  schedule: NoiseSchedule;
  plan: StepPlan;
}

/**
 * Checks the folder, loads the tokenizer and the UNet (whose `sample` input says whether this is
 * an inpainting model: 9 channels, or text-to-image: 4) and returns the model; the other sessions
 * load on first use. An inpainting model without vae_encoder/model.onnx is refused here.
 *
 * @throws StudioError `not_found` naming every missing file, `invalid_argument` for a UNet that is
 * not SD's (names what it has), a broken model file or tokenizer.
 * @example
 * const model = await openDiffusionModel(dir, { providers: ['cuda', 'cpu'], idleReleaseMs: 30_000 });
 */
export async function openDiffusionModel(
  dir: string,
  options: DiffusionModelOptions = {},
): Promise<DiffusionModel> {
  const folder = checkDiffusionFolder(dir);
  const providers = options.providers ?? DEFAULT_PROVIDER_ORDER;
  const open = options.open ?? {};
  const idleReleaseMs = options.idleReleaseMs ?? DEFAULT_IDLE_RELEASE_MS;
  if (!(idleReleaseMs >= 0)) {
    throw new StudioError(
      'invalid_argument',
      `idleReleaseMs must be ≥ 0, got ${String(idleReleaseMs)}`,
      'idleReleaseMs',
    );
  }
  const tokenizer = await loadClipTokenizer(folder.tokenizer.dir);
  const unetSession = openSession(folder.files.unet, providers, open);
  let unet: UnetInfo;
  try {
    unet = readUnet((await unetSession).session);
    if (unet.channels === 9 && folder.files.vae_encoder === null) {
      checkDiffusionFolder(dir, { needEncoder: true }); // throws, naming vae_encoder/model.onnx
    }
  } catch (error) {
    await unetSession.then((s) => s.session.release()).catch(() => undefined);
    throw error;
  }
  return new DiffusionModel({ folder, unet, unetSession, tokenizer, providers, open, idleReleaseMs });
}

/** The UNet's inputs as the pipeline feeds them; a clear error when it is not an SD UNet. */
export function readUnet(meta: {
  inputMetadata: readonly InferenceSession.ValueMetadata[];
  outputMetadata: readonly InferenceSession.ValueMetadata[];
}): UnetInfo {
  const sample = inputInfo(meta, 'unet', 'sample');
  const timestep = inputInfo(meta, 'unet', 'timestep');
  const hidden = inputInfo(meta, 'unet', 'encoder_hidden_states');
  const extra = meta.inputMetadata
    .map((v) => v.name)
    .filter((name) => ![sample.name, timestep.name, hidden.name].includes(name));
  if (extra.length > 0) {
    throw new StudioError(
      'invalid_argument',
      `the unet model has inputs this pipeline does not feed (${extra.map((n) => `"${n}"`).join(', ')}): ` +
        'only SD 1.x / 2.x UNets (sample, timestep, encoder_hidden_states) are supported',
    );
  }
  if (sample.shape.length !== 4) {
    throw new StudioError(
      'invalid_argument',
      `input "sample" of the unet model has rank ${sample.shape.length}; expected 4 [batch, channels, height, width]`,
    );
  }
  const channels = fixedDim(sample, 1);
  if (channels !== 4 && channels !== 9) {
    throw new StudioError(
      'invalid_argument',
      `input "sample" of the unet model has ${channels === null ? 'a dynamic number of' : channels} channels; ` +
        'expected 9 (inpainting: latents, mask, masked-image latents) or 4 (text to image)',
    );
  }
  const output = preferredOutput(meta, 'unet', ['out_sample']);
  return { sample, timestep, hidden, output, channels };
}

/** The first of `names` the component returns, or its only/first output. */
function preferredOutput(
  meta: {
    outputMetadata: readonly InferenceSession.ValueMetadata[];
    inputMetadata: readonly InferenceSession.ValueMetadata[];
  },
  component: string,
  names: readonly string[],
): string {
  const first = meta.outputMetadata[0]?.name;
  if (names.some((n) => meta.outputMetadata.some((v) => v.name === n)) || first === undefined) {
    return outputName(meta, component, names);
  }
  return first;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** 1 where the mask byte marks a pixel to regenerate, else 0. */
export function holeOf(mask: Mask): Uint8Array {
  const hole = new Uint8Array(mask.data.length);
  for (let i = 0; i < hole.length; i++) hole[i] = mask.data[i]! >= HOLE_AT ? 1 : 0;
  return hole;
}

/**
 * The latent-size mask [1,1,H/8,W/8]: 1 where any pixel of the 8×8 block is a hole, else 0.
 *
 * @example
 * // A one-pixel hole at (9, 0) in a 16×8 image marks latent (1, 0) only.
 * downsampleMask(hole, 16, 8); // Float32Array [0, 1]
 */
export function downsampleMask(hole: Uint8Array, width: number, height: number): Float32Array {
  const lw = width / LATENT_FACTOR;
  const lh = height / LATENT_FACTOR;
  const out = new Float32Array(lw * lh);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const to = ((y / LATENT_FACTOR) | 0) * lw;
    for (let x = 0; x < width; x++) if (hole[row + x] === 1) out[to + ((x / LATENT_FACTOR) | 0)] = 1;
  }
  return out;
}

/**
 * RGBA bytes → planar RGB in −1..1 ([1,3,H,W]); pixels where `hole` is 1 become 0 (the masked
 * image of the inpainting UNet).
 */
export function toPlanes(image: RgbaImage, hole: Uint8Array | null): Float32Array {
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let k = 0; k < plane; k++) {
    if (hole !== null && hole[k] === 1) continue;
    out[k] = data[k * 4]! / 127.5 - 1;
    out[plane + k] = data[k * 4 + 1]! / 127.5 - 1;
    out[2 * plane + k] = data[k * 4 + 2]! / 127.5 - 1;
  }
  return out;
}

/** Planar RGB in −1..1 → opaque RGBA bytes: round((v + 1) × 127.5), clamped. */
export function fromPlanes(pixels: Float32Array, width: number, height: number): RgbaImage {
  const plane = width * height;
  const data = new Uint8ClampedArray(plane * 4);
  for (let k = 0; k < plane; k++) {
    data[k * 4] = (pixels[k]! + 1) * 127.5;
    data[k * 4 + 1] = (pixels[plane + k]! + 1) * 127.5;
    data[k * 4 + 2] = (pixels[2 * plane + k]! + 1) * 127.5;
    data[k * 4 + 3] = 255;
  }
  return { width, height, data };
}

/**
 * Latent blending for a 4-channel UNet: outside the mask the latents become the image's, noised to
 * `sigmaNext` with the variant's starting noise (not noised after the last step).
 */
function blendLatents(
  latents: Float32Array,
  imageLatents: Float32Array,
  noise: Float32Array,
  mask: Float32Array,
  sigmaNext: number,
  plane: number,
): void {
  for (let c = 0; c < LATENT_CHANNELS; c++) {
    const at = c * plane;
    for (let k = 0; k < plane; k++) {
      const m = mask[k]!;
      if (m === 1) continue;
      const i = at + k;
      const proper = imageLatents[i]! + noise[i]! * sigmaNext;
      latents[i] = (1 - m) * proper + m * latents[i]!;
    }
  }
}
