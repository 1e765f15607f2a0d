/**
 * The models folder: one subfolder per learned model, `<id>/model.json` (the manifest) beside the
 * model's file(s). Adding a model copies it in, hashes it, opens it with onnxruntime to recognise
 * its family and records what it found; nothing half-written is ever left behind (DESIGN.md,
 * "Models" and "Bad input"). Downloads go through download.ts and end in the same place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { StudioError, isStudioError } from '../api/errors';
import { LicenceSchema, type Licence } from '../api/models';
import { writeFileAtomic } from '../studio/atomic-file';
import { openSession, type OpenOptions } from './sessions';
import {
  checkSignature,
  INPAINT_FAMILIES,
  recogniseFamily,
  signatureProblems,
  SIGNATURES,
  type InpaintFamily,
  type ModelMetadata,
} from './signatures';

/** The manifest's file name inside a model's folder. */
export const MANIFEST_FILE = 'model.json';

/**
 * The largest model file accepted. A single-file ONNX model is one protobuf message, which cannot
 * exceed 2 GiB; larger exports keep their weights in external data files, which are not supported.
 */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

/** Subfolder names starting with this are work in progress (staging, removal, partial downloads). */
const HIDDEN_PREFIX = '.';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The default models folder, used when the settings' `modelsDir` is null. */
export function defaultModelsDir(userDataDir: string): string {
  return join(userDataDir, 'models');
}

/** The models folder the settings ask for: `modelsDir`, or `<userData>/models` when it is null. */
export function resolveModelsDir(modelsDir: string | null, userDataDir: string): string {
  return modelsDir === null ? defaultModelsDir(userDataDir) : resolve(modelsDir);
}

const FamilySchema = z.enum(INPAINT_FAMILIES);

export { LicenceSchema, type Licence };

/** The licences of the families' published weights, used when the user gives none. */
export const DEFAULT_LICENCES: Readonly<Record<InpaintFamily, Licence>> = {
  'lama-512': {
    name: 'Apache-2.0',
    commercialUse: true,
    url: 'https://github.com/advimman/lama/blob/main/LICENSE',
  },
  'lama-4ch': {
    name: 'Apache-2.0',
    commercialUse: true,
    url: 'https://github.com/advimman/lama/blob/main/LICENSE',
  },
  migan: { name: 'MIT', commercialUse: true, url: 'https://github.com/Picsart-AI-Research/MI-GAN' },
};

const FileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (name) => /^[^/\\\0]+$/.test(name) && !name.startsWith('.') && name !== MANIFEST_FILE,
    'must be a plain file name inside the model folder',
  );

