// The diffusion pipeline end to end on stand-in graphs (tests/helpers/diffusion-standins.ts): what
// each component is fed (names, element types, shapes, batch order), the latents against numbers
// worked out by hand, the mask taken to the latent grid, seeds, cancel between steps, progress,
// sessions released when idle, and a fill that leaves every pixel outside the mask as it was.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InferenceSession, type Tensor } from 'onnxruntime-node';
import { isStudioError } from '../../../../native/api/errors';
import type { Mask, RgbaImage } from '../../../../native/inpaint/image';
import { diffusionModelFor, releaseDiffusionModels } from '../../../../native/inference/diffusion/cache';
import { generateImage, inpaintWithDiffusion } from '../../../../native/inference/diffusion/inpaint';
import {
  downsampleMask,
  openDiffusionModel,
  VAE_SCALE,
  type DiffusionModel,
  type DiffusionModelOptions,
} from '../../../../native/inference/diffusion/pipeline';
import { gaussianNoise } from '../../../../native/inference/diffusion/rng';
import {
  SD_TURBO_SCHEDULE,
  SD15_SCHEDULE,
  trainingSigmas,
} from '../../../../native/inference/diffusion/schedulers';
import type { CreateSession } from '../../../../native/inference/sessions';
import {
  SD_TURBO_SCHEDULER_CONFIG,
  TEXT_SCALE,
  textEncoderStandIn,
  tinyClipVocab,
  tokenId,
  UNET_MASK_WEIGHT,
  UNET_MASKED_WEIGHT,
  UNET_TEXT_WEIGHT,
  UNET_TIME_WEIGHT,
  writeDiffusionStandIn,
  type DiffusionStandInOptions,
} from '../../../helpers/diffusion-standins';
import { tempDir } from '../../../helpers/temp';

const dirs: { cleanup(): void }[] = [];
const models: DiffusionModel[] = [];
afterAll(async () => {
  for (const model of models) await model.release();
  dirs.forEach((d) => d.cleanup());
});

/** What one session.run was fed: each input's element type, dims and values (copied). */
interface Call {
  component: string;
  feeds: Record<string, { type: string; dims: readonly number[]; data: number[] }>;
}

/** Real sessions, wrapped so a test sees every run and release. */
function recorder() {
  const calls: Call[] = [];
  const released: string[] = [];
  const create: CreateSession = async (path, options) => {
    const real = await InferenceSession.create(path, options);
    const component = basename(dirname(path));
    return {
      inputMetadata: real.inputMetadata,
      outputMetadata: real.outputMetadata,
      run: async (feeds: Record<string, Tensor>) => {
        const copy: Call['feeds'] = {};
        for (const [name, tensor] of Object.entries(feeds)) {
          copy[name] = {
            type: tensor.type,
            dims: [...tensor.dims],
            data: Array.from(tensor.data as ArrayLike<number | bigint>, Number),
          };
        }
        calls.push({ component, feeds: copy });
        return real.run(feeds);
      },
      release: async () => {
        released.push(component);
        await real.release();
      },
    } as unknown as InferenceSession;
  };
  const of = (component: string) => calls.filter((c) => c.component === component);
  return { calls, released, create, of };
}

async function open(
  standIn: DiffusionStandInOptions = {},
  options: DiffusionModelOptions = {},
): Promise<{ model: DiffusionModel; rec: ReturnType<typeof recorder>; dir: string }> {
  const dir = tempDir('atelier-diffusion-');
  dirs.push(dir);
  writeDiffusionStandIn(dir.path, standIn);
  const rec = recorder();
  const model = await openDiffusionModel(dir.path, {
    providers: ['cpu'],
    idleReleaseMs: Infinity,
    ...options,
    open: { create: rec.create },
  });
  models.push(model);
  return { model, rec, dir: dir.path };
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (isStudioError(error)) return { code: error.code, message: error.message, field: error.field };
    return { code: 'plain', message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

// --- the picture the inpainting tests repaint: 64 × 64, one colour, the left half and one pixel masked

const SIZE = 64;
const LATENT = SIZE / 8;
const PLANE = LATENT * LATENT;
const COLOUR = [200, 40, 120] as const;

function flatImage(width = SIZE, height = SIZE): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let k = 0; k < width * height; k++) data.set([...COLOUR, 255], k * 4);
  return { width, height, data };
}

