import { statSync, type Stats } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { StudioError } from '../api/errors';
import type { ExecutionProviderName } from '../api/schemas';
import { listExecutionProviders } from './providers';
import type { TensorData, Tensors } from './signatures';

/** The order providers are tried in when the settings say nothing else (DESIGN.md, "Models"). */
export const DEFAULT_PROVIDER_ORDER: readonly ExecutionProviderName[] = ['cuda', 'dml', 'coreml', 'cpu'];

/** A provider that was asked for and did not run, and why. */
export interface ProviderFallback {
  provider: ExecutionProviderName;
  reason: string;
}

/**
 * A loaded model and the execution provider that actually took it.
 *
 * @example
 * const { session, provider, fallbacks } = await openSession('/models/lama_fp32.onnx', ['cuda', 'cpu']);
 * log({ provider, skipped: fallbacks.map((f) => f.provider) });
 */
export interface OpenedSession {
  session: InferenceSession;
  provider: ExecutionProviderName;
  /** Providers earlier in the list that were skipped or failed, in order. */
  fallbacks: ProviderFallback[];
  /** The list the provider was chosen from; those after it are the fallbacks left. */
  providers: readonly ExecutionProviderName[];
  /** The model file, resolved. */
  path: string;
}

/** How a session is made; tests pass a fake to reach the paths this machine cannot. */
export type CreateSession = (
  path: string,
  options: InferenceSession.SessionOptions,
) => Promise<InferenceSession>;

export interface OpenOptions {
  /** Extra onnxruntime session options; `executionProviders` is set here, one provider at a time. */
  sessionOptions?: Omit<InferenceSession.SessionOptions, 'executionProviders'>;
  create?: CreateSession;
  /**
   * Which providers this installation can use (default: providers.ts). A provider known to be
   * missing is skipped without trying it, which spares a slow failing load and a native error
   * on stderr; any other provider is tried and its error caught.
   */
  available?: () => readonly { name: ExecutionProviderName; available: boolean; note: string }[];
}

const defaultCreate: CreateSession = (path, options) => InferenceSession.create(path, options);

/**
 * Loads a model on the first provider in `providers` that works. A provider that is not compiled
 * in, whose add-on is missing or that fails to initialise is recorded in `fallbacks` and the next
 * one is tried. A file that is missing, empty or not an ONNX model is a StudioError naming the
 * file, raised at once (no other provider could read it either).
 */
export async function openSession(
  path: string,
  providers: readonly ExecutionProviderName[] = DEFAULT_PROVIDER_ORDER,
  options: OpenOptions = {},
): Promise<OpenedSession> {
  const file = resolve(path);
  requireModelFile(file);
  if (providers.length === 0) {
    throw new StudioError('invalid_argument', 'no execution provider was given to run the model on');
  }
  const create = options.create ?? defaultCreate;
  const known = (options.available ?? listExecutionProviders)();
  const fallbacks: ProviderFallback[] = [];
  for (const provider of providers) {
    const listed = known.find((p) => p.name === provider);
    if (listed === undefined) {
      fallbacks.push({ provider, reason: 'not compiled into this build of onnxruntime-node' });
      continue;
    }
    if (!listed.available) {
      fallbacks.push({ provider, reason: listed.note });
      continue;
    }
    try {
      const session = await create(file, { ...options.sessionOptions, executionProviders: [provider] });
      return { session, provider, fallbacks, providers: [...providers], path: file };
    } catch (error) {
      const message = errorMessage(error);
      if (isModelError(message)) throw invalidModel(file, message);
      fallbacks.push({ provider, reason: message });
    }
  }
  throw new StudioError(
    'unavailable',
    `no execution provider could run ${basename(file)}: ` +
      fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; '),
  );
}

export interface RunResult {
  outputs: Tensors;
  provider: ExecutionProviderName;
}

interface CacheEntry {
  file: string;
  /** The file's size and modification time when it was loaded. */
  version: string;
  opening: Promise<OpenedSession>;
}

export interface SessionCacheOptions extends OpenOptions {
  /** How many sessions stay loaded; the least recently used is released first. Default 2. */
  capacity?: number;
}

/**
 * Loaded sessions, keyed by model file and provider list, so a second fill with the same model
 * does not reload it; a file replaced on disk (new size or modification time) is reloaded. The
 * least recently used session is released beyond `capacity`; `release()` closes them all.
 *
 * The job process runs one job at a time, so a session is never evicted while it runs.
 *
 * @example
 * const cache = new SessionCache({ capacity: 2 });
 * const { outputs, provider } = await cache.run(modelPath, settings.preferredProviders, feeds);
 * await cache.release();
 */
