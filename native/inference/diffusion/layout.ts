/**
 * The folder of a Stable Diffusion ONNX export in the diffusers / optimum layout:
 *
 * ```
 * text_encoder/model.onnx   unet/model.onnx (+ external weights)   vae_decoder/model.onnx
 * vae_encoder/model.onnx    tokenizer/vocab.json + merges.txt (or tokenizer.json)
 * scheduler/scheduler_config.json (optional)   model_index.json (optional)
 * ```
 *
 * The check reads no ONNX file: it says which files are missing, all at once, before anything
 * slow is loaded. Whether the UNet is an inpainting one (9 input channels) or not (4) is read from
 * its session later (pipeline.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StudioError } from '../../api/errors';
import { SD15_SCHEDULE, type NoiseSchedule, type PredictionType, type TimestepSpacing } from './schedulers';

/** The ONNX components, by folder name. */
export const DIFFUSION_COMPONENTS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
export type DiffusionComponent = (typeof DIFFUSION_COMPONENTS)[number];

/** The model file inside each component's folder. */
export const COMPONENT_FILE = 'model.onnx';

/** The tokenizer's folder; it holds either tokenizer.json or vocab.json + merges.txt. */
export const TOKENIZER_DIR = 'tokenizer';

/**
 * A checked diffusion folder.
 *
 * @example
 * const folder = checkDiffusionFolder('/models/sd15-inpaint', { needEncoder: true });
 * folder.files.unet; // '/models/sd15-inpaint/unet/model.onnx'
 */
export interface DiffusionFolder {
  /** The folder, resolved. */
  dir: string;
  /** Each component's model file; `vae_encoder` is null when the folder has none (text-to-image only). */
  files: Record<Exclude<DiffusionComponent, 'vae_encoder'>, string> & { vae_encoder: string | null };
  /** The tokenizer folder and which form of it is there. */
  tokenizer: { dir: string; form: 'tokenizer.json' | 'vocab+merges' };
  /** The noise schedule from scheduler/scheduler_config.json, or SD 1.5's when there is none. */
  schedule: NoiseSchedule;
  /** Whether the schedule came from the folder's scheduler_config.json. */
  scheduleFromFolder: boolean;
}

export interface CheckOptions {
  /** The VAE encoder is needed (inpainting, image to image): its absence is an error too. */
  needEncoder?: boolean;
}

/** A non-empty regular file (a zero-byte file is an interrupted download). */
function present(path: string): boolean {
  try {
    const info = statSync(path);
    return info.isFile() && info.size > 0;
  } catch {
    return false;
  }
}

/**
 * Checks a diffusion folder: the text encoder, UNet and VAE decoder (and the VAE encoder when
 * `needEncoder`) each have `model.onnx`, and the tokenizer has tokenizer.json or vocab.json and
 * merges.txt. Every missing file is named, relative to the folder, in one StudioError.
 *
 * @throws StudioError `not_found` (folder or files missing), `invalid_argument` (not a folder, a
 * scheduler_config.json that cannot be read).
 * @example
 * checkDiffusionFolder('/models/sd-turbo');
 * // not_found: The diffusion model folder /models/sd-turbo is incomplete: 2 files are missing:
 * //   unet/model.onnx, tokenizer/merges.txt. …
 */
export function checkDiffusionFolder(dir: string, options: CheckOptions = {}): DiffusionFolder {
  const root = resolve(dir);
  let info;
  try {
    info = statSync(root);
  } catch {
    throw new StudioError('not_found', `The diffusion model folder ${root} does not exist`);
  }
  if (!info.isDirectory()) {
    throw new StudioError('invalid_argument', `The diffusion model path ${root} is not a folder`);
  }
  const missing: string[] = [];
  const file = (component: DiffusionComponent): string => join(root, component, COMPONENT_FILE);
  for (const component of DIFFUSION_COMPONENTS) {
    if (component === 'vae_encoder' && !options.needEncoder) continue;
    if (!present(file(component))) missing.push(`${component}/${COMPONENT_FILE}`);
  }
  const tokenizerDir = join(root, TOKENIZER_DIR);
  let form: DiffusionFolder['tokenizer']['form'] = 'vocab+merges';
  if (present(join(tokenizerDir, 'tokenizer.json'))) form = 'tokenizer.json';
  else {
    for (const name of ['vocab.json', 'merges.txt']) {
      if (!present(join(tokenizerDir, name))) missing.push(`${TOKENIZER_DIR}/${name}`);
    }
  }
  if (missing.length > 0) {
    const count = missing.length === 1 ? '1 file is missing' : `${missing.length} files are missing`;
    throw new StudioError(
      'not_found',
      `The diffusion model folder ${root} is incomplete: ${count}: ${missing.join(', ')}. ` +
        'It needs an ONNX export in the diffusers layout: text_encoder/, unet/, vae_decoder/ ' +
        `(and vae_encoder/ for inpainting), each with ${COMPONENT_FILE}, and ${TOKENIZER_DIR}/ with ` +
        'vocab.json and merges.txt (or tokenizer.json).',
    );
  }
  const { schedule, fromFolder } = readSchedule(root);
  const encoder = file('vae_encoder');
  return {
    dir: root,
    files: {
      text_encoder: file('text_encoder'),
      unet: file('unet'),
      vae_decoder: file('vae_decoder'),
      vae_encoder: present(encoder) ? encoder : null,
    },
    tokenizer: { dir: tokenizerDir, form },
    schedule,
    scheduleFromFolder: fromFolder,
  };
}

/**
 * The noise schedule of scheduler/scheduler_config.json (diffusers' fields `num_train_timesteps`,
 * `beta_start`, `beta_end`, `beta_schedule`, `timestep_spacing`, `steps_offset`,
 * `prediction_type`); SD 1.5's when the file is absent.
 */
export function readSchedule(root: string): { schedule: NoiseSchedule; fromFolder: boolean } {
  const path = join(root, 'scheduler', 'scheduler_config.json');
  if (!present(path)) return { schedule: { ...SD15_SCHEDULE }, fromFolder: false };
  const bad = (what: string) =>
    new StudioError('invalid_argument', `scheduler/scheduler_config.json in ${root}: ${what}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw bad(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('is not a JSON object');
  const config = raw as Record<string, unknown>;
  const schedule: NoiseSchedule = { ...SD15_SCHEDULE };
  const num = (key: string): number | undefined => {
    const value = config[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${key} is not a number`);
    return value;
  };
  const betaSchedule = config.beta_schedule ?? 'scaled_linear';
  if (betaSchedule !== 'scaled_linear') {
    throw bad(`beta_schedule "${String(betaSchedule)}" is not supported (only scaled_linear)`);
  }
  schedule.trainSteps = num('num_train_timesteps') ?? schedule.trainSteps;
  schedule.betaStart = num('beta_start') ?? schedule.betaStart;
  schedule.betaEnd = num('beta_end') ?? schedule.betaEnd;
  schedule.stepsOffset = num('steps_offset') ?? 0;
  const spacing = config.timestep_spacing ?? 'leading';
  if (spacing !== 'leading' && spacing !== 'trailing' && spacing !== 'linspace') {
    throw bad(`timestep_spacing "${String(spacing)}" is not one of leading, trailing, linspace`);
  }
  schedule.spacing = spacing as TimestepSpacing;
  const prediction = config.prediction_type ?? 'epsilon';
  if (prediction !== 'epsilon' && prediction !== 'v_prediction') {
    throw bad(`prediction_type "${String(prediction)}" is not supported (epsilon or v_prediction)`);
  }
  schedule.prediction = prediction as PredictionType;
  return { schedule, fromFolder: true };
}
