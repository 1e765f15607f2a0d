/**
 * The diffusion model the job process keeps between jobs. Loading SD 1.5's UNet takes seconds, so
 * a second fill with the same model reuses it; one model is held at a time (SD's sessions are
 * gigabytes), so asking for another folder, another provider list or a folder whose files were
 * replaced releases the previous one first. The model releases its own sessions when idle
 * (pipeline.ts), and is reopened lazily on its next use.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PROVIDER_ORDER } from '../sessions';
import { COMPONENT_FILE, DIFFUSION_COMPONENTS } from './layout';
import { openDiffusionModel, type DiffusionModel, type DiffusionModelOptions } from './pipeline';

let held: { key: string; model: Promise<DiffusionModel> } | null = null;

/** The folder, the providers and each component file's size and modification time. */
function keyOf(dir: string, options: DiffusionModelOptions): string {
  const root = resolve(dir);
  const versions = DIFFUSION_COMPONENTS.map((component) => {
    const info = statSync(resolve(root, component, COMPONENT_FILE), { throwIfNoEntry: false });
    return info ? `${info.size}:${info.mtimeMs}` : 'missing';
  });
  return JSON.stringify([root, options.providers ?? DEFAULT_PROVIDER_ORDER, options.idleReleaseMs, versions]);
}

/**
 * The model for `dir`, opened on first use and kept for the next call with the same folder and
 * options. A failed open is not kept, so the next call tries again.
 *
 * @example
 * const model = await diffusionModelFor(args.modelDir, { providers: settings.preferredProviders });
 * const { images } = await inpaintWithDiffusion(model, image, mask, { prompt, seed, variants: 4 });
 */
export async function diffusionModelFor(
  dir: string,
  options: DiffusionModelOptions = {},
): Promise<DiffusionModel> {
  const key = keyOf(dir, options);
  if (held !== null && held.key === key) return held.model;
  await releaseDiffusionModels();
  const model = openDiffusionModel(dir, options);
  const entry = { key, model };
  held = entry;
  model.catch(() => {
    if (held === entry) held = null;
  });
  return model;
}

/** Releases the held model's sessions and forgets it (e.g. when the settings change the models folder). */
export async function releaseDiffusionModels(): Promise<void> {
  const entry = held;
  held = null;
  if (entry === null) return;
  try {
    await (await entry.model).release();
  } catch {
    // a model that failed to open has nothing to release
  }
}
