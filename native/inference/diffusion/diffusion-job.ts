/**
 * The `diffusion` job: a prompted fill of an artboard's mask, or a storyboard frame covering an
 * artboard, with a Stable Diffusion folder of the models folder. Its result has the inpaint job's
 * shape (a box and one PNG per variant), so the staging strip and `project.acceptVariant` take it
 * as they take any fill. The model stays loaded in the job process between jobs (cache.ts).
 */
import { StudioError } from '../../api/errors';
import type { DiffusionArgs, JobResult } from '../../api/jobs';
import type { JobContext, JobDefinition } from '../../jobs/definition';
import { renderArtboard } from '../../media/export-image-job';
import { encodePng } from '../../inpaint/files';
import { createImage, maskCrop, type Mask, type Rect, type RgbaImage } from '../../inpaint/image';
import { decodeMask, variantOf } from '../../inpaint/inpaint-job';
import { diffusionModelFor } from './cache';
import { diffusionDefaults } from './folder-model';
import { generateImage, inpaintWithDiffusion } from './inpaint';
import type { DiffusionModel, DiffusionProgress, DiffusionResult } from './pipeline';

/** Runs of consecutive seeds: each run is one generation (variant k of a run uses its seed + k). */
export function seedRuns(seeds: readonly number[]): { seed: number; count: number }[] {
  const runs: { seed: number; count: number }[] = [];
  for (const seed of seeds) {
    const last = runs.at(-1);
    if (last && last.seed + last.count === seed) last.count += 1;
    else runs.push({ seed, count: 1 });
  }
  return runs;
}

type Generate = (
  seed: number,
  variants: number,
  onProgress: (p: DiffusionProgress) => void,
) => Promise<{ images: RgbaImage[]; generation: DiffusionResult }>;

/**
 * Generates every seed's variant, a run of consecutive seeds at a time, reporting progress over
 * 0.1 … 0.95 with the step the UNet is at.
 */
async function generateAll(
  seeds: readonly number[],
  ctx: JobContext,
  generate: Generate,
): Promise<{ images: RgbaImage[]; provider: string; ms: number[] }> {
  const images: RgbaImage[] = [];
  const ms: number[] = [];
  let provider = 'cpu';
  let before = 0;
  for (const run of seedRuns(seeds)) {
    const started = performance.now();
    const result = await generate(run.seed, run.count, (p) => {
      const variant = before + p.variant;
      const stage =
        p.stage === 'denoising'
          ? `variant ${Math.min(variant + 1, seeds.length)} of ${seeds.length}: step ${p.step} of ${p.steps}`
          : p.stage;
      ctx.progress(0.1 + (0.85 * (before + p.fraction * run.count)) / seeds.length, stage);
    });
    const each = (performance.now() - started) / run.count;
    images.push(...result.images);
    ms.push(...result.images.map(() => each));
    provider = result.generation.providers.unet ?? provider;
    before += run.count;
  }
  return { images, provider, ms };
}

export async function runDiffusion(args: DiffusionArgs, ctx: JobContext): Promise<JobResult<'diffusion'>> {
  const { mode, document, canvasId, images, model: spec, seeds } = args;
  const canvas = document.canvases[canvasId];
  if (!canvas) throw new StudioError('not_found', `no artboard ${canvasId}`, 'canvasId');
  ctx.progress(0, 'loading the model');
  const model = await diffusionModelFor(spec.dir, { providers: spec.providers });
  const defaults = diffusionDefaults(spec.family, mode);
  const settings = {
    prompt: args.prompt,
    negativePrompt: args.negativePrompt,
    steps: args.steps,
    guidanceScale: args.guidance,
    sampler: defaults.sampler,
    ...(defaults.spacing === undefined ? {} : { spacing: defaults.spacing }),
  };
  const engine = spec.family;
  let box: Rect;
  let pngs: RgbaImage[];
  let provider: string;
  let ms: number[];
  if (mode === 'fill') {
    const drawn = await renderArtboard(document, canvasId, images, 1, (f) =>
      ctx.progress(0.1 * f, 'drawing'),
    );
    const pixels = drawn.getContext('2d').getImageData(0, 0, drawn.width, drawn.height);
    const image: RgbaImage = {
      width: drawn.width,
      height: drawn.height,
      data: new Uint8ClampedArray(pixels.data),
    };
    const mask = await decodeMask(args.mask!, image.width, image.height);
    const hole = maskCrop(mask, 0);
    if (!hole) throw new StudioError('invalid_argument', 'the mask is empty: paint the area to fill first');
    box = hole;
    const made = await generateAll(seeds, ctx, (seed, variants, onProgress) =>
      inpaintWithDiffusion(model, image, mask, { ...settings, seed, variants, onProgress }),
    );
    ({ provider, ms } = made);
    pngs = made.images.map((filled) => variantOf(image, filled, mask, hole));
  } else {
    box = { x: 0, y: 0, width: canvas.width, height: canvas.height };
    const made = await generateAll(seeds, ctx, (seed, variants, onProgress) =>
      framePicture(model, canvas.width, canvas.height, { ...settings, seed, variants, onProgress }),
    );
    ({ provider, ms } = made);
    pngs = made.images;
  }
  ctx.progress(0.96, 'encoding');
  const variants = [];
  for (const [i, picture] of pngs.entries()) {
    const png = await encodePng(picture);
    variants.push({
      png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
      seed: seeds[i]!,
      engine,
      ms: ms[i]!,
    });
  }
  ctx.progress(1, 'done');
  return { box, variants, provider };
}

/**
 * A frame of `width` × `height`: text to image with a 4-channel model; an inpainting model
 * repaints a blank picture entirely (its UNet always takes an image and a mask).
 *
 * @example
 * const { images } = await framePicture(model, 1920, 1080, { prompt: 'a lighthouse', steps: 1, guidanceScale: 0, seed: 4 });
 */
export function framePicture(
  model: DiffusionModel,
  width: number,
  height: number,
  settings: Parameters<typeof generateImage>[1] extends infer R ? Omit<R, 'width' | 'height'> : never,
): Promise<{ images: RgbaImage[]; generation: DiffusionResult }> {
  if (model.kind === 'text-to-image') return generateImage(model, { ...settings, width, height });
  const blank = createImage(width, height);
  blank.data.fill(127);
  const all: Mask = { width, height, data: new Uint8Array(width * height).fill(255) };
  return inpaintWithDiffusion(model, blank, all, { ...settings, margin: 0, feather: 0 });
}

export const diffusionJob: JobDefinition<'diffusion'> = {
  kind: 'diffusion',
  run: runDiffusion,
};
