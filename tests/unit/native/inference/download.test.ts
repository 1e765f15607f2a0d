// Downloading a model: resumable with Range, started over when the server ignores it, cancellable
// with the partial file kept, refused when the hash differs. A local HTTP server serves stand-in
// ONNX models; nothing here touches the network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { isStudioError } from '../../../../native/api/errors';
import { DOWNLOADS_DIR, downloadModel, partPath } from '../../../../native/inference/download';
import {
  addModelFile,
  listModels,
  MANIFEST_FILE,
  type ModelProgress,
} from '../../../../native/inference/models';
import { lama512StandIn, miganStandIn, writeModel } from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

const scratch = tempDir('atelier-downloads-');
const migan = miganStandIn();
const miganSha = sha256(migan);
const ETAG = '"migan-v2"';

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * How one path on the test server behaves. `drop`: the first request sends half the file and
 * waits until the test calls `cut()` (once the client has the bytes), then breaks the connection.
 * `stall`: the first request sends half the file and never finishes.
 */
interface Route {
  bytes: Uint8Array;
  ranges: boolean;
  first?: 'drop' | 'stall';
  status?: number;
  requests: { range: string | undefined; ifRange: string | undefined }[];
  cut: () => void;
}

const routes = new Map<string, Route>();
let server: Server;
let base: string;
let folderCount = 0;

function route(
  path: string,
  bytes: Uint8Array,
  options: Partial<Pick<Route, 'ranges' | 'first' | 'status'>> = {},
): Route {
  const entry: Route = { bytes, ranges: true, requests: [], cut: () => undefined, ...options };
  routes.set(path, entry);
  return entry;
}