/** The left half, and the single pixel (41, 9): latent block (5, 1). */
function leftHalfMask(): Mask {
  const data = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE / 2; x++) data[y * SIZE + x] = 255;
  data[9 * SIZE + 41] = 40; // a soft brush edge counts
  return { width: SIZE, height: SIZE, data };
}

/** The latent mask by hand: 1 in columns 0–3 and at (5, 1). */
function expectedLatentMask(): number[] {
  const out = new Array<number>(PLANE).fill(0);
  for (let y = 0; y < LATENT; y++) for (let x = 0; x < 4; x++) out[y * LATENT + x] = 1;
  out[1 * LATENT + 5] = 1;
  return out;
}

/** The stand-in encoder's latents of the flat image with `hole` blanked, × VAE_SCALE. */
function expectedImageLatents(mask: Mask | null): number[] {
  const out = new Array<number>(4 * PLANE).fill(0);
  for (let by = 0; by < LATENT; by++) {
    for (let bx = 0; bx < LATENT; bx++) {
      const sums = [0, 0, 0];
      for (let y = by * 8; y < by * 8 + 8; y++) {
        for (let x = bx * 8; x < bx * 8 + 8; x++) {
          if (mask !== null && mask.data[y * SIZE + x]! > 0) continue;
          for (let c = 0; c < 3; c++) sums[c]! += COLOUR[c]! / 127.5 - 1;
        }
      }
      const means = sums.map((s) => s / 64);
      const k = by * LATENT + bx;
      for (let c = 0; c < 3; c++) out[c * PLANE + k] = means[c]! * VAE_SCALE;
      out[3 * PLANE + k] = ((means[0]! + means[1]! + means[2]!) / 3) * VAE_SCALE;
    }
  }
  return out;
}

const { vocab } = tinyClipVocab();
const BOS = vocab['<|startoftext|>']!;
const EOS = vocab['<|endoftext|>']!;

/** The 77 ids of a prompt of known words, padded with EOS (SD 1.5). */
function ids(words: string[]): number[] {
  const out = [BOS, ...words.map(tokenId), EOS];
  while (out.length < 77) out.push(EOS);
  return out;
}

/** The stand-in UNet's text term for a prompt: TEXT_WEIGHT × TEXT_SCALE × mean of its ids. */
function textTerm(words: string[]): number {
  return UNET_TEXT_WEIGHT * TEXT_SCALE * (ids(words).reduce((a, b) => a + b, 0) / 77);
}

const SIGMA_999 = trainingSigmas(SD15_SCHEDULE)[999]!;

/**
 * SD-Turbo-style single Euler step at t = 999 on the inpainting stand-in, by hand:
 * x_T = noise × σ; ε = text + 0.001·999 + 0.5·mask + 0.25·masked_latents; x₀ = x_T − σ·ε.
 */
function expectedOneStep(seed: number, text: number): number[] {
  const noise = gaussianNoise(seed, 4 * PLANE);
  const mask = expectedLatentMask();
  const masked = expectedImageLatents(leftHalfMask());
  return Array.from(noise, (n, i) => {
    const eps =
      text + UNET_TIME_WEIGHT * 999 + UNET_MASK_WEIGHT * mask[i % PLANE]! + UNET_MASKED_WEIGHT * masked[i]!;
    return n * SIGMA_999 - SIGMA_999 * eps;
  });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-3): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThan(tolerance);
}

const oneStep = { steps: 1, spacing: 'trailing' as const, width: SIZE, height: SIZE };