export class SessionCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly capacity: number;
  private readonly options: OpenOptions;

  constructor(options: SessionCacheOptions = {}) {
    const { capacity = 2, ...open } = options;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`SessionCache: capacity must be a whole number ≥ 1, got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.options = open;
  }

  /** How many sessions are loaded or loading. */
  get size(): number {
    return this.entries.size;
  }

  /** The session for this model and provider list, loading it on first use. */
  async open(
    path: string,
    providers: readonly ExecutionProviderName[] = DEFAULT_PROVIDER_ORDER,
  ): Promise<OpenedSession> {
    const file = resolve(path);
    const version = fileVersion(file);
    const key = cacheKey(file, providers);
    const entry = this.entries.get(key);
    if (entry && entry.version === version) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.opening;
    }
    if (entry) {
      this.entries.delete(key);
      await closeEntry(entry);
    }
    const opening = this.track(key, { file, version, opening: openSession(file, providers, this.options) });
    await this.evict();
    return opening;
  }

  /**
   * Runs the model and reports the provider that produced the outputs. When a provider other than
   * the last one fails during the run (DirectML is reported to fail on the LaMa export), the model
   * is reloaded on the providers after it and run again; the reloaded session stays cached, so the
   * failed provider is not tried again for this model until the cache is released.
   */
  async run(path: string, providers: readonly ExecutionProviderName[], feeds: Tensors): Promise<RunResult> {
    const file = resolve(path);
    const key = cacheKey(file, providers);
    let opened = await this.open(file, providers);
    for (;;) {
      try {
        const outputs = await opened.session.run(toOrtFeeds(feeds));
        return { outputs: fromOrtOutputs(outputs), provider: opened.provider };
      } catch (error) {
        const rest = opened.providers.slice(opened.providers.indexOf(opened.provider) + 1);
        if (rest.length === 0) throw runError(file, opened.provider, error);
        const failed = opened;
        const next = this.track(key, {
          file,
          version: fileVersion(file),
          opening: openSession(file, rest, this.options).then((reopened) => ({
            ...reopened,
            fallbacks: [
              ...failed.fallbacks,
              { provider: failed.provider, reason: `failed while running: ${errorMessage(error)}` },
              ...reopened.fallbacks,
            ],
          })),
        });
        await failed.session.release().catch(() => undefined);
        opened = await next;
      }
    }
  }

  /** Closes every loaded session. The cache stays usable; the next call loads again. */
  async release(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => closeEntry(entry)));
  }

  /** Stores the entry under `key` and forgets it again if loading fails, so a later call retries. */
  private track(key: string, entry: CacheEntry): Promise<OpenedSession> {
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.opening.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.opening;
  }

  private async evict(): Promise<void> {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      const entry = this.entries.get(oldest)!;
      this.entries.delete(oldest);
      await closeEntry(entry);
    }
  }
}

async function closeEntry(entry: CacheEntry): Promise<void> {
  try {
    const opened = await entry.opening;
    await opened.session.release();
  } catch {
    // A session that failed to load has nothing to close.
  }
}

function cacheKey(file: string, providers: readonly ExecutionProviderName[]): string {
  return `${file}\u0000${providers.join(',')}`;
}

/** Checks the file and returns its size and modification time. */
function fileVersion(file: string): string {
  const stat = requireModelFile(file);
  return `${stat.size}:${stat.mtimeMs}`;
}

function requireModelFile(file: string): Stats {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    throw new StudioError('not_found', `the model file ${file} does not exist`);
  }
  if (!stat.isFile()) throw new StudioError('invalid_argument', `the model path ${file} is not a file`);
  if (stat.size === 0) throw invalidModel(file, 'the file is empty');
  return stat;
}

/** onnxruntime reports a file it cannot read as a model with "Load model from … failed:…". */
function isModelError(message: string): boolean {
  return /Load model from|Protobuf parsing failed|ModelProto|model_path|invalid model/i.test(message);
}

function invalidModel(file: string, message: string): StudioError {
  const reason =
    message.replace(/^Load model from .*? failed:\s*/s, '').trim() || 'onnxruntime could not read it';
  return new StudioError('invalid_argument', `${file} is not a valid ONNX model: ${reason}`);
}

function runError(file: string, provider: ExecutionProviderName, error: unknown): StudioError {
  return new StudioError('job_failed', `${basename(file)} failed on ${provider}: ${errorMessage(error)}`);
}

/** The error's message without onnxruntime's source location and C++ signature prefix. */
function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/(^|:)\s*\/?[^\s:]+\.(cc|cpp|h):\d+\s+(onnxruntime::[\w:~<>]+\(.*?\)\s+)?/, '$1 ')
    .trim();
}

function toOrtFeeds(feeds: Tensors): InferenceSession.FeedsType {
  const out: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(feeds)) {
    out[name] =
      tensor.type === 'float32'
        ? new Tensor('float32', tensor.data, tensor.dims)
        : new Tensor('uint8', tensor.data, tensor.dims);
  }
  return out;
}

function fromOrtOutputs(outputs: InferenceSession.ReturnType): Tensors {
  const out: Tensors = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (!(value instanceof Tensor)) continue;
    const tensor = toTensorData(value);
    if (tensor) out[name] = tensor;
  }
  return out;
}

/**
 * Float32 and uint8 outputs are passed on. Others are left out: the signature check has already
 * made sure the outputs an adapter reads have one of these types.
 */
function toTensorData(value: Tensor): TensorData | undefined {
  if (value.type === 'float32')
    return { type: 'float32', data: value.data as Float32Array, dims: value.dims };
  if (value.type === 'uint8') return { type: 'uint8', data: value.data as Uint8Array, dims: value.dims };
  return undefined;
}