export const ModelFileSchema = z.strictObject({
  name: FileNameSchema,
  sha256: z.string().regex(SHA256, 'must be 64 lowercase hexadecimal digits'),
  bytes: z.number().int().min(0).max(MAX_MODEL_BYTES),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** One input or output as onnxruntime reported it; `dims` holds names for symbolic axes. */
export const ValueSignatureSchema = z.strictObject({
  name: z.string().max(1000),
  /** The element type (`float32`, `uint8`, …), or `not a tensor`. */
  type: z.string().max(100),
  dims: z.array(z.union([z.number().int(), z.string().max(1000)])).max(64),
});
export type ValueSignature = z.infer<typeof ValueSignatureSchema>;

export const ModelSourceSchema = z.strictObject({
  url: z.url().max(2048).optional(),
  addedFrom: z.enum(['file', 'download']).optional(),
});
export type ModelSource = z.infer<typeof ModelSourceSchema>;

/**
 * What `<id>/model.json` holds. Written once when the model is added; the app never rewrites it.
 *
 * @example
 * {
 *   "id": "migan-pipeline-v2", "name": "migan_pipeline_v2", "family": "migan",
 *   "files": [{ "name": "migan_pipeline_v2.onnx", "sha256": "9f…", "bytes": 29591342 }],
 *   "signature": { "inputs": [{ "name": "image", "type": "uint8", "dims": [1, 3, "height", "width"] }, …],
 *                  "outputs": [{ "name": "result", "type": "uint8", "dims": [1, 3, "height", "width"] }] },
 *   "licence": { "name": "MIT", "commercialUse": true },
 *   "source": { "addedFrom": "file" }, "addedAt": 1767225600000
 * }
 */
export const ModelManifestSchema = z.strictObject({
  id: z.string().regex(SLUG, 'must be lowercase letters, digits and dashes (at most 64)'),
  name: z.string().trim().min(1).max(200),
  family: FamilySchema,
  /** The first file is the ONNX model the family's adapter loads. */
  files: z.array(ModelFileSchema).min(1).max(16),
  signature: z.strictObject({
    inputs: z.array(ValueSignatureSchema).max(64),
    outputs: z.array(ValueSignatureSchema).max(64),
  }),
  licence: LicenceSchema,
  source: ModelSourceSchema,
  /** Milliseconds since 1970 (UTC). */
  addedAt: z.number().int().min(0),
});
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/**
 * One subfolder of the models folder, as the models panel lists it.
 *
 * @example
 * for (const entry of await listModels(dir)) {
 *   row(entry.name, entry.manifest?.licence.name ?? '?', entry.problem ?? 'ready');
 * }
 */
export interface ModelEntry {
  /** The subfolder's name (the manifest's id when the manifest can be read). */
  id: string;
  /** The manifest's name, or the subfolder's name when the manifest cannot be read. */
  name: string;
  /** The model's folder. */
  dir: string;
  manifest: ModelManifest | null;
  /** The ONNX file to load (the manifest's first file); null when the manifest cannot be read. */
  path: string | null;
  /**
   * Why the model cannot be used, in sentences; null when it looks usable. Files are checked for
   * presence and size only: `verifyModel` re-hashes them.
   */
  problem: string | null;
}

/** Progress of adding, downloading or verifying a model. */
export interface ModelProgress {
  /** `checking`: onnxruntime is opening the model to recognise its family. */
  stage: 'copying' | 'downloading' | 'verifying' | 'checking';
  bytes: number;
  /** Null when a server does not say how much is coming. */
  total: number | null;
}

export type ModelProgressListener = (progress: ModelProgress) => void;

/**
 * Every model in the folder, sorted by name. A folder that does not exist yet has none. A
 * manifest that is missing, unreadable or invalid, or a file that is missing or has the wrong
 * size, is reported in the entry's `problem`, never thrown.
 */
export async function listModels(folder: string): Promise<ModelEntry[]> {
  const root = resolve(folder);
  const names = await readModelsFolder(root);
  const entries: ModelEntry[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const info = await lstat(dir).catch(() => null);
    if (info === null || !info.isDirectory()) continue;
    entries.push(await readEntry(root, name));
  }
  return entries.sort(
    (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id),
  );
}

/**
 * The model `id` ready to load: its manifest, with the files present at the recorded sizes.
 * Throws a StudioError naming the model when it is missing ('not_found') or broken.
 */
export async function readModel(
  folder: string,
  id: string,
): Promise<{ manifest: ModelManifest; path: string; dir: string }> {
  const root = resolve(folder);
  requireId(id);
  const dir = join(root, id);
  const info = await lstat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new StudioError('not_found', `there is no model "${id}" in ${root}`);
  }
  const entry = await readEntry(root, id);
  if (entry.manifest === null || entry.path === null || entry.problem !== null) {
    // A broken manifest is bad input; a file gone missing makes the model unavailable.
    const code = entry.manifest === null ? 'invalid_argument' : 'unavailable';
    throw new StudioError(code, `the model "${entry.name}" cannot be used: ${entry.problem ?? 'unknown'}`);
  }
  return { manifest: entry.manifest, path: entry.path, dir };
}

export interface AddModelOptions {
  /** Shown in the models panel; default: the file's name without `.onnx`. */
  name?: string;
  /** Default: the family's published licence (DEFAULT_LICENCES). */
  licence?: Licence;
  /** When given, the model must match this family's signature instead of being recognised. */
  family?: InpaintFamily;
  onProgress?: ModelProgressListener;
  signal?: AbortSignal;
  /** How onnxruntime is reached (tests); the model is always opened on the CPU. */
  open?: OpenOptions;
}

/**
 * Copies an `.onnx` file into the models folder as a new model and returns its manifest. The copy
 * streams into a hidden staging folder while it is hashed; onnxruntime then opens it to recognise
 * its family (a model that matches none is refused, naming what differs) and the staging folder is
 * renamed into place with its manifest. A cancel, a bad file or a duplicate (same SHA-256 as a
 * model already there) leaves the models folder as it was.
 *
 * @example
 * const manifest = await addModelFile(modelsDir, '/Downloads/migan_pipeline_v2.onnx', {
 *   onProgress: ({ bytes, total }) => bar(bytes / (total ?? bytes)), signal,
 * });
 */
export async function addModelFile(
  folder: string,
  path: string,
  options: AddModelOptions = {},
): Promise<ModelManifest> {
  const root = resolve(folder);
  const source = resolve(path);
  const label = basename(source);
  throwIfCancelled(options.signal, label);
  const size = await requireSourceFile(source);
  const fileName = sanitiseFileName(label);

  await mkdir(root, { recursive: true });
  const staging = await makeStagingDir(root);
  const file = join(staging, fileName);
  let sha256: string;
  try {
    sha256 = await copyHashing(source, file, size, options, label);
    const existing = await findBySha(root, sha256);
    if (existing !== null) throw duplicate(source, existing);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return installStagedModel(
    root,
    { dir: staging, file, fileName, sha256, bytes: size },
    {
      label: source,
      name: options.name ?? nameFromFile(fileName),
      ...(options.family === undefined ? {} : { family: options.family }),
      ...(options.licence === undefined ? {} : { licence: options.licence }),
      source: { addedFrom: 'file' },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.open === undefined ? {} : { open: options.open }),
    },
  );
}

export interface VerifyOptions {
  onProgress?: ModelProgressListener;
  signal?: AbortSignal;
}

/**
 * Re-hashes the model's files against its manifest and returns the manifest. A missing file, a
 * size or a SHA-256 that differs is a StudioError naming the file.
 */
export async function verifyModel(
  folder: string,
  id: string,
  options: VerifyOptions = {},
): Promise<ModelManifest> {
  const root = resolve(folder);
  const { manifest, dir } = await readModel(root, id);
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  let before = 0;
  for (const file of manifest.files) {
    const { sha256 } = await hashFile(join(dir, file.name), {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (bytes) => options.onProgress?.({ stage: 'verifying', bytes: before + bytes, total }),
    });
    if (sha256 !== file.sha256) {
      throw new StudioError(
        'invalid_argument',
        `the file ${file.name} of the model "${manifest.name}" has changed since it was added: ` +
          `its SHA-256 is ${sha256}, the manifest says ${file.sha256}`,
      );
    }
    before += file.bytes;
  }
  return manifest;
}

/**
 * Deletes the model's folder. It is first renamed to a hidden name, so a removal that fails
 * half-way never leaves a half-deleted model in the list.
 */
export async function removeModel(folder: string, id: string): Promise<void> {
  const root = resolve(folder);
  requireId(id);
  await withFolderLock(root, async () => {
    const dir = join(root, id);
    const info = await lstat(dir).catch(() => null);
    if (info === null || !info.isDirectory()) {
      throw new StudioError('not_found', `there is no model "${id}" in ${root}`);
    }
    const trash = join(root, `${HIDDEN_PREFIX}removing-${id}-${randomBytes(4).toString('hex')}`);
    await rename(dir, trash);
    await rm(trash, { recursive: true, force: true });
  });
}

export interface HashOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
}

