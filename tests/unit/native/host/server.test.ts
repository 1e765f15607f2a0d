import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type Host } from '../../../../native/host/server';
import { createEngine, type Engine } from '../../../../native/studio/engine';
import { realWorker } from '../../../helpers/engine';
import { gradientPng } from '../../../helpers/images';
import { tempDir } from '../../../helpers/temp';
import { RawClient } from '../../../helpers/ws-client';
import { encodeMessage } from '../../../../native/api/wire';

const dir = tempDir();
const token = 'test-token-0123456789';
let engine: Engine;
let host: Host;
let base: string;
let wsUrl: string;

beforeAll(async () => {
  const staticDir = join(dir.path, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Atelier</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'secret.txt'), 'do not serve');
  engine = createEngine({
    mode: 'web',
    userDataDir: join(dir.path, 'data'),
    fileRoot: dir.path,
    spawnJobProcess: realWorker,
  });
  host = await startHost({
    dispatcher: engine.dispatcher,
    events: engine.events,
    staticDir,
    token,
    maxMessageBytes: 64 * 1024,
  });
  base = `http://127.0.0.1:${host.port}`;
  wsUrl = `ws://127.0.0.1:${host.port}/api`;
});
afterAll(async () => {
  engine.close();
  await host.close();
  dir.cleanup();
});

describe('web mode HTTP', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${token}`);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    for (const url of [`${base}/`, `${base}/assets/app.js`, `${base}/?token=wrong`]) {
      const res = await fetch(url);
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/needs the token/);
    }
  });

  it('serves the studio with the token and sets a cookie for its assets', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const res = await fetch(`${base}${path}?token=${token}`);
      expect(await res.text()).not.toContain('do not serve');
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/?token=${token}`,
          headers: { host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode!),
      ).end();
    });
    expect(status).toBe(421);
  });
});

/** Writes raw bytes to the server and returns whatever it answers before closing. */
async function rawExchange(text: string, reset = false): Promise<string> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(host.port, '127.0.0.1', () => {
      socket.write(text);
      if (reset) socket.resetAndDestroy();
    });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

describe('web mode survives hostile connections', () => {
  const upgrade = (target: string, extra = '') =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

  it('answers a malformed upgrade target, a reset connection and a junk Origin, and keeps serving', async () => {
    expect(await rawExchange(upgrade('http://['))).toMatch(/^HTTP\/1.1 400/);
    await rawExchange(upgrade('/api'), true);
    await rawExchange(upgrade('/api?token=nope'), true);
    expect(await rawExchange(upgrade(`/api?token=${token}`, 'Origin: null\r\n'))).toMatch(/^HTTP\/1.1 403/);
    expect(await rawExchange(upgrade(`/api?token=${token}`, 'Origin: ::::\r\n'))).toMatch(/^HTTP\/1.1 403/);
    expect(await rawExchange(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`)).toMatch(
      /^HTTP\/1.1 400/,
    );
    expect((await fetch(host.url)).status).toBe(200);
  });

  it('names its cookie after its port, so other localhost services never receive it', async () => {
    const res = await fetch(host.url);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^atelier_token_${host.port}=`));
  });
});

describe('web mode WebSocket', () => {
  it('refuses a WebSocket without the token, or from another origin', async () => {
    await expect(RawClient.open(wsUrl)).rejects.toThrow(/401/);
    await expect(RawClient.open(`${wsUrl}?token=nope`)).rejects.toThrow(/401/);
    await expect(
      RawClient.open(`${wsUrl}?token=${token}`, { origin: 'http://evil.example' }),
    ).rejects.toThrow(/403/);
  });

  it('answers a StudioApi call with the version', async () => {
    const client = await RawClient.open(`${wsUrl}?token=${token}`, { origin: base });
    const reply = await client.call(1, 'app.info');
    expect(reply).toMatchObject({ id: 1, ok: true, result: { name: 'Atelier', mode: 'web' } });
    client.close();
  });

  it('answers bad messages with clear errors and keeps serving', async () => {
    const client = await RawClient.open(`${wsUrl}?token=${token}`);
    expect(await client.sendRaw('{oops', -1)).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(await client.sendRaw('[1,2]', -1)).toMatchObject({ error: { code: 'bad_message' } });
    expect(await client.call(2, 'no.such')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await client.call(3, 'jobs.cancel', { jobId: 12 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'args.jobId' },
    });
    expect(await client.call(4, 'settings.set', { autosaveSeconds: -5 })).toMatchObject({
      error: { code: 'invalid_argument', field: 'args.autosaveSeconds' },
    });
    const big = JSON.stringify({ id: 5, method: 'app.info', args: { pad: 'x'.repeat(100_000) } });
    expect(await client.sendRaw(big, 5)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await client.call(6, 'app.info')).toMatchObject({ id: 6, ok: true });
    client.close();
  });

  it('refuses paths outside the root through every method that takes one', async () => {
    const client = await RawClient.open(`${wsUrl}?token=${token}`);
    expect(await client.call(1, 'files.list', { path: '/etc' })).toMatchObject({
      error: { code: 'forbidden' },
    });
    const submit = await client.call(2, 'jobs.submit', {
      kind: 'thumbnail',
      args: { source: { type: 'path', path: '/etc/passwd' } },
    });
    expect(submit).toMatchObject({ error: { code: 'forbidden' } });
    client.close();
  });

  it('runs a thumbnail job from dropped bytes and streams progress and updates as events', async () => {
    const client = await RawClient.open(`${wsUrl}?token=${token}`);
    const bytes = new Uint8Array(await gradientPng(120, 60));
    const submitted = await client.sendRaw(
      encodeMessage({
        id: 9,
        method: 'jobs.submit',
        args: {
          kind: 'thumbnail',
          args: { source: { type: 'bytes', name: 'drop.png', bytes }, maxSize: 60 },
        },
      }),
      9,
    );
    expect(submitted).toMatchObject({ ok: true });
    const jobId = (submitted.result as { jobId: string }).jobId;
    const deadline = Date.now() + 20_000;
    let done: Record<string, unknown> | undefined;
    while (!done && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      done = client.messages.find(
        (m) =>
          m.event === 'jobs.update' &&
          (m.payload as { id: string; state: string }).id === jobId &&
          (m.payload as { state: string }).state === 'done',
      );
    }
    const info = done!.payload as { result: { width: number; height: number; bytes: Uint8Array } };
    expect([info.result.width, info.result.height]).toEqual([60, 30]);
    expect(info.result.bytes).toBeInstanceOf(Uint8Array);
    expect(client.messages.some((m) => m.event === 'jobs.progress')).toBe(true);
    client.close();
  });
});
