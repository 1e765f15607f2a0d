/**
 * Adding, downloading and verifying models, as jobs: they run in the job process, report their
 * progress and are cancelled by killing that process. A killed add or download can leave a hidden
 * staging folder behind (never listed); the next add or download sweeps such folders, which is
 * safe because the job process runs one job at a time and is the only writer of staging folders.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JobContext, JobDefinition } from '../jobs/definition';
import type { ModelProgress } from './models';
import { addModelFile, verifyModel } from './models';
import { downloadModel } from './download';
import { addDiffusionFolder } from './diffusion/add-folder';

const STAGING_PREFIX = '.adding-';
const REMOVING_PREFIX = '.removing-';

/** Removes staging and removal folders left by a job that was killed. */
export async function sweepLeftovers(folder: string): Promise<number> {
  const root = resolve(folder);
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => n.startsWith(STAGING_PREFIX) || n.startsWith(REMOVING_PREFIX));
  await Promise.all(stale.map((n) => rm(join(root, n), { recursive: true, force: true })));
  return stale.length;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
}

/** Progress as the Jobs panel shows it: bytes through, then the check with onnxruntime. */
function reporter(ctx: JobContext): (p: ModelProgress) => void {
  return ({ stage, bytes, total }) => {
    if (stage === 'checking') return ctx.progress(0.97, 'checking the model');
    const through = total ? `${mb(bytes)} of ${mb(total)}` : mb(bytes);
    const fraction = total ? Math.min(1, bytes / total) : 0;
    // Copying or downloading is most of the work; hashing afterwards (downloads) is quick.
    ctx.progress(0.95 * fraction, `${stage} ${through}`);
  };
}

export const modelAddJob: JobDefinition<'model-add'> = {
  kind: 'model-add',
  async run({ folder, path, name, licence }, ctx) {
    await sweepLeftovers(folder);
    if ((await stat(path).catch(() => null))?.isDirectory()) {
      // A Stable Diffusion export: the folder is the model.
      const added = await addDiffusionFolder(folder, path, {
        ...(name === undefined ? {} : { name }),
        ...(licence === undefined ? {} : { licence }),
        onProgress: reporter(ctx),
      });
      ctx.progress(1, 'added');
      return added;
    }
    const manifest = await addModelFile(folder, path, {
      ...(name === undefined ? {} : { name }),
      ...(licence === undefined ? {} : { licence }),
      onProgress: reporter(ctx),
    });
    ctx.progress(1, 'added');
    return { id: manifest.id, name: manifest.name, family: manifest.family };
  },
};

export const modelDownloadJob: JobDefinition<'model-download'> = {
  kind: 'model-download',
  async run({ folder, url, sha256, name, licence }, ctx) {
    await sweepLeftovers(folder);
    const manifest = await downloadModel(url, folder, {
      sha256,
      ...(name === undefined ? {} : { name }),
      ...(licence === undefined ? {} : { licence }),
      onProgress: reporter(ctx),
    });
    ctx.progress(1, 'installed');
    return { id: manifest.id, name: manifest.name, family: manifest.family };
  },
};

export const modelVerifyJob: JobDefinition<'model-verify'> = {
  kind: 'model-verify',
  async run({ folder, id }, ctx) {
    const manifest = await verifyModel(folder, id, { onProgress: reporter(ctx) });
    ctx.progress(1, 'verified');
    return { id: manifest.id, name: manifest.name, family: manifest.family };
  },
};
