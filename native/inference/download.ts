/**
 * Downloading a model into the models folder over HTTP(S), resumable: the bytes go to
 * `<models>/.downloads/<sha256>.part`, and a later call for the same SHA-256 asks the server for
 * the rest with a `Range` header (starting over when the server ignores it). Once the file hashes
 * right it is recognised and installed exactly like a file added from disk (models.ts).
 */
import { mkdir, open, readFile, rename, rm, rmdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { StudioError, isStudioError } from '../api/errors';
import type { OpenOptions } from './sessions';
import { INPAINT_FAMILIES, type InpaintFamily } from './signatures';
import {
  MAX_MODEL_BYTES,
  duplicate,
  findBySha,
  hashFile,
  installStagedModel,
  isAbort,
  makeStagingDir,
  sanitiseFileName,
  type Licence,
  type ModelManifest,
  type ModelProgressListener,
} from './models';

/** Where partial downloads wait to be resumed, inside the models folder (hidden from the list). */
export const DOWNLOADS_DIR = '.downloads';

export interface DownloadOptions {
  /** The SHA-256 the file must have (64 hex digits); it also names the partial file. */
  sha256: string;
  /** When given, the model must match this family's signature instead of being recognised. */
  family?: InpaintFamily;
  /** Shown in the models panel; default: the file's name without `.onnx`. */
  name?: string;
  /** Default: the family's published licence. */
  licence?: Licence;
  onProgress?: ModelProgressListener;
  signal?: AbortSignal;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** The model's file name in its folder; default: the URL's last segment when it ends in `.onnx`. */
  fileName?: string;
  /** How onnxruntime is reached (tests); the model is always opened on the CPU. */
  open?: OpenOptions;
}

/** The partial file a download of this SHA-256 writes to and resumes from. */
export function partPath(folder: string, sha256: string): string {
  return join(resolve(folder), DOWNLOADS_DIR, `${sha256.toLowerCase()}.part`);
}

/** What is remembered beside a partial file, so a resume asks for the same version of it. */
interface PartInfo {
  url: string;
  /** A strong ETag or a Last-Modified date, for `If-Range`. */
  validator: string | null;
}

/** Downloads in progress in this process, by partial file: two at once would write over each other. */
const active = new Set<string>();

/**
 * Downloads the model at `url` into the models folder and returns its manifest. An interrupted
 * or cancelled download keeps its partial file, and the next call for the same SHA-256 resumes
 * it. A file whose SHA-256 differs is deleted and refused; so is one that is not a known model.
 *
 * @example
 * const manifest = await downloadModel('https://example.org/migan_pipeline_v2.onnx', modelsDir, {
 *   sha256: '9f…', onProgress: ({ stage, bytes, total }) => show(stage, bytes, total), signal,
 * });
 */
export async function downloadModel(
  url: string,
  folder: string,
  options: DownloadOptions,
): Promise<ModelManifest> {
  const root = resolve(folder);
  const target = parseUrl(url);
  const sha256 = options.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new StudioError('invalid_argument', 'the SHA-256 must be 64 hexadecimal digits', 'sha256');
  }
  if (options.family !== undefined && !INPAINT_FAMILIES.includes(options.family)) {
    throw new StudioError('invalid_argument', `"${String(options.family)}" is not a model family`, 'family');
  }
  const fileName = sanitiseFileName(options.fileName ?? fileNameFromUrl(target, options.family));
  const label = target.href;
  if (options.signal?.aborted) throw cancelledDownload(label, 0, null);

  const part = partPath(root, sha256);
  if (active.has(part)) {
    throw new StudioError('conflict', `the model with SHA-256 ${sha256} is already being downloaded`);
  }
  active.add(part);
  try {
    const existing = await findBySha(root, sha256);
    if (existing !== null) throw duplicate(label, existing);
    await mkdir(join(root, DOWNLOADS_DIR), { recursive: true });
    const bytes = await fetchToPart(target, part, options);

    const hashed = await hashFile(part, {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (done) => options.onProgress?.({ stage: 'verifying', bytes: done, total: bytes }),
    });
    if (hashed.sha256 !== sha256) {
      await removePart(part);
      throw new StudioError(
        'invalid_argument',
        `the file downloaded from ${label} has SHA-256 ${hashed.sha256}, not the expected ${sha256}; ` +
          'it was deleted',
      );
    }

    const staging = await makeStagingDir(root);
    const file = join(staging, fileName);
    try {
      await rename(part, file);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    await removePart(part);
    return await installStagedModel(
      root,
      { dir: staging, file, fileName, sha256, bytes: hashed.bytes },
      {
        label,
        name: options.name ?? fileName.replace(/\.onnx$/i, ''),
        ...(options.family === undefined ? {} : { family: options.family }),
        ...(options.licence === undefined ? {} : { licence: options.licence }),
        source: { url: label, addedFrom: 'download' },
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.open === undefined ? {} : { open: options.open }),
      },
    );
  } finally {
    active.delete(part);
    // An empty downloads folder goes (rmdir refuses a folder that still holds partial files).
    await rmdir(join(root, DOWNLOADS_DIR)).catch(() => undefined);
  }
}

/**
 * Brings the partial file to the whole file and returns its size. Asks for the rest when part of
 * it is there; a server that answers with the whole file (ignoring `Range`, or because the file
 * changed, per `If-Range`) is written from the start.
 */