describe('inpainting (9-channel UNet)', () => {
  it('feeds [uncond, cond] with the mask and masked-image latents, and the latents match the hand computation', async () => {
    const { model, rec } = await open({ inpaint: true });
    expect(model.kind).toBe('inpaint');
    const result = await model.generate({
      ...oneStep,
      prompt: 'red cat',
      negativePrompt: 'blurry',
      guidanceScale: 7.5,
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 11,
    });
    // Text: one run per prompt, int32 [1,77], the negative prompt first.
    const text = rec.of('text_encoder');
    expect(text.map((c) => c.feeds.input_ids!.type)).toEqual(['int32', 'int32']);
    expect(text[0]!.feeds.input_ids!.dims).toEqual([1, 77]);
    expect(text[0]!.feeds.input_ids!.data).toEqual(ids(['blurry']));
    expect(text[1]!.feeds.input_ids!.data).toEqual(ids(['red', 'cat']));
    // The masked image only (strength 1 starts from noise), [1,3,64,64] in −1..1 with the hole at 0.
    const encoder = rec.of('vae_encoder');
    expect(encoder.length).toBe(1);
    expect(encoder[0]!.feeds.sample!.dims).toEqual([1, 3, SIZE, SIZE]);
    expect(encoder[0]!.feeds.sample!.data[0]).toBe(0); // (0, 0) is in the hole
    expect(encoder[0]!.feeds.sample!.data[SIZE - 1]).toBeCloseTo(200 / 127.5 - 1, 6);
    // The UNet: batch 2, 9 channels at 1/8 size, timestep float32 [1] = 999, states [2,77,768].
    const [unet] = rec.of('unet');
    expect(unet!.feeds.sample!.dims).toEqual([2, 9, LATENT, LATENT]);
    expect(unet!.feeds.timestep).toMatchObject({ type: 'float32', dims: [1], data: [999] });
    expect(unet!.feeds.encoder_hidden_states!.dims).toEqual([2, 77, 768]);
    const states = unet!.feeds.encoder_hidden_states!.data;
    expect(states[0]).toBeCloseTo(BOS * TEXT_SCALE, 6);
    expect(states[77 * 768 + 768]).toBeCloseTo(tokenId('red') * TEXT_SCALE, 6); // cond, token 1
    expect(states[768]).toBeCloseTo(tokenId('blurry') * TEXT_SCALE, 6); // uncond, token 1
    // Channel 4 is the mask, 5–8 the masked-image latents, the same in both halves.
    const sample = unet!.feeds.sample!.data;
    for (const half of [0, 1]) {
      const at = half * 9 * PLANE;
      expect(sample.slice(at + 4 * PLANE, at + 5 * PLANE)).toEqual(expectedLatentMask());
      expectClose(sample.slice(at + 5 * PLANE, at + 9 * PLANE), expectedImageLatents(leftHalfMask()), 1e-6);
    }
    // The latents: x₀ = x_T − σ·(ε_u + 7.5·(ε_c − ε_u)).
    const guided = textTerm(['blurry']) + 7.5 * (textTerm(['red', 'cat']) - textTerm(['blurry']));
    expectClose(result.latents[0]!, expectedOneStep(11, guided));
    expect(result.timesteps).toEqual([999]);
    // Decoded: the stand-in repeats each latent's first 3 channels over its 8×8 block.
    const [decoder] = rec.of('vae_decoder');
    expect(decoder!.feeds.latent_sample!.dims).toEqual([1, 4, LATENT, LATENT]);
    expectClose(
      decoder!.feeds.latent_sample!.data,
      Array.from(result.latents[0]!, (v) => v / VAE_SCALE),
      1e-3,
    );
    const image = result.images[0]!;
    expect([image.width, image.height]).toEqual([SIZE, SIZE]);
    let inRange = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        for (let c = 0; c < 3; c++) {
          const latent = result.latents[0]![c * PLANE + (y >> 3) * LATENT + (x >> 3)]!;
          const want = Math.min(255, Math.max(0, (latent / VAE_SCALE + 1) * 127.5));
          const got = image.data[(y * SIZE + x) * 4 + c]!;
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
          if (got > 0 && got < 255) inRange += 1;
        }
        expect(image.data[(y * SIZE + x) * 4 + 3]).toBe(255);
      }
    }
    expect(inRange).toBeGreaterThan(0);
  });

  it('the guidance scale scales (ε_cond − ε_uncond), and a scale ≤ 1 runs the prompt alone with batch 1', async () => {
    const { model, rec } = await open({ inpaint: true });
    const base = {
      ...oneStep,
      prompt: 'red cat',
      negativePrompt: 'blurry',
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 3,
    };
    const three = await model.generate({ ...base, guidanceScale: 3 });
    const u = textTerm(['blurry']);
    const c = textTerm(['red', 'cat']);
    expectClose(three.latents[0]!, expectedOneStep(3, u + 3 * (c - u)));
    const before = rec.of('text_encoder').length;
    const plain = await model.generate({ ...base, guidanceScale: 1 });
    expectClose(plain.latents[0]!, expectedOneStep(3, c));
    expect(rec.of('text_encoder').length - before).toBe(1);
    expect(rec.of('unet').at(-1)!.feeds.sample!.dims).toEqual([1, 9, LATENT, LATENT]);
    expect(rec.of('unet').at(-1)!.feeds.encoder_hidden_states!.dims).toEqual([1, 77, 768]);
  });

  it('a timestep declared int64 (or a float16 UNet) is fed in that type, with the same result', async () => {
    const request = {
      ...oneStep,
      prompt: 'red cat',
      guidanceScale: 5,
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 8,
    };
    const float = await (await open({ timestep: 'float32' })).model.generate(request);
    const int = await open({ timestep: 'int64', idsType: 'int64' });
    const viaInt = await int.model.generate(request);
    expect(int.model.unet.timestep.type).toBe('int64');
    expect(int.rec.of('unet')[0]!.feeds.timestep).toMatchObject({ type: 'int64', dims: [1], data: [999] });
    expect(int.rec.of('text_encoder')[0]!.feeds.input_ids!.type).toBe('int64');
    expectClose(viaInt.latents[0]!, float.latents[0]!, 1e-4);
    const half = await open({ timestep: 'float16', half: true });
    const viaHalf = await half.model.generate(request);
    const fed = half.rec.of('unet')[0]!.feeds;
    expect([fed.sample!.type, fed.timestep!.type, fed.encoder_hidden_states!.type]).toEqual([
      'float16',
      'float16',
      'float16',
    ]);
    expectClose(viaHalf.latents[0]!, float.latents[0]!, 0.1);
  });

  it('a UNet whose batch is fixed at 1 runs once per half, uncond first, with the same result', async () => {
    const request = {
      ...oneStep,
      prompt: 'red cat',
      negativePrompt: 'blurry',
      guidanceScale: 7.5,
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 12,
    };
    const batched = await (await open()).model.generate(request);
    const single = await open({ batch: 1 });
    const viaSingle = await single.model.generate(request);
    const runs = single.rec.of('unet');
    expect(runs.map((r) => r.feeds.sample!.dims)).toEqual([
      [1, 9, LATENT, LATENT],
      [1, 9, LATENT, LATENT],
    ]);
    expect(runs[0]!.feeds.encoder_hidden_states!.data[768]).toBeCloseTo(tokenId('blurry') * TEXT_SCALE, 6);
    expect(runs[1]!.feeds.encoder_hidden_states!.data[768]).toBeCloseTo(tokenId('red') * TEXT_SCALE, 6);
    expectClose(viaSingle.latents[0]!, batched.latents[0]!, 1e-4);
  });

  it('a VAE encoder returning latent_parameters (mean and log-variance) gives its mean', async () => {
    const request = { ...oneStep, prompt: 'red cat', image: flatImage(), mask: leftHalfMask(), seed: 2 };
    const sample = await (await open({ encoderOutput: 'latent_sample' })).model.generate(request);
    const params = await open({ encoderOutput: 'latent_parameters' });
    const viaParams = await params.model.generate(request);
    expect(viaParams.latents[0]).toEqual(sample.latents[0]);
    const fed = params.rec.of('unet')[0]!.feeds.sample!.data;
    expect(fed.slice(5 * PLANE, 9 * PLANE).some((v) => v === 7 * VAE_SCALE)).toBe(false);
  });

  it('strength 0.5 of 10 steps runs the last 5 timesteps, starting from the image latents plus noise', async () => {
    const { model, rec } = await open({ inpaint: true });
    const result = await model.generate({
      prompt: 'red cat',
      width: SIZE,
      height: SIZE,
      steps: 10,
      strength: 0.5,
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 4,
    });
    expect(result.timesteps).toEqual([401, 301, 201, 101, 1]);
    expect(rec.of('unet').map((c) => c.feeds.timestep!.data[0])).toEqual([401, 301, 201, 101, 1]);
    expect(rec.of('vae_encoder').length).toBe(2); // the image, and the masked image
    const sigma = trainingSigmas(SD15_SCHEDULE)[401]!;
    const noise = gaussianNoise(4, 4 * PLANE);
    const image = expectedImageLatents(null);
    const first = rec.of('unet')[0]!.feeds.sample!.data.slice(0, 4 * PLANE);
    expectClose(
      first,
      Array.from(noise, (n, i) => (image[i]! + n * sigma) / Math.sqrt(sigma * sigma + 1)),
      1e-4,
    );
  });
});

