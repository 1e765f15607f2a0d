import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FAMILY_LABELS, ModelIdSchema, type DiffusionFamily } from '../api/models';
import { MAX_PROMPT_CHARS } from '../api/project';
import { listModels, resolveModelsDir } from '../inference/models';
import {
  diffusionDefaults,
  inspectDiffusionFolder,
  isDiffusionFolder,
  type DiffusionFolderInfo,
} from '../inference/diffusion/folder-model';
import { inpaintWithDiffusion } from '../inference/diffusion/inpaint';
import { framePicture } from '../inference/diffusion/diffusion-job';
import { openDiffusionModel, type DiffusionProgress } from '../inference/diffusion/pipeline';
import { encodePng, readMask, readRgba } from '../inpaint/files';
import { writeFileAtomic } from '../studio/atomic-file';
import { SettingsStore } from '../studio/settings';
import { defaultUserDataDir } from '../studio/paths';
import { UsageError } from './usage-error';

export const generateUsage = `atelier generate "<prompt>" [--negative "<text>"] [--image <in.png> --mask <mask.png>] [--width W --height H] [--steps N] [--guidance G] [--seed N] [--model <id>] [--models-dir <dir>] --out <out.png>
  Makes a picture with a Stable Diffusion ONNX export of the models folder (the studio's, or
  --models-dir): from the prompt alone (W×H, default 512×512, generated at a size the model
  supports and fitted), or, with --image and --mask, repaints the white part of the mask and
  leaves the rest of the image as it was. --model may be left out when one model suits.
  Defaults: SD 1.5 inpainting 25 steps, guidance 7.5; SD-Turbo 1 step (4 for a fill), guidance 0.`;

const MAX_SEED = 2 ** 31 - 1;
const MAX_SIDE = 8192;

/** The models folder: `--models-dir`, else the studio's (its settings say where). */
async function modelsFolder(modelsDir: string | undefined): Promise<string> {
  if (modelsDir) return resolve(modelsDir);
  const userData = defaultUserDataDir();
  return resolveModelsDir((await new SettingsStore(userData).get()).modelsDir, userData);
}

/** A whole number flag within bounds, or undefined when absent. */
function wholeFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

interface FoundModel {
  id: string;
  dir: string;
  info: DiffusionFolderInfo;
}

/** Every Stable Diffusion folder of the models folder, with what is wrong with each. */
async function diffusionModels(folder: string): Promise<FoundModel[]> {
  const found: FoundModel[] = [];
  for (const entry of await listModels(folder)) {
    if (!(await isDiffusionFolder(entry.dir))) continue;
    found.push({ id: entry.id, dir: entry.dir, info: await inspectDiffusionFolder(entry.dir, entry.id) });
  }
  return found;
}

/**
 * The model to run: the one named, or the only one that suits the task (an inpainting model for a
 * fill and SD-Turbo for a picture, else the other family, which can do it too).
 */
async function chooseModel(folder: string, asked: string | undefined, fill: boolean): Promise<FoundModel> {
  const all = await diffusionModels(folder);
  const ready = all.filter((m) => m.info.problem === null && m.info.family !== null);
  const listed = (models: FoundModel[]) =>
    models.map((m) => `${m.id} (${m.info.family ? FAMILY_LABELS[m.info.family] : 'unreadable'})`).join(', ');
  if (asked !== undefined) {
    if (!ModelIdSchema.safeParse(asked).success) {
      throw new UsageError(`--model must be a model id (lowercase letters, digits, dashes), not "${asked}"`);
    }
    const model = all.find((m) => m.id === asked);
    if (!model) {
      throw new UsageError(
        `--model: there is no Stable Diffusion model "${asked}" in ${folder}` +
          (all.length > 0 ? ` (there is ${listed(all)})` : ''),
      );
    }
    if (model.info.problem !== null) {
      throw new Error(`the model "${asked}" cannot be used: ${model.info.problem}`);
    }
    return model;
  }
  const preferred: DiffusionFamily = fill ? 'sd15-inpaint' : 'sd-turbo';
  const first = ready.filter((m) => m.info.family === preferred);
  const candidates = first.length > 0 ? first : ready;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    const broken =
      all.length > 0 ? `; not ready: ${all.map((m) => `${m.id}: ${m.info.problem}`).join('; ')}` : '';
    throw new UsageError(
      `there is no Stable Diffusion model ready in ${folder} (an ONNX export in the diffusers layout: ` +
        `text_encoder/, unet/, vae_decoder/, vae_encoder/, tokenizer/)${broken}`,
    );
  }
  throw new UsageError(`--model <id> is needed: ${listed(candidates)} would all do`);
}

