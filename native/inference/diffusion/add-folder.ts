/**
 * Adding a Stable Diffusion export folder to the models folder: copied in (every file, the UNet's
 * external weights too) into a hidden staging folder, checked complete and recognised there, its
 * name and licence written to atelier.json, then renamed into place. A cancel (the job process
 * killed) leaves only the staging folder, which the next add sweeps (model-jobs.ts).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, readdir, realpath, rename, rm, mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StudioError } from '../../api/errors';
import type { DiffusionFamily, Licence } from '../../api/models';
import { writeFileAtomic } from '../../studio/atomic-file';
import { makeStagingDir, slugify, withFolderLock, type ModelProgressListener } from '../models';
import {
  DIFFUSION_LICENCES,
  FOLDER_MODEL_FILE,
  folderBytes,
  inspectDiffusionFolder,
  isDiffusionFolder,
  type FolderModelFile,
} from './folder-model';

export interface AddFolderOptions {
  /** Default: the folder's name. */
  name?: string;
  /** Default: the family's published licence (DIFFUSION_LICENCES). */
  licence?: Licence;
  onProgress?: ModelProgressListener;
}

/**
 * Copies the export folder `source` into the models folder as a new model.
 *
 * @throws StudioError `invalid_argument` when it is no Stable Diffusion export, `not_found`
 * naming every missing file, `conflict`… never leaving a half-copied model listed.
 * @example
 * const { id, family } = await addDiffusionFolder(modelsDir, '/Downloads/sd-turbo-onnx', {
 *   licence: { name: 'Stability AI Enterprise', commercialUse: true },
 * });
 */
export async function addDiffusionFolder(
  folder: string,
  source: string,
  options: AddFolderOptions = {},
): Promise<{ id: string; name: string; family: DiffusionFamily }> {
  const root = resolve(folder);
  const from = resolve(source);
  if (!(await isDiffusionFolder(from))) {
    throw new StudioError(
      'invalid_argument',
      `${from} is no Stable Diffusion export (a folder with unet/, text_encoder/, vae_decoder/ and tokenizer/)`,
      'path',
    );
  }
  const checked = await inspectDiffusionFolder(from, basename(from));
  if (checked.family === null || checked.problem !== null) {
    throw new StudioError(
      'invalid_argument',
      `${from} cannot be added: ${checked.problem ?? 'unknown'}`,
      'path',
    );
  }
  const family = checked.family;
  await mkdir(root, { recursive: true });
  const total = await folderBytes(from);
  const staging = await makeStagingDir(root);
  try {
    let copied = 0;
    await copyTree(from, staging, (bytes) => {
      copied += bytes;
      options.onProgress?.({ stage: 'copying', bytes: copied, total });
    });
    options.onProgress?.({ stage: 'checking', bytes: total, total });
    const name = options.name?.trim() || basename(from);
    const sidecar: FolderModelFile = {
      name,
      licence: options.licence ?? DIFFUSION_LICENCES[family],
      addedAt: Date.now(),
      source: { addedFrom: 'file' },
    };
    await writeFileAtomic(join(staging, FOLDER_MODEL_FILE), JSON.stringify(sidecar, null, 2) + '\n');
    const staged = await inspectDiffusionFolder(staging, name);
    if (staged.problem !== null) {
      throw new StudioError('invalid_argument', `${from} cannot be added: ${staged.problem}`, 'path');
    }
    return await withFolderLock(root, async () => {
      const id = await freeId(root, slugify(name) || family);
      await rename(staging, join(root, id));
      return { id, name, family };
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Copies every file and folder under `from` into `to`. Links are followed and their targets
 * copied (a Hugging Face download links its big files into a cache), folders once each.
 */
async function copyTree(
  from: string,
  to: string,
  onBytes: (bytes: number) => void,
  seen: Set<string> = new Set(),
): Promise<void> {
  const real = await realpath(from);
  if (seen.has(real)) return; // a link back up the tree
  seen.add(real);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.name === FOLDER_MODEL_FILE) continue; // written afresh with what the user chose
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    const linked = entry.isSymbolicLink() ? await stat(source).catch(() => null) : null;
    if (entry.isDirectory() || linked?.isDirectory()) {
      await mkdir(target);
      await copyTree(source, target, onBytes, seen);
    } else if (entry.isFile() || linked?.isFile()) {
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          onBytes(chunk.length);
          done(null, chunk);
        },
      });
      await pipeline(
        createReadStream(source, { highWaterMark: 1 << 20 }),
        meter,
        createWriteStream(target, { flags: 'wx' }),
      );
    }
  }
}

/** `base`, or `base-2`, `base-3`, … whichever is not yet taken in the models folder. */
async function freeId(root: string, base: string): Promise<string> {
  const taken = async (id: string) => (await lstat(join(root, id)).catch(() => null)) !== null;
  if (!(await taken(base))) return base;
  for (let n = 2; ; n++) if (!(await taken(`${base}-${n}`))) return `${base}-${n}`;
}
