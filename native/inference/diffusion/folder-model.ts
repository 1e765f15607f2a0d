/**
 * Stable Diffusion folders in the models folder. Like MusicGen's, the folder is the model: no
 * manifest is needed (an export is dropped in as it is), and it is recognised by its layout
 * (layout.ts) and its UNet: 9 input channels is SD 1.5 inpainting, 4 a text-to-image model such
 * as SD-Turbo. An optional `atelier.json` beside the components holds what the studio cannot read
 * from the export itself: a display name and the licence the user chose when adding it.
 *
 * Licences, by default (the studio cannot tell which weights these are, so it assumes the
 * family's published ones, and errs on the safe side):
 * - SD 1.5 inpainting: CreativeML OpenRAIL-M. Commercial use is allowed, under the licence's
 *   use restrictions (its attachment A), which pass on to whoever uses the output.
 * - SD-Turbo: released under a non-commercial research licence, later offered under the Stability
 *   AI Community License, which allows commercial use only below a revenue threshold (USD 1M a
 *   year) and otherwise needs an enterprise licence. The studio cannot know which applies, so it
 *   treats SD-Turbo as not cleared for client work: a commercial project asks before using it,
 *   unless the user said otherwise (the licence in atelier.json).
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LicenceSchema, type DiffusionFamily, type Licence } from '../../api/models';
import { isStudioError } from '../../api/errors';
import type { SamplerName, TimestepSpacing } from './schedulers';
import { checkDiffusionFolder, COMPONENT_FILE } from './layout';
import { readUnetChannels } from './unet-channels';

/** The optional file of a diffusion folder that holds its name and licence. */
export const FOLDER_MODEL_FILE = 'atelier.json';

/** The published licences of each family's weights, used unless atelier.json names another. */
export const DIFFUSION_LICENCES: Readonly<Record<DiffusionFamily, Licence>> = {
  'sd15-inpaint': {
    name: 'CreativeML OpenRAIL-M',
    commercialUse: true,
    url: 'https://huggingface.co/spaces/CompVis/stable-diffusion-license',
  },
  'sd-turbo': {
    name: 'Stability AI Community License (commercial use only below USD 1M revenue a year)',
    commercialUse: false,
    url: 'https://stability.ai/community-license-agreement',
  },
};

/** What `atelier.json` may hold; every field is optional. */
export const FolderModelFileSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  licence: LicenceSchema.optional(),
  /** Milliseconds since 1970 (UTC). */
  addedAt: z.number().int().min(0).optional(),
  source: z
    .strictObject({
      url: z.url().max(2048).optional(),
      addedFrom: z.enum(['file', 'download']).optional(),
    })
    .optional(),
});
export type FolderModelFile = z.infer<typeof FolderModelFileSchema>;

/**
 * The generation settings a family runs with when the user gives none: SD 1.5 takes 25 Euler
 * steps with guidance 7.5; SD-Turbo was distilled for 1–4 steps without guidance, with trailing
 * timesteps (its first step at t = 999) and the ancestral sampler.
 *
 * @example
 * const d = diffusionDefaults('sd-turbo', 'frame'); // { steps: 1, guidance: 0, sampler: 'euler-ancestral', spacing: 'trailing' }
 */
export function diffusionDefaults(
  family: DiffusionFamily,
  use: 'fill' | 'frame',
): { steps: number; guidance: number; sampler: SamplerName; spacing: TimestepSpacing | undefined } {
  if (family === 'sd-turbo') {
    // A fill blends latents with the picture's after every step: more than one step lets it settle.
    return { steps: use === 'fill' ? 4 : 1, guidance: 0, sampler: 'euler-ancestral', spacing: 'trailing' };
  }
  return { steps: 25, guidance: 7.5, sampler: 'euler', spacing: undefined };
}

/** A diffusion folder as the models panel lists it. */
export interface DiffusionFolderInfo {
  /** Null when the UNet cannot be read (then `problem` says why). */
  family: DiffusionFamily | null;
  name: string;
  licence: Licence;
  /** Every file of the folder together (the UNet's external weights too). */
  bytes: number;
  addedAt: number | null;
  sourceUrl: string | null;
  addedFrom: 'file' | 'download';
  /** Why the model cannot be used, naming the missing or broken file; null when it is ready. */
  problem: string | null;
}