/** The file's SHA-256 (lowercase hex) and size, streamed. */
export async function hashFile(
  path: string,
  options: HashOptions = {},
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      options.onProgress?.(bytes);
      done();
    },
  });
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1 << 20 }),
      meter,
      options.signal === undefined ? {} : { signal: options.signal },
    );
  } catch (error) {
    if (isAbort(error, options.signal)) throw cancelled(basename(path), 'checking');
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StudioError('not_found', `the file ${path} is missing`);
    }
    throw error;
  }
  throwIfCancelled(options.signal, basename(path));
  return { sha256: hash.digest('hex'), bytes };
}

// ---- Shared with download.ts ----------------------------------------------------------------

/** A model file in a staging folder inside the models folder, hashed and not yet recognised. */
export interface StagedModel {
  /** The staging folder (hidden, inside the models folder); renamed into place at the end. */
  dir: string;
  file: string;
  fileName: string;
  sha256: string;
  bytes: number;
}

export interface InstallDetails {
  /** Names the model's origin in messages (the source path or URL). */
  label: string;
  name: string;
  family?: InpaintFamily;
  licence?: Licence;
  source: ModelSource;
  onProgress?: ModelProgressListener;
  signal?: AbortSignal;
  open?: OpenOptions;
}

/** A fresh hidden staging folder inside the models folder (same disk, so the final rename is atomic). */
export async function makeStagingDir(root: string): Promise<string> {
  const dir = join(root, `${HIDDEN_PREFIX}adding-${randomBytes(6).toString('hex')}`);
  await mkdir(dir);
  return dir;
}