function serve(req: IncomingMessage, res: ServerResponse): void {
  const entry = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
  if (entry === undefined || entry.status !== undefined) {
    res.writeHead(entry?.status ?? 404, { 'content-type': 'text/plain' });
    res.end('no such model');
    return;
  }
  entry.requests.push({ range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
  const size = entry.bytes.length;
  const firstRequest = entry.requests.length === 1;
  if (firstRequest && entry.first !== undefined) {
    res.writeHead(200, { 'content-length': size, etag: ETAG });
    res.write(entry.bytes.subarray(0, Math.floor(size / 2)));
    if (entry.first === 'drop') entry.cut = () => setImmediate(() => res.socket?.destroy());
    return;
  }
  const asked = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (entry.ranges && asked !== null) {
    const start = Number(asked[1]);
    if (start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    res.writeHead(206, {
      'content-range': `bytes ${start}-${size - 1}/${size}`,
      'content-length': size - start,
      etag: ETAG,
    });
    res.end(entry.bytes.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': size, etag: ETAG });
  res.end(entry.bytes);
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  scratch.cleanup();
});

function modelsFolder(): string {
  folderCount += 1;
  return join(scratch.path, `models-${folderCount}`);
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: isStudioError(error) ? error.code : 'plain', message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

function contents(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

/** Cuts the route's connection once the client has reported the first half. */
function cutWhenHalfArrives(entry: Route): (p: ModelProgress) => void {
  return (p) => {
    if (p.stage === 'downloading' && p.bytes >= Math.floor(entry.bytes.length / 2)) entry.cut();
  };
}

describe('downloading a model', () => {
  it('a whole download is hashed, recognised and installed with its source', async () => {
    const folder = modelsFolder();
    route('/models/migan_pipeline_v2.onnx', migan);
    const progress: ModelProgress[] = [];
    const manifest = await downloadModel(`${base}/models/migan_pipeline_v2.onnx`, folder, {
      sha256: miganSha.toUpperCase(),
      onProgress: (p) => progress.push(p),
    });
    expect(manifest).toMatchObject({
      id: 'migan-pipeline-v2',
      family: 'migan',
      files: [{ name: 'migan_pipeline_v2.onnx', sha256: miganSha, bytes: migan.length }],
      licence: { name: 'MIT', commercialUse: true },
      source: { url: `${base}/models/migan_pipeline_v2.onnx`, addedFrom: 'download' },
    });
    expect(manifest.signature.inputs.map((i) => i.name)).toEqual(['image', 'mask']);
    expect(progress.filter((p) => p.stage === 'downloading').at(-1)).toEqual({
      stage: 'downloading',
      bytes: migan.length,
      total: migan.length,
    });
    expect([...new Set(progress.map((p) => p.stage))]).toEqual(['downloading', 'verifying', 'checking']);
    // No partial files or staging folders are left, only the model.
    expect(contents(folder)).toEqual(['migan-pipeline-v2']);
    expect(readdirSync(join(folder, manifest.id)).sort()).toEqual(['migan_pipeline_v2.onnx', MANIFEST_FILE]);
    expect(readFileSync(join(folder, manifest.id, 'migan_pipeline_v2.onnx')).equals(migan)).toBe(true);
  });

  it('a dropped connection keeps the partial file, and the next call resumes it with Range', async () => {
    const folder = modelsFolder();
    const entry = route('/drop/migan.onnx', migan, { first: 'drop' });
    const url = `${base}/drop/migan.onnx`;
    const first = await failure(
      downloadModel(url, folder, { sha256: miganSha, onProgress: cutWhenHalfArrives(entry) }),
    );
    expect(first.code).toBe('unavailable');
    expect(first.message).toMatch(/^the download of .* was interrupted after \d+ of \d+ bytes/);
    expect(first.message).toContain('start it again to resume');
    const part = partPath(folder, miganSha);
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(migan.length);
    expect((await listModels(folder)).length).toBe(0);

    const manifest = await downloadModel(url, folder, { sha256: miganSha, name: 'MI-GAN' });
    expect(entry.requests).toEqual([
      { range: undefined, ifRange: undefined },
      { range: `bytes=${kept}-`, ifRange: ETAG },
    ]);
    expect(manifest).toMatchObject({ id: 'mi-gan', family: 'migan', files: [{ sha256: miganSha }] });
    expect(readFileSync(join(folder, 'mi-gan', 'migan.onnx')).equals(migan)).toBe(true);
    expect(contents(folder)).toEqual(['mi-gan']);
  });

  it('a server that ignores Range sends the whole file again, and the download starts over', async () => {
    const folder = modelsFolder();
    const entry = route('/no-range/migan.onnx', migan, { first: 'drop', ranges: false });
    const url = `${base}/no-range/migan.onnx`;
    expect(
      (await failure(downloadModel(url, folder, { sha256: miganSha, onProgress: cutWhenHalfArrives(entry) })))
        .code,
    ).toBe('unavailable');
    // How much reached the disk before the cut depends on when the writes caught up.
    const part = partPath(folder, miganSha);
    const kept = existsSync(part) ? statSync(part).size : 0;

    const manifest = await downloadModel(url, folder, { sha256: miganSha });
    // Asked to resume (when something was kept); the server sent everything and it started over.
    expect(entry.requests[1]!.range ?? null).toBe(kept > 0 ? `bytes=${kept}-` : null);
    expect(manifest.files[0]).toEqual({ name: 'migan.onnx', sha256: miganSha, bytes: migan.length });
    expect(readFileSync(join(folder, manifest.id, 'migan.onnx')).equals(migan)).toBe(true);
  });

  it('a cancel keeps the partial file for later, from another address too', async () => {
    const folder = modelsFolder();
    route('/stall/migan.onnx', migan, { first: 'stall' });
    const controller = new AbortController();
    const { code, message } = await failure(
      downloadModel(`${base}/stall/migan.onnx`, folder, {
        sha256: miganSha,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'downloading') controller.abort();
        },
      }),
    );
    expect(code).toBe('cancelled');
    expect(message).toMatch(/^the download of .*\/stall\/migan\.onnx was cancelled/);
    // Nothing installed; whatever arrived before the cancel is kept (how much depends on when
    // the abort caught up with the writes, so it may be nothing).
    expect(contents(folder).filter((name) => name !== DOWNLOADS_DIR)).toEqual([]);
    const part = partPath(folder, miganSha);
    const kept = existsSync(part) ? statSync(part).size : 0;

    // The same file from a mirror: resumed without If-Range (the mirror's versions are its own).
    const mirror = route('/mirror/migan.onnx', migan);
    const manifest = await downloadModel(`${base}/mirror/migan.onnx`, folder, { sha256: miganSha });
    expect(mirror.requests).toEqual([
      kept > 0 ? { range: `bytes=${kept}-`, ifRange: undefined } : { range: undefined, ifRange: undefined },
    ]);
    expect(manifest.family).toBe('migan');
    expect(contents(folder)).toEqual([manifest.id]);
  });

  it('a file whose SHA-256 differs is deleted and refused, naming both hashes', async () => {
    const folder = modelsFolder();
    const lama = lama512StandIn();
    route('/wrong/lama.onnx', lama);
    const { code, message } = await failure(
      downloadModel(`${base}/wrong/lama.onnx`, folder, { sha256: miganSha }),
    );
    expect(code).toBe('invalid_argument');
    expect(message).toBe(
      `the file downloaded from ${base}/wrong/lama.onnx has SHA-256 ${sha256(lama)}, ` +
        `not the expected ${miganSha}; it was deleted`,
    );
    expect(existsSync(partPath(folder, miganSha))).toBe(false);
    expect(contents(folder)).toEqual([]);
  });

  it('a complete partial file left from before is installed when the server says there is no more', async () => {
    const folder = modelsFolder();
    const part = partPath(folder, miganSha);
    mkdirSync(dirname(part), { recursive: true });
    writeFileSync(part, migan);
    const entry = route('/complete/migan.onnx', migan);
    const manifest = await downloadModel(`${base}/complete/migan.onnx`, folder, { sha256: miganSha });
    expect(entry.requests[0]!.range).toBe(`bytes=${migan.length}-`);
    expect(manifest.files[0]!.sha256).toBe(miganSha);
    expect(contents(folder)).toEqual([manifest.id]);
  });

  it('a model of the wrong family is refused after the download, and nothing is left', async () => {
    const folder = modelsFolder();
    const bad = miganStandIn({ mask: { type: 'float32' } });
    route('/bad/migan.onnx', bad);
    const { code, message } = await failure(
      downloadModel(`${base}/bad/migan.onnx`, folder, { sha256: sha256(bad) }),
    );
    expect(code).toBe('invalid_argument');
    expect(message).toContain('input "mask": expected uint8, found float32');
    expect(contents(folder)).toEqual([]);
  });

  it('a model already in the folder is refused before anything is fetched', async () => {
    const folder = modelsFolder();
    const local = tempDir('atelier-download-local-');
    try {
      await addModelFile(folder, writeModel(local.path, 'migan.onnx', migan), { name: 'Local MI-GAN' });
    } finally {
      local.cleanup();
    }
    const entry = route('/dup/migan.onnx', migan);
    const { code, message } = await failure(
      downloadModel(`${base}/dup/migan.onnx`, folder, { sha256: miganSha }),
    );
    expect(code).toBe('conflict');
    expect(message).toContain('already in the models folder as "Local MI-GAN" (local-mi-gan)');
    expect(entry.requests).toEqual([]);
  });

  it('an HTTP error, a bad address and a bad SHA-256 are clear errors', async () => {
    const folder = modelsFolder();
    route('/gone.onnx', migan, { status: 404 });
    expect(await failure(downloadModel(`${base}/gone.onnx`, folder, { sha256: miganSha }))).toEqual({
      code: 'unavailable',
      message: `the server answered HTTP 404 Not Found for ${base}/gone.onnx`,
    });
    expect(await failure(downloadModel('file:///etc/passwd', folder, { sha256: miganSha }))).toMatchObject({
      code: 'invalid_argument',
      message: 'only http and https URLs can be downloaded, not file:///etc/passwd',
    });
    expect((await failure(downloadModel('not a url', folder, { sha256: miganSha }))).code).toBe(
      'invalid_argument',
    );
    expect(await failure(downloadModel(`${base}/x.onnx`, folder, { sha256: 'abc' }))).toMatchObject({
      code: 'invalid_argument',
      message: 'the SHA-256 must be 64 hexadecimal digits',
    });
    expect(contents(folder)).toEqual([]);
  });

  it('an address nobody answers is a clear error', async () => {
    const folder = modelsFolder();
    // A fetch that fails the way undici does when the connection is refused.
    const refused = (() =>
      Promise.reject(
        Object.assign(new TypeError('fetch failed'), {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
        }),
      )) as typeof fetch;
    expect(
      await failure(downloadModel('http://127.0.0.1:9/m.onnx', folder, { sha256: miganSha, fetch: refused })),
    ).toEqual({
      code: 'unavailable',
      message: 'cannot reach http://127.0.0.1:9/m.onnx: fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});