/**
 * Whether a folder of the models folder is a Stable Diffusion export: it has no manifest
 * (model.json) and has a `unet/` folder or a model_index.json naming a Stable Diffusion pipeline.
 * A folder that looks like one but is incomplete is still one: it is listed with its problem.
 */
export async function isDiffusionFolder(dir: string): Promise<boolean> {
  if (await exists(join(dir, 'model.json'))) return false;
  if ((await stat(join(dir, 'unet')).catch(() => null))?.isDirectory()) return true;
  const index = await readJson(join(dir, 'model_index.json'));
  const name = (index as { _class_name?: unknown } | null)?._class_name;
  return typeof name === 'string' && /StableDiffusion/i.test(name);
}

const channelsCache = new Map<string, { version: string; channels: number }>();

/**
 * The family of a diffusion folder from its UNet's `sample` channels (read without loading the
 * model, and remembered until the file changes).
 *
 * @throws StudioError naming the UNet file when it is missing, unreadable, or neither 9 nor 4 channels.
 */
export async function diffusionFamilyOf(dir: string): Promise<DiffusionFamily> {
  const unet = join(dir, 'unet', COMPONENT_FILE);
  const info = await stat(unet).catch(() => null);
  const version = info ? `${info.size}:${info.mtimeMs}` : 'missing';
  let channels = channelsCache.get(unet)?.version === version ? channelsCache.get(unet)!.channels : null;
  if (channels === null) {
    channels = await readUnetChannels(unet);
    channelsCache.set(unet, { version, channels });
  }
  if (channels === 9) return 'sd15-inpaint';
  if (channels === 4) return 'sd-turbo';
  throw new Error(
    `unet/${COMPONENT_FILE} takes ${channels} channels: an SD UNet takes 9 (inpainting) or 4 (text to image)`,
  );
}

/**
 * Checks a diffusion folder as the models panel shows it: complete (every missing file named),
 * its family, its licence, its size. Never throws: what is wrong is in `problem`.
 *
 * @example
 * const info = await inspectDiffusionFolder('/models/sd-turbo');
 * info.family;  // 'sd-turbo'
 * info.licence; // { name: 'Stability AI Community License …', commercialUse: false, … }
 */
export async function inspectDiffusionFolder(dir: string, id: string): Promise<DiffusionFolderInfo> {
  const problems: string[] = [];
  const sidecar = await readSidecar(dir).catch((error: Error) => {
    problems.push(error.message);
    return {} as FolderModelFile;
  });
  let family: DiffusionFamily | null = null;
  try {
    checkDiffusionFolder(dir);
    family = await diffusionFamilyOf(dir);
    if (family === 'sd15-inpaint') checkDiffusionFolder(dir, { needEncoder: true });
  } catch (error) {
    problems.unshift(describe(error));
  }
  return {
    family,
    name: sidecar.name ?? id,
    licence: sidecar.licence ?? DIFFUSION_LICENCES[family ?? 'sd-turbo'],
    bytes: await folderBytes(dir),
    addedAt: sidecar.addedAt ?? null,
    sourceUrl: sidecar.source?.url ?? null,
    addedFrom: sidecar.source?.addedFrom ?? 'file',
    problem: problems.length === 0 ? null : problems.join('; '),
  };
}

/** atelier.json, or nothing when the folder has none; a broken one is an error naming it. */
export async function readSidecar(dir: string): Promise<FolderModelFile> {
  const path = join(dir, FOLDER_MODEL_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${FOLDER_MODEL_FILE} is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const checked = FolderModelFileSchema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(
      `${FOLDER_MODEL_FILE} is not valid: ${issue.path.join('.') || 'the file'}: ${issue.message}`,
    );
  }
  return checked.data;
}

/** The size of every file under `dir`, following links (each folder counted once). */
export async function folderBytes(dir: string, seen: Set<string> = new Set()): Promise<number> {
  const real = await realpath(dir).catch(() => dir);
  if (seen.has(real)) return 0;
  seen.add(real);
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const info = entry.isSymbolicLink() ? await stat(path).catch(() => null) : null;
    if (entry.isDirectory() || info?.isDirectory()) total += await folderBytes(path, seen);
    else if (entry.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0;
    else if (info?.isFile()) total += info.size;
  }
  return total;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The layout's message names the folder; the panel row already does.
  return isStudioError(error)
    ? message.replace(/^The diffusion model folder .+? is incomplete: /, 'incomplete: ')
    : message;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}
