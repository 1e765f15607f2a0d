/**
 * The `models` group of StudioApi: the models folder as the Models panel sees it. Adding,
 * downloading and verifying run as jobs (model-jobs.ts); listing and removing are quick and run
 * here. Fills name a model by id; `resolve` turns that into the file the job process loads.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { StudioError } from '../api/errors';
import type { StudioHandlers } from '../api/dispatch';
import type { JobInfo, JobSpec } from '../api/jobs';
import {
  ModelIdSchema,
  type DiffusionFamily,
  type Licence,
  type ModelInfo,
  type ModelsList,
} from '../api/models';
import { inspectDiffusionFolder, isDiffusionFolder } from './diffusion/folder-model';
import { checkMusicgenFolder, MUSICGEN_LICENSE } from '../music/musicgen';
import type { ExecutionProviderName, Settings } from '../api/schemas';
import type { FileAccess } from '../project/file-access';
import {
  MANIFEST_FILE,
  defaultModelsDir,
  listModels,
  readModel,
  removeModel,
  resolveModelsDir,
  type ModelEntry,
} from './models';
import type { ModelManifest } from './models';
import { listExecutionProviders } from './providers';

type ModelsHandlers = Pick<
  StudioHandlers,
  'models.list' | 'models.add' | 'models.download' | 'models.verify' | 'models.remove'
>;

export interface ModelsServiceOptions {
  userDataDir: string;
  settings: () => Promise<Settings>;
  files: FileAccess;
  submitJob: (spec: JobSpec) => { id: string };
  /** The folder's list changed (a model added, downloaded or removed, or the folder itself). */
  onChanged: (list: ModelsList) => void;
}

/** A model ready for a fill: what the job loads, and what the log and provenance record. */
export interface ResolvedModel {
  manifest: ModelManifest;
  path: string;
  providers: ExecutionProviderName[];
}

/** A Stable Diffusion folder ready for a fill or a frame: what the job loads, what provenance records. */
export interface ResolvedDiffusion {
  id: string;
  name: string;
  dir: string;
  family: DiffusionFamily;
  licence: Licence;
  providers: ExecutionProviderName[];
}

export class ModelsService {
  /** The provider each model last ran on in this session, by id. */
  private readonly lastProvider = new Map<string, ExecutionProviderName>();

  constructor(private readonly options: ModelsServiceOptions) {}

  async folder(): Promise<string> {
    return resolveModelsDir((await this.options.settings()).modelsDir, this.options.userDataDir);
  }

  /**
   * A folder the user picked for models: resolved (and confined, in web mode) and checked to be
   * a folder. Null (the default folder) passes through.
   */
  async checkFolder(dir: string | null): Promise<string | null> {
    if (dir === null) return null;
    const resolved = await this.options.files.resolve(dir);
    const info = await stat(resolved).catch(() => null);
    if (!info?.isDirectory()) {
      throw new StudioError('invalid_argument', `${dir} is not a folder`, 'modelsDir');
    }
    return resolved;
  }

  /** The providers a run tries, in order: the preferred ones this installation has, CPU last. */
  async providers(): Promise<ExecutionProviderName[]> {
    const available = new Set(
      listExecutionProviders()
        .filter((p) => p.available)
        .map((p) => p.name),
    );
    const preferred = (await this.options.settings()).preferredProviders.filter(
      (p) => p !== 'cpu' && available.has(p),
    );
    return [...preferred, 'cpu'];
  }

  async list(): Promise<ModelsList> {
    const folder = await this.folder();
    const entries = await listModels(folder);
    const first = (await this.providers())[0] ?? 'cpu';
    const models = await Promise.all(
      entries.map(async (entry) => {
        const music = await musicInfo(entry);
        if (music) return music;
        if (entry.manifest === null && (await isDiffusionFolder(entry.dir))) {
          return this.diffusionInfo(entry, first);
        }
        const hasManifest = (await stat(join(entry.dir, MANIFEST_FILE)).catch(() => null)) !== null;
        return { ...this.info(entry, first), removable: hasManifest };
      }),
    );
    return {
      folder,
      isDefault: folder === resolvePath(defaultModelsDir(this.options.userDataDir)),
      models,
      providers: listExecutionProviders(),
    };
  }