describe('the mask on the latent grid', () => {
  it('a block is 1 when any of its 8 × 8 pixels is to be regenerated', () => {
    const hole = new Uint8Array(24 * 16);
    hole[0 * 24 + 9] = 1; // block (1, 0)
    hole[15 * 24 + 23] = 1; // block (2, 1), its last pixel
    expect(Array.from(downsampleMask(hole, 24, 16))).toEqual([0, 1, 0, 0, 0, 1]);
  });
});

describe('seeds and variants', () => {
  it('the same seed gives the same images; another seed, others; variant k is seed + k', async () => {
    const { model, rec } = await open({ inpaint: true });
    const request = {
      prompt: 'red cat',
      width: SIZE,
      height: SIZE,
      steps: 3,
      image: flatImage(),
      mask: leftHalfMask(),
    };
    const a = await model.generate({ ...request, seed: 21, variants: 3 });
    expect(a.seeds).toEqual([21, 22, 23]);
    expect(a.images.length).toBe(3);
    // One text encoding per prompt and one image encoding for all three variants.
    expect(rec.of('text_encoder').length).toBe(2);
    expect(rec.of('vae_encoder').length).toBe(1);
    expect(rec.of('unet').length).toBe(9);
    const again = await model.generate({ ...request, seed: 21, variants: 3 });
    expect(again.images.map((i) => i.data)).toEqual(a.images.map((i) => i.data));
    expect(again.latents).toEqual(a.latents);
    expect(a.latents[1]).not.toEqual(a.latents[0]);
    const alone = await model.generate({ ...request, seed: 22 });
    expect(alone.latents[0]).toEqual(a.latents[1]);
  });

  it('Euler ancestral (few steps, for SD-Turbo) is seeded too, and differs from Euler', async () => {
    const { model } = await open({ inpaint: false, scheduler: SD_TURBO_SCHEDULER_CONFIG });
    const request = { prompt: 'blue dog', width: 128, height: 64, steps: 3, guidanceScale: 0, seed: 5 };
    const a = await model.generate({ ...request, sampler: 'euler-ancestral' });
    const b = await model.generate({ ...request, sampler: 'euler-ancestral' });
    const euler = await model.generate({ ...request, sampler: 'euler' });
    expect(b.latents).toEqual(a.latents);
    expect(euler.latents[0]).not.toEqual(a.latents[0]);
    expect(a.timesteps).toEqual([999, 666, 332]);
  });
});