/** Progress on stderr, one line per stage or step. */
function progressLine(): (p: DiffusionProgress) => void {
  let last = '';
  return (p) => {
    const line =
      p.stage === 'denoising'
        ? `variant ${p.variant + 1}: step ${p.step} of ${p.steps}`
        : p.stage === 'done'
          ? ''
          : p.stage;
    if (line === '' || line === last) return;
    last = line;
    process.stderr.write(`${line}\n`);
  };
}

export async function generateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      negative: { type: 'string', default: '' },
      image: { type: 'string' },
      mask: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      steps: { type: 'string' },
      guidance: { type: 'string' },
      seed: { type: 'string', default: '0' },
      model: { type: 'string' },
      'models-dir': { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('generate takes one prompt (quote it)');
  const prompt = positionals[0]!;
  if (prompt.trim() === '') throw new UsageError('the prompt is empty: say what to paint');
  if (prompt.length > MAX_PROMPT_CHARS || values.negative.length > MAX_PROMPT_CHARS) {
    throw new UsageError(`a prompt may be at most ${MAX_PROMPT_CHARS} characters`);
  }
  if (!values.out) throw new UsageError('--out <out.png> is required');
  if (extname(values.out).toLowerCase() !== '.png')
    throw new UsageError(`--out must end in .png, not "${values.out}"`);
  if ((values.image === undefined) !== (values.mask === undefined)) {
    throw new UsageError('--image and --mask go together: the mask says which part of the image to repaint');
  }
  const fill = values.image !== undefined;
  if (fill && (values.width !== undefined || values.height !== undefined)) {
    throw new UsageError('--width and --height are for a new picture: a fill keeps the image’s size');
  }
  if ((values.width === undefined) !== (values.height === undefined)) {
    throw new UsageError('--width and --height go together');
  }
  const width = wholeFlag('width', values.width, 1, MAX_SIDE) ?? 512;
  const height = wholeFlag('height', values.height, 1, MAX_SIDE) ?? 512;
  const steps = wholeFlag('steps', values.steps, 1, 100);
  const seed = wholeFlag('seed', values.seed, 0, MAX_SEED)!;
  let guidance: number | undefined;
  if (values.guidance !== undefined) {
    guidance = Number(values.guidance);
    if (!/^\d+(\.\d+)?$/.test(values.guidance) || guidance > 20) {
      throw new UsageError(`--guidance must be a number from 0 to 20, not "${values.guidance}"`);
    }
  }

  const folder = await modelsFolder(values['models-dir']);
  const chosen = await chooseModel(folder, values.model, fill);
  const family = chosen.info.family!;
  const image = fill ? await readRgba({ type: 'path', path: resolve(values.image!) }) : null;
  const mask =
    fill && image
      ? await readMask({ type: 'path', path: resolve(values.mask!) }, image.width, image.height)
      : null;

  const started = performance.now();
  const defaults = diffusionDefaults(family, fill ? 'fill' : 'frame');
  const settings = {
    prompt,
    negativePrompt: values.negative,
    steps: steps ?? defaults.steps,
    guidanceScale: guidance ?? defaults.guidance,
    sampler: defaults.sampler,
    ...(defaults.spacing === undefined ? {} : { spacing: defaults.spacing }),
    seed,
    variants: 1,
    onProgress: progressLine(),
  };
  const model = await openDiffusionModel(chosen.dir, { idleReleaseMs: 0 });
  let picture;
  let provider: string;
  try {
    if (image && mask) {
      const result = await inpaintWithDiffusion(model, image, mask, settings);
      picture = result.images[0]!;
      provider = result.generation.providers.unet ?? 'cpu';
    } else {
      const result = await framePicture(model, width, height, settings);
      picture = result.images[0]!;
      provider = result.generation.providers.unet ?? 'cpu';
    }
  } finally {
    await model.release();
  }
  await writeFileAtomic(resolve(values.out), await encodePng(picture));
  const seconds = (performance.now() - started) / 1000;
  const licence = chosen.info.licence;
  process.stdout.write(
    `${values.out}: ${picture.width}×${picture.height} ${fill ? 'filled' : 'made'} with ` +
      `${FAMILY_LABELS[family]} "${chosen.id}" on ${provider}, ${settings.steps} step${settings.steps === 1 ? '' : 's'}, ` +
      `seed ${seed} in ${seconds.toFixed(2)} s (licence ${licence.name}` +
      `${licence.commercialUse ? '' : ': not cleared for commercial use'})\n`,
  );
  return 0;
}