async function fetchToPart(url: URL, part: string, options: DownloadOptions): Promise<number> {
  const label = url.href;
  const doFetch = options.fetch ?? globalThis.fetch;
  const infoPath = `${part}.json`;
  // Two tries: a server whose 206 starts somewhere other than asked is asked again for everything.
  for (let attempt = 0; attempt < 2; attempt++) {
    const offset = await fileSize(part);
    const info = offset > 0 ? await readPartInfo(infoPath) : null;
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      if (info !== null && info.url === label && info.validator !== null)
        headers['if-range'] = info.validator;
    }

    let response: Response;
    try {
      response = await doFetch(url, {
        headers,
        redirect: 'follow',
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      if (isAbort(error, options.signal)) throw cancelledDownload(label, offset, null);
      throw new StudioError('unavailable', `cannot reach ${label}: ${describeFetchError(error)}`);
    }

    if (response.status === 416 && offset > 0) {
      await response.body?.cancel().catch(() => undefined);
      const whole = parseContentRange(response.headers.get('content-range'))?.total ?? null;
      if (whole === offset) return offset;
      await truncate(part, 0);
      continue;
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel().catch(() => undefined);
      const text = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new StudioError('unavailable', `the server answered HTTP ${text} for ${label}`);
    }

    let start = 0;
    let total: number | null;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (range === null || (range.start !== offset && range.start !== 0)) {
        await response.body?.cancel().catch(() => undefined);
        await truncate(part, 0).catch(() => undefined);
        continue;
      }
      start = range.start;
      total = range.total;
    } else {
      const length = Number(response.headers.get('content-length'));
      total = response.headers.has('content-length') && Number.isFinite(length) ? length : null;
    }
    if (total !== null && total > MAX_MODEL_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      await removePart(part);
      throw tooLarge(label, total);
    }
    await writeFile(
      infoPath,
      JSON.stringify({ url: label, validator: validatorOf(response) } satisfies PartInfo),
    );

    let bytes = start;
    const body = response.body
      ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)
      : Readable.from([]);
    // Each piece is on disk before it is counted, so whatever was reported is kept for a resume.
    const file = await open(part, start === 0 ? 'w' : 'a');
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        options.signal?.throwIfAborted();
        if (bytes + chunk.length > MAX_MODEL_BYTES) throw tooLarge(label, bytes + chunk.length);
        await file.write(chunk);
        bytes += chunk.length;
        options.onProgress?.({ stage: 'downloading', bytes, total });
      }
      options.signal?.throwIfAborted();
    } catch (error) {
      body.destroy();
      await file.close().catch(() => undefined);
      const kept = await fileSize(part);
      if (isAbort(error, options.signal)) throw cancelledDownload(label, kept, total);
      if (isStudioError(error)) {
        if (error.code === 'too_large') await removePart(part);
        throw error;
      }
      throw new StudioError(
        'unavailable',
        `the download of ${label} was interrupted after ${describeAmount(kept, total)} ` +
          `(${describeFetchError(error)}); start it again to resume`,
      );
    }
    await file.close();
    const size = await fileSize(part);
    if (options.signal?.aborted) throw cancelledDownload(label, size, total);
    if (total !== null && size !== total) {
      throw new StudioError(
        'unavailable',
        `the download of ${label} ended after ${describeAmount(size, total)}; start it again to resume`,
      );
    }
    return size;
  }
  throw new StudioError('unavailable', `the server at ${label} did not send the part of the file asked for`);
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StudioError('invalid_argument', `"${url}" is not a URL`, 'url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StudioError(
      'invalid_argument',
      `only http and https URLs can be downloaded, not ${url}`,
      'url',
    );
  }
  return parsed;
}

function fileNameFromUrl(url: URL, family: InpaintFamily | undefined): string {
  const last = url.pathname.split('/').pop() ?? '';
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // keep the raw segment
  }
  if (/\.onnx$/i.test(decoded) && !/[/\\\0]/.test(decoded) && !decoded.startsWith('.')) return decoded;
  return `${family ?? 'model'}.onnx`;
}

/**
 * A Content-Range header: `bytes 100-199/1000` gives start 100 and total 1000; the form a 416
 * carries (an asterisk for the range) gives start -1.
 */
function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  if (header === null) return null;
  const match = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(header.trim());
  if (match === null) return null;
  return {
    start: match[1] === undefined ? -1 : Number(match[1]),
    total: match[3] === '*' || match[3] === undefined ? null : Number(match[3]),
  };
}

/** A validator `If-Range` accepts: a strong ETag, else Last-Modified. */
function validatorOf(response: Response): string | null {
  const etag = response.headers.get('etag');
  if (etag !== null && !etag.startsWith('W/')) return etag;
  return response.headers.get('last-modified');
}

async function readPartInfo(path: string): Promise<PartInfo | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<PartInfo>;
    if (typeof value.url !== 'string') return null;
    return { url: value.url, validator: typeof value.validator === 'string' ? value.validator : null };
  } catch {
    return null;
  }
}

async function fileSize(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? info.size : 0;
}

async function removePart(part: string): Promise<void> {
  await rm(part, { force: true });
  await rm(`${part}.json`, { force: true });
}

function cancelledDownload(label: string, kept: number, total: number | null): StudioError {
  const rest = kept > 0 ? `; ${describeAmount(kept, total)} are kept to resume` : '';
  return new StudioError('cancelled', `the download of ${label} was cancelled${rest}`);
}

function tooLarge(label: string, bytes: number): StudioError {
  return new StudioError(
    'too_large',
    `${label} is ${bytes} bytes or more; a model file may be at most ${MAX_MODEL_BYTES} bytes (2 GiB)`,
  );
}

function describeAmount(bytes: number, total: number | null): string {
  return total === null ? `${bytes} bytes` : `${bytes} of ${total} bytes`;
}

/** undici's errors say "fetch failed" or "terminated"; the cause says why. */
function describeFetchError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error && cause.message && cause.message !== message) {
    return `${message}: ${cause.message}`;
  }
  return message;
}