describe('progress and cancel', () => {
  it('reports every step of every variant, ending at 1', async () => {
    const { model } = await open({ inpaint: true });
    const seen: { fraction: number; stage: string; step: number; variant: number }[] = [];
    await model.generate({
      prompt: 'red cat',
      width: SIZE,
      height: SIZE,
      steps: 4,
      variants: 2,
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 1,
      onProgress: ({ fraction, stage, step, variant }) => seen.push({ fraction, stage, step, variant }),
    });
    const steps = seen.filter((p) => p.stage === 'denoising' && p.step > 0);
    expect(steps.map((p) => [p.variant, p.step])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
    ]);
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    expect(seen.at(-1)).toMatchObject({ stage: 'done', fraction: 1 });
  });

  it('an abort during step 2 stops before step 3, with a cancelled error', async () => {
    const { model, rec } = await open({ inpaint: true });
    const controller = new AbortController();
    const outcome = await failure(
      model.generate({
        prompt: 'red cat',
        width: SIZE,
        height: SIZE,
        steps: 5,
        image: flatImage(),
        mask: leftHalfMask(),
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'denoising' && p.step === 2) controller.abort();
        },
      }),
    );
    expect(outcome.code).toBe('cancelled');
    expect(rec.of('unet').length).toBe(2);
    expect(rec.of('vae_decoder').length).toBe(0);
    // The model is still usable afterwards.
    const after = await model.generate({
      ...oneStep,
      prompt: 'red cat',
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 1,
    });
    expect(after.images.length).toBe(1);
  });

  it('an already aborted signal runs nothing', async () => {
    const { model, rec } = await open({ inpaint: true });
    const controller = new AbortController();
    controller.abort();
    const outcome = await failure(
      model.generate({
        ...oneStep,
        prompt: 'red cat',
        image: flatImage(),
        mask: leftHalfMask(),
        signal: controller.signal,
      }),
    );
    expect(outcome.code).toBe('cancelled');
    expect(rec.calls.length).toBe(0);
  });
});