/**
 * Opens the staged model with onnxruntime, recognises (or checks) its family, writes its manifest
 * and renames the staging folder into place. The staging folder is removed on any failure.
 */
export async function installStagedModel(
  root: string,
  staged: StagedModel,
  details: InstallDetails,
): Promise<ModelManifest> {
  try {
    throwIfCancelled(details.signal, details.label);
    details.onProgress?.({ stage: 'checking', bytes: staged.bytes, total: staged.bytes });
    const { family, signature } = await inspectModel(
      staged.file,
      details.label,
      details.family,
      details.open,
    );
    throwIfCancelled(details.signal, details.label);
    return await withFolderLock(root, async () => {
      const existing = await findBySha(root, staged.sha256);
      if (existing !== null) throw duplicate(details.label, existing);
      const name = details.name.trim() || nameFromFile(staged.fileName);
      const id = await freeId(root, slugify(name) || family);
      const checked = ModelManifestSchema.safeParse({
        id,
        name,
        family,
        files: [{ name: staged.fileName, sha256: staged.sha256, bytes: staged.bytes }],
        signature,
        licence: details.licence ?? DEFAULT_LICENCES[family],
        source: details.source,
        addedAt: Date.now(),
      } satisfies ModelManifest);
      if (!checked.success) {
        throw new StudioError(
          'invalid_argument',
          `the model ${details.label} cannot be added: ${describeIssues(checked.error)}`,
        );
      }
      await writeFileAtomic(join(staged.dir, MANIFEST_FILE), JSON.stringify(checked.data, null, 2) + '\n');
      throwIfCancelled(details.signal, details.label);
      await rename(staged.dir, join(root, id));
      return checked.data;
    });
  } catch (error) {
    await rm(staged.dir, { recursive: true, force: true });
    throw error;
  }
}

/** The model already in the folder with this SHA-256 as its first file, if any. */
export async function findBySha(root: string, sha256: string): Promise<ModelEntry | null> {
  const entries = await listModels(root);
  return entries.find((entry) => entry.manifest?.files.some((f) => f.sha256 === sha256)) ?? null;
}

export function duplicate(label: string, existing: ModelEntry): StudioError {
  return new StudioError(
    'conflict',
    `${label} is already in the models folder as "${existing.name}" (${existing.id}): same SHA-256`,
  );
}

export function cancelled(label: string, doing = 'adding'): StudioError {
  return new StudioError('cancelled', `${doing} ${label} was cancelled`);
}