  /**
   * The MusicGen export folder `id` of the models folder, checked complete (a StudioError lists
   * every missing file), with its licence.
   */
  async resolveMusic(id: string): Promise<{ id: string; name: string; dir: string; licence: Licence }> {
    const parsed = ModelIdSchema.safeParse(id);
    if (!parsed.success) throw new StudioError('invalid_argument', `"${id}" is not a model id`, 'engine');
    const folder = await this.folder();
    const dir = join(folder, id);
    if (!(await isMusicgenFolder(dir))) {
      throw new StudioError('not_found', `there is no MusicGen model "${id}" in ${folder}`, 'engine');
    }
    checkMusicgenFolder(dir);
    return { id, name: id, dir, licence: MUSICGEN_LICENCE };
  }

  /**
   * The Stable Diffusion folder `id` of the models folder, checked complete and recognised (a
   * StudioError names every missing file, or the UNet that is not SD's); null when `id` is a model
   * of another kind (its manifest's), so the caller resolves it as such.
   */
  async resolveDiffusion(id: string): Promise<ResolvedDiffusion | null> {
    const parsed = ModelIdSchema.safeParse(id);
    if (!parsed.success) throw new StudioError('invalid_argument', `"${id}" is not a model id`, 'engine');
    const dir = join(await this.folder(), id);
    if (!(await isDiffusionFolder(dir))) return null;
    const info = await inspectDiffusionFolder(dir, id);
    if (info.family === null || info.problem !== null) {
      throw new StudioError(
        'unavailable',
        `the model "${info.name}" cannot be used: ${info.problem ?? 'unknown'}`,
        'engine',
      );
    }
    return {
      id,
      name: info.name,
      dir,
      family: info.family,
      licence: info.licence,
      providers: await this.providers(),
    };
  }

  /**
   * The model `id`, ready for a fill: its manifest and file, checked present at the recorded
   * size. A missing or broken model is a StudioError naming it.
   */
  async resolve(id: string): Promise<ResolvedModel> {
    const { manifest, path } = await readModel(await this.folder(), id);
    return { manifest, path, providers: await this.providers() };
  }

  /** A fill with the model ran: the panel shows where. */
  ran(id: string, provider: ExecutionProviderName): void {
    if (this.lastProvider.get(id) === provider) return;
    this.lastProvider.set(id, provider);
    this.announce();
  }

  /** Called with every job update: a model job that ends changes the list. */
  jobUpdated(info: JobInfo): void {
    if (!info.kind.startsWith('model-')) return;
    if (info.state === 'done' || info.state === 'failed' || info.state === 'cancelled') this.announce();
  }

  /** The settings changed: the folder may have. */
  settingsChanged(): void {
    this.announce();
  }

  private announce(): void {
    this.list().then(this.options.onChanged, () => {});
  }

  private info(entry: ModelEntry, provider: ExecutionProviderName): Omit<ModelInfo, 'removable'> {
    const m = entry.manifest;
    const file = m?.files[0];
    return {
      id: entry.id,
      name: entry.name,
      family: m?.family ?? null,
      licence: m?.licence ?? null,
      bytes: file?.bytes ?? null,
      sha256: file?.sha256 ?? null,
      sourceUrl: m?.source.url ?? null,
      addedFrom: m?.source.addedFrom ?? null,
      addedAt: m?.addedAt ?? null,
      problem: entry.problem,
      provider: entry.problem === null ? provider : null,
      lastProvider: this.lastProvider.get(entry.id) ?? null,
    };
  }

  /** A Stable Diffusion folder as the panels list it (no manifest needed: the folder is the model). */
  private async diffusionInfo(entry: ModelEntry, provider: ExecutionProviderName): Promise<ModelInfo> {
    const info = await inspectDiffusionFolder(entry.dir, entry.id);
    return {
      id: entry.id,
      name: info.name,
      family: info.family,
      licence: info.licence,
      bytes: info.bytes,
      // Hashing gigabytes on every listing is not worth it: the folder's id names it.
      sha256: null,
      sourceUrl: info.sourceUrl,
      addedFrom: info.addedFrom,
      addedAt: info.addedAt,
      problem: info.problem,
      provider: info.problem === null ? provider : null,
      lastProvider: this.lastProvider.get(entry.id) ?? null,
      removable: true,
    };
  }