describe('memory', () => {
  it('sessions load on first use and are released when idle', async () => {
    const { model, rec } = await open({ inpaint: true }, { idleReleaseMs: 10 });
    expect(model.loaded).toEqual(['unet']);
    await model.generate({
      ...oneStep,
      prompt: 'red cat',
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 1,
    });
    await vi.waitFor(() => expect(model.loaded).toEqual([]));
    await vi.waitFor(() =>
      expect([...rec.released].sort()).toEqual(['text_encoder', 'unet', 'vae_decoder', 'vae_encoder']),
    );
    // Loaded again on the next generation.
    const again = await model.generate({
      ...oneStep,
      prompt: 'red cat',
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 1,
    });
    expect(again.images.length).toBe(1);
  });

  it('idleReleaseMs 0 releases at the end of each generation; release() at any time', async () => {
    const { model } = await open({ inpaint: true }, { idleReleaseMs: 0 });
    await model.generate({
      ...oneStep,
      prompt: 'red cat',
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 1,
    });
    expect(model.loaded).toEqual([]);
    const kept = await open({ inpaint: true });
    await kept.model.generate({
      ...oneStep,
      prompt: 'red cat',
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 1,
    });
    expect(kept.model.loaded.length).toBe(4);
    await kept.model.release();
    expect(kept.model.loaded).toEqual([]);
  });
});