export function throwIfCancelled(signal: AbortSignal | undefined, label: string): void {
  if (signal?.aborted) throw cancelled(label);
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const e = error as { name?: string; code?: string } | null;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

/** A file name that is safe inside a model folder; refuses what cannot be one. */
export function sanitiseFileName(name: string): string {
  const cleaned = name.replace(/[/\\\0]/g, '_').replace(/^\.+/, '');
  const checked = FileNameSchema.safeParse(cleaned);
  if (!checked.success) {
    throw new StudioError('invalid_argument', `"${name}" cannot be used as a model file name`);
  }
  return checked.data;
}

/** Runs `task` after any other change to the same models folder in this process. */
export async function withFolderLock<T>(root: string, task: () => Promise<T>): Promise<T> {
  const key = resolve(root);
  const previous = folderLocks.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  folderLocks.set(key, settled);
  try {
    return await run;
  } finally {
    if (folderLocks.get(key) === settled) folderLocks.delete(key);
  }
}

const folderLocks = new Map<string, Promise<void>>();

// ---- Internals ------------------------------------------------------------------------------

async function readModelsFolder(root: string): Promise<string[]> {
  try {
    const names = await readdir(root);
    return names.filter((name) => !name.startsWith(HIDDEN_PREFIX));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new StudioError('invalid_argument', `the models folder ${root} is a file`);
    throw new StudioError(
      'unavailable',
      `cannot read the models folder ${root}: ${(error as Error).message}`,
    );
  }
}

async function readEntry(root: string, folderName: string): Promise<ModelEntry> {
  const dir = join(root, folderName);
  const broken = (problem: string): ModelEntry => ({
    id: folderName,
    name: folderName,
    dir,
    manifest: null,
    path: null,
    problem,
  });
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    return broken(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${MANIFEST_FILE} is missing`
        : `${MANIFEST_FILE} cannot be read: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return broken(`${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const checked = ModelManifestSchema.safeParse(json);
  if (!checked.success) {
    return broken(`${MANIFEST_FILE} is not a valid manifest: ${describeIssues(checked.error)}`);
  }
  const manifest = checked.data;
  const problems: string[] = [];
  if (manifest.id !== folderName) {
    problems.push(`${MANIFEST_FILE} names the id "${manifest.id}" but the folder is "${folderName}"`);
  }
  for (const file of manifest.files) {
    const info = await stat(join(dir, file.name)).catch(() => null);
    if (info === null || !info.isFile()) problems.push(`the file ${file.name} is missing`);
    else if (info.size !== file.bytes) {
      problems.push(`the file ${file.name} is ${info.size} bytes, the manifest says ${file.bytes}`);
    }
  }
  return {
    id: folderName,
    name: manifest.name,
    dir,
    manifest,
    path: join(dir, manifest.files[0]!.name),
    problem: problems.length === 0 ? null : problems.join('; '),
  };
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length === 0 ? 'the manifest' : issue.path.join('.');
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length - issues.length;
  return issues.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

function requireId(id: string): void {
  if (!SLUG.test(id)) {
    throw new StudioError(
      'invalid_argument',
      `"${id}" is not a model id (lowercase letters, digits, dashes)`,
      'id',
    );
  }
}

async function requireSourceFile(source: string): Promise<number> {
  const info = await stat(source).catch(() => null);
  if (info === null) throw new StudioError('not_found', `the model file ${source} does not exist`);
  if (!info.isFile()) throw new StudioError('invalid_argument', `${source} is not a file`);
  if (extname(source).toLowerCase() !== '.onnx') {
    throw new StudioError('invalid_argument', `${basename(source)} is not an .onnx file`);
  }
  if (info.size === 0) throw new StudioError('invalid_argument', `${source} is empty`);
  if (info.size > MAX_MODEL_BYTES) {
    throw new StudioError(
      'too_large',
      `${basename(source)} is ${info.size} bytes; a model file may be at most ${MAX_MODEL_BYTES} bytes (2 GiB)`,
    );
  }
  return info.size;
}

/** Streams `source` to `target` (a new file), hashing and reporting progress; returns the SHA-256. */
async function copyHashing(
  source: string,
  target: string,
  size: number,
  options: AddModelOptions,
  label: string,
): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      options.onProgress?.({ stage: 'copying', bytes, total: size });
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      createReadStream(source, { highWaterMark: 1 << 20 }),
      meter,
      createWriteStream(target, { flags: 'wx' }),
      options.signal === undefined ? {} : { signal: options.signal },
    );
    throwIfCancelled(options.signal, label);
    // The file must be on disk before the manifest that vouches for it.
    const handle = await open(target, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isAbort(error, options.signal)) throw cancelled(label);
    if (isStudioError(error)) throw error;
    throw new StudioError(
      'unavailable',
      `cannot copy ${label} into the models folder: ${(error as Error).message}`,
    );
  }
  if (bytes !== size) {
    throw new StudioError(
      'conflict',
      `${label} changed while it was being copied (${bytes} of ${size} bytes)`,
    );
  }
  return hash.digest('hex');
}

/** Opens the model on the CPU, recognises or checks its family and records its signature. */
async function inspectModel(
  file: string,
  label: string,
  asked: InpaintFamily | undefined,
  openOptions: OpenOptions | undefined,
): Promise<{ family: InpaintFamily; signature: ModelManifest['signature'] }> {
  let opened;
  try {
    opened = await openSession(file, ['cpu'], openOptions);
  } catch (error) {
    // The session names the staged copy; the user knows the file by its original name.
    if (isStudioError(error)) throw new StudioError(error.code, error.message.split(file).join(label));
    throw error;
  }
  try {
    const meta = opened.session;
    const shown = basename(label);
    let family: InpaintFamily;
    if (asked === undefined) family = recognise(meta, shown);
    else {
      checkSignature(asked, meta, shown);
      family = asked;
    }
    return {
      family,
      signature: {
        inputs: meta.inputMetadata.map(recordValue),
        outputs: meta.outputMetadata.map(recordValue),
      },
    };
  } finally {
    await opened.session.release().catch(() => undefined);
  }
}

/**
 * Like recogniseFamily, but a model with exactly a family's input names (an export of that family
 * with the wrong types or shapes) is told precisely what differs from that family.
 */
function recognise(meta: ModelMetadata, label: string): InpaintFamily {
  try {
    return recogniseFamily(meta, label);
  } catch (error) {
    const inputs = new Set(meta.inputMetadata.map((value) => value.name));
    const outputs = new Set(meta.outputMetadata.map((value) => value.name));
    const near = INPAINT_FAMILIES.filter((family) => {
      const signature = SIGNATURES[family];
      return (
        signature.inputs.length === inputs.size &&
        signature.inputs.every((spec) => inputs.has(spec.name)) &&
        signature.outputs.every((spec) => outputs.has(spec.name))
      );
    })
      .map((family) => ({ family, problems: signatureProblems(family, meta) }))
      .sort((a, b) => a.problems.length - b.problems.length)[0];
    if (near === undefined) throw error;
    throw new StudioError(
      'invalid_argument',
      `${label} has the inputs and outputs of a ${near.family} model but does not match its signature: ` +
        near.problems.join('; '),
    );
  }
}

function recordValue(value: ModelMetadata['inputMetadata'][number]): ValueSignature {
  if (!value.isTensor) return { name: value.name, type: 'not a tensor', dims: [] };
  return { name: value.name, type: value.type, dims: [...value.shape] };
}

function nameFromFile(fileName: string): string {
  return fileName.replace(/\.onnx$/i, '') || fileName;
}

/** `MI-GAN Pipeline v2` → `mi-gan-pipeline-v2`; empty when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`, … whichever is not yet a folder (or file) in the models folder. */
async function freeId(root: string, base: string): Promise<string> {
  const taken = new Set((await readdir(root)).map((name) => name.toLowerCase()));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}