  handlers(): ModelsHandlers {
    return {
      'models.list': () => this.list(),
      'models.add': async ({ path, name, licence }) => {
        const source = await this.options.files.resolve(path);
        const isFolder = (await stat(source).catch(() => null))?.isDirectory() ?? false;
        if (isFolder && !(await isDiffusionFolder(source))) {
          throw new StudioError(
            'invalid_argument',
            `${path}: a model folder is a Stable Diffusion ONNX export (unet/, text_encoder/, vae_decoder/, tokenizer/)`,
            'path',
          );
        }
        if (!isFolder && !source.toLowerCase().endsWith('.onnx')) {
          throw new StudioError(
            'invalid_argument',
            `${path}: a model is an .onnx file or a Stable Diffusion export folder`,
            'path',
          );
        }
        const job = this.options.submitJob({
          kind: 'model-add',
          args: { folder: await this.folder(), path: source, name, licence },
        });
        return { jobId: job.id as `job:${string}` };
      },
      'models.download': async ({ url, sha256, name, licence }) => {
        const job = this.options.submitJob({
          kind: 'model-download',
          args: { folder: await this.folder(), url, sha256, name, licence },
        });
        return { jobId: job.id as `job:${string}` };
      },
      'models.verify': async ({ id }) => {
        const folder = await this.folder();
        await readModel(folder, id); // a missing or broken model is refused at once
        const job = this.options.submitJob({ kind: 'model-verify', args: { folder, id } });
        return { jobId: job.id as `job:${string}` };
      },
      'models.remove': async ({ id }) => {
        const folder = await this.folder();
        // Only what is a model is deleted: a models folder the user pointed at may hold other folders.
        const entry = (await listModels(folder)).find((e) => e.id === id);
        const hasManifest =
          entry !== undefined && (await stat(join(entry.dir, MANIFEST_FILE)).catch(() => null)) !== null;
        if (
          entry &&
          !hasManifest &&
          !(await isMusicgenFolder(entry.dir)) &&
          !(await isDiffusionFolder(entry.dir))
        ) {
          throw new StudioError(
            'invalid_argument',
            `${entry.dir} is not a model (it has no ${MANIFEST_FILE} and is no MusicGen or Stable Diffusion export): Atelier leaves it alone`,
            'id',
          );
        }
        await removeModel(folder, id);
        this.lastProvider.delete(id);
        const list = await this.list();
        this.options.onChanged(list);
        return list;
      },
    };
  }
}

/** MusicGen's published weights: CC-BY-NC-4.0, not for client work. */
const MUSICGEN_LICENCE: Licence = {
  name: MUSICGEN_LICENSE,
  commercialUse: false,
  url: 'https://huggingface.co/facebook/musicgen-small',
};

/** Whether a folder holds a MusicGen export (its config.json says so). */
async function isMusicgenFolder(dir: string): Promise<boolean> {
  try {
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { model_type?: unknown };
    return config.model_type === 'musicgen';
  } catch {
    return false;
  }
}

/** A MusicGen export folder as the panels list it (no manifest: the folder is the model); null for anything else. */
async function musicInfo(entry: ModelEntry): Promise<ModelInfo | null> {
  if (entry.manifest !== null || !(await isMusicgenFolder(entry.dir))) return null;
  let problem: string | null = null;
  let bytes: number | null = null;
  try {
    const found = checkMusicgenFolder(entry.dir);
    bytes = 0;
    for (const file of found.files) bytes += (await stat(join(entry.dir, file))).size;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  return {
    id: entry.id,
    name: entry.id,
    family: 'musicgen',
    licence: MUSICGEN_LICENCE,
    bytes,
    sha256: null,
    sourceUrl: null,
    addedFrom: 'file',
    addedAt: null,
    problem,
    provider: problem === null ? 'cpu' : null,
    lastProvider: null,
    removable: true,
  };
}