describe('filling a picture', () => {
  /** A 200 × 150 picture with a pattern, so any changed pixel shows. */
  function pattern(): RgbaImage {
    const width = 200;
    const height = 150;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++)
        data.set([(x * 7) % 256, (y * 5) % 256, (x * y) % 256, 255], (y * width + x) * 4);
    }
    return { width, height, data };
  }

  function disc(width: number, height: number): Mask {
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const d = Math.hypot(x - 120, y - 70);
        data[y * width + x] = d < 20 ? 255 : d < 23 ? 100 : 0;
      }
    }
    return { width, height, data };
  }

  it('every pixel the mask leaves at 0 is unchanged (no feather), pixels in the hole are repainted', async () => {
    const { model } = await open({ inpaint: true });
    const image = pattern();
    const mask = disc(image.width, image.height);
    const { images, box, generation } = await inpaintWithDiffusion(model, image, mask, {
      prompt: 'red cat',
      steps: 2,
      seed: 9,
      variants: 2,
      feather: 0,
      margin: 32,
    });
    expect(images.length).toBe(2);
    // The disc (radius < 23 around (120, 70)) and 32 pixels of context.
    expect(box).toEqual({ x: 66, y: 16, width: 109, height: 109 });
    // The crop went to the UNet at about 512² pixels, sides multiples of 64.
    expect([generation.width, generation.height]).toEqual([512, 512]);
    for (const filled of images) {
      let changed = 0;
      for (let k = 0; k < mask.data.length; k++) {
        const same = [0, 1, 2, 3].every((c) => filled.data[k * 4 + c] === image.data[k * 4 + c]);
        if (mask.data[k] === 0) expect(same).toBe(true);
        else if (mask.data[k] === 255 && !same) changed += 1;
      }
      expect(changed).toBeGreaterThan(0);
    }
  });

  it('with a feather, everything outside the crop is byte-identical', async () => {
    const { model } = await open({ inpaint: true });
    const image = pattern();
    const mask = disc(image.width, image.height);
    const { images, box } = await inpaintWithDiffusion(model, image, mask, {
      prompt: 'red cat',
      steps: 1,
      seed: 1,
    });
    const filled = images[0]!;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
        if (inside) continue;
        const k = (y * image.width + x) * 4;
        expect(filled.data.subarray(k, k + 4)).toEqual(image.data.subarray(k, k + 4));
      }
    }
  });

  it('an empty mask is refused before anything runs', async () => {
    const { model, rec } = await open({ inpaint: true });
    const image = pattern();
    const empty = {
      width: image.width,
      height: image.height,
      data: new Uint8Array(image.width * image.height),
    };
    const outcome = await failure(inpaintWithDiffusion(model, image, empty, { prompt: 'red cat' }));
    expect(outcome.code).toBe('invalid_argument');
    expect(outcome.message).toContain('mask is empty');
    expect(rec.calls.length).toBe(0);
  });
});

describe('text to image (4-channel UNet, SD-Turbo)', () => {
  it('a 16:9 frame is generated at 704 × 384 in one step at t = 999 without guidance, and scaled to 1920 × 1080', async () => {
    const { model, rec } = await open({
      inpaint: false,
      pad: '!',
      scheduler: SD_TURBO_SCHEDULER_CONFIG,
      omit: ['vae_encoder/model.onnx'],
    });
    expect(model.kind).toBe('text-to-image');
    const { images, generation } = await generateImage(model, {
      prompt: 'a blue dog',
      width: 1920,
      height: 1080,
      steps: 1,
      guidanceScale: 0,
      seed: 5,
    });
    expect([generation.width, generation.height]).toEqual([704, 384]);
    expect(generation.timesteps).toEqual([999]);
    expect([images[0]!.width, images[0]!.height]).toEqual([1920, 1080]);
    expect(rec.of('text_encoder').length).toBe(1);
    expect(rec.of('text_encoder')[0]!.feeds.input_ids!.data.slice(0, 6)).toEqual([
      BOS,
      tokenId('a'),
      tokenId('blue'),
      tokenId('dog'),
      EOS,
      0,
    ]);
    const [unet] = rec.of('unet');
    expect(unet!.feeds.sample!.dims).toEqual([1, 4, 384 / 8, 704 / 8]);
    // One step from σ_max: x₀ = noise·σ − σ·(text + 0.999), the noise scaled by 1/√(σ²+1) on the way in.
    const noise = gaussianNoise(5, 4 * 48 * 88);
    const text =
      UNET_TEXT_WEIGHT * TEXT_SCALE * ((BOS + tokenId('a') + tokenId('blue') + tokenId('dog') + EOS) / 77);
    const sigma = trainingSigmas(SD_TURBO_SCHEDULE)[999]!;
    expectClose(
      unet!.feeds.sample!.data,
      Array.from(noise, (n) => (n * sigma) / Math.sqrt(sigma * sigma + 1)),
      1e-5,
    );
    expectClose(
      generation.latents[0]!,
      Array.from(noise, (n) => n * sigma - sigma * (text + UNET_TIME_WEIGHT * 999)),
    );
  });

  it('a 4-channel UNet given an image and a mask keeps the image latents outside the mask', async () => {
    const { model } = await open({ inpaint: false });
    const result = await model.generate({
      prompt: 'red cat',
      width: SIZE,
      height: SIZE,
      steps: 3,
      image: flatImage(),
      mask: leftHalfMask(),
      seed: 6,
    });
    const image = expectedImageLatents(null);
    const mask = expectedLatentMask();
    const latents = result.latents[0]!;
    for (let i = 0; i < latents.length; i++) {
      if (mask[i % PLANE] === 0) expect(latents[i]).toBeCloseTo(image[i]!, 5);
    }
  });
});

describe('bad requests', () => {
  it('are refused with the field named, and nothing runs', async () => {
    const { model, rec } = await open({ inpaint: true });
    const base = { ...oneStep, prompt: 'red cat', image: flatImage(), mask: leftHalfMask() };
    expect(await failure(model.generate({ ...base, prompt: '  ' }))).toMatchObject({
      code: 'invalid_argument',
      field: 'prompt',
    });
    expect(await failure(model.generate({ ...base, width: 100 }))).toMatchObject({
      code: 'invalid_argument',
      field: 'width',
    });
    expect(await failure(model.generate({ ...base, mask: undefined }))).toMatchObject({
      code: 'invalid_argument',
      field: 'mask',
    });
    expect(await failure(model.generate({ ...base, variants: 9 }))).toMatchObject({ field: 'variants' });
    expect(await failure(model.generate({ ...base, guidanceScale: -1 }))).toMatchObject({
      field: 'guidanceScale',
    });
    expect(await failure(model.generate({ ...base, steps: 0 }))).toMatchObject({ field: 'steps' });
    expect(await failure(model.generate({ ...base, image: flatImage(128, 64) }))).toMatchObject({
      field: 'image',
    });
    expect(rec.calls.length).toBe(0);
  });

  it('a UNet that is not an SD UNet is named with what it has', async () => {
    const dir = tempDir('atelier-diffusion-bad-');
    dirs.push(dir);
    writeDiffusionStandIn(dir.path, { channels: 9 });
    // A text encoder's graph where the UNet should be: no sample or timestep input.
    writeFileSync(join(dir.path, 'unet', 'model.onnx'), textEncoderStandIn());
    const outcome = await failure(openDiffusionModel(dir.path, { providers: ['cpu'] }));
    expect(outcome.code).toBe('invalid_argument');
    expect(outcome.message).toContain('unet');
    expect(outcome.message).toContain('"input_ids"');
  });
});

describe('the model kept between jobs', () => {
  it('the same folder gives the same model; another folder releases the first', async () => {
    const a = tempDir('atelier-diffusion-cache-');
    const b = tempDir('atelier-diffusion-cache-');
    dirs.push(a, b);
    writeDiffusionStandIn(a.path, { inpaint: true });
    writeDiffusionStandIn(b.path, { inpaint: false });
    try {
      const first = await diffusionModelFor(a.path, { providers: ['cpu'] });
      expect(await diffusionModelFor(a.path, { providers: ['cpu'] })).toBe(first);
      const other = await diffusionModelFor(b.path, { providers: ['cpu'] });
      expect(other).not.toBe(first);
      expect(other.kind).toBe('text-to-image');
      expect(first.loaded).toEqual([]);
    } finally {
      await releaseDiffusionModels();
    }
  });

  it('a folder that cannot be opened is not kept', async () => {
    const dir = tempDir('atelier-diffusion-cache-');
    dirs.push(dir);
    writeDiffusionStandIn(dir.path, { omit: ['unet/model.onnx'] });
    expect((await failure(diffusionModelFor(dir.path, { providers: ['cpu'] }))).code).toBe('not_found');
    writeDiffusionStandIn(dir.path);
    const model = await diffusionModelFor(dir.path, { providers: ['cpu'] });
    expect(model.kind).toBe('inpaint');
    await releaseDiffusionModels();
  });
});
