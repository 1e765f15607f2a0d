// Loading models: execution providers tried in order with the one that ran reported, damaged
// files refused by name, and a small cache of loaded sessions.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { InferenceSession } from 'onnxruntime-node';
import { isStudioError } from '../../../../native/api/errors';
import type { ExecutionProviderName } from '../../../../native/api/schemas';
import {
  openSession,
  SessionCache,
  type CreateSession,
  type OpenOptions,
} from '../../../../native/inference/sessions';
import { graphlessModel, lama512StandIn, miganStandIn, writeModel } from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-sessions-');
let migan: string;
let lama: string;

beforeAll(() => {
  migan = writeModel(dir.path, 'migan.onnx', miganStandIn());
  lama = writeModel(dir.path, 'lama.onnx', lama512StandIn());
});
afterAll(() => dir.cleanup());

/** How a call failed, as the user would read it. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: isStudioError(error) ? error.code : 'plain', message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

/** Every provider listed as usable, so the fake `create` decides. */
const everyProvider: OpenOptions['available'] = () =>
  (['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const).map((name) => ({
    name,
    available: true,
    note: 'test',
  }));

interface FakeSession {
  session: InferenceSession;
  released: () => boolean;
}

function fakeSession(run: InferenceSession['run'] = async () => ({})): FakeSession {
  let released = false;
  const session = {
    inputMetadata: [],
    outputMetadata: [],
    run,
    release: async () => {
      released = true;
    },
  } as unknown as InferenceSession;
  return { session, released: () => released };
}

describe('execution providers', () => {
  it('asked for cuda then cpu on a machine without the CUDA add-on, it runs on cpu and says so', async () => {
    const opened = await openSession(migan, ['cuda', 'cpu']);
    try {
      expect(opened.provider).toBe('cpu');
      expect(opened.fallbacks.map((f) => f.provider)).toEqual(['cuda']);
      expect(opened.fallbacks[0]!.reason).not.toBe('');
      expect(opened.session.inputMetadata.map((m) => m.name)).toEqual(['image', 'mask']);
    } finally {
      await opened.session.release();
    }
  });

  it('the default order ends on cpu here, skipping the providers this build lacks', async () => {
    const opened = await openSession(migan);
    try {
      expect(opened.provider).toBe('cpu');
      expect(opened.fallbacks.map((f) => f.provider)).toEqual(['cuda', 'dml', 'coreml']);
    } finally {
      await opened.session.release();
    }
  });

  it('a provider that throws while loading is caught and the next one is tried', async () => {
    const tried: string[] = [];
    const create: CreateSession = async (_path, options) => {
      const provider = String(options.executionProviders![0]);
      tried.push(provider);
      if (provider !== 'cpu')
        throw new Error(`no available backend found. ERR: [${provider}] backend not found.`);
      return fakeSession().session;
    };
    const opened = await openSession(migan, ['dml', 'coreml', 'cpu'], { create, available: everyProvider });
    expect(tried).toEqual(['dml', 'coreml', 'cpu']);
    expect(opened.provider).toBe('cpu');
    expect(opened.fallbacks).toEqual([
      { provider: 'dml', reason: 'no available backend found. ERR: [dml] backend not found.' },
      { provider: 'coreml', reason: 'no available backend found. ERR: [coreml] backend not found.' },
    ]);
  });

  it('when no provider can run the model, every reason is given', async () => {
    const { code, message } = await failure(openSession(migan, ['cuda', 'dml']));
    expect(code).toBe('unavailable');
    expect(message).toMatch(/^no execution provider could run migan\.onnx: cuda: .+; dml: .+/);
  });

  it('an empty provider list is refused', async () => {
    expect((await failure(openSession(migan, []))).message).toBe(
      'no execution provider was given to run the model on',
    );
  });
});

describe('damaged and missing model files', () => {
  it.each([
    ['random bytes', () => randomBytes(4096)],
    ['text', () => Buffer.from('this is not a model, just some words in a file\n'.repeat(20))],
    ['a truncated model', () => lama512StandIn().subarray(0, 97)],
    ['a model cut short by a byte', () => miganStandIn().subarray(0, miganStandIn().length - 1)],
  ])('%s: "… is not a valid ONNX model: …" naming the file', async (_name, bytes) => {
    const path = join(dir.path, 'damaged.onnx');
    writeFileSync(path, bytes());
    const { code, message } = await failure(openSession(path, ['cpu']));
    expect(code).toBe('invalid_argument');
    expect(message.startsWith(`${path} is not a valid ONNX model: `)).toBe(true);
    expect(message.length).toBeGreaterThan(`${path} is not a valid ONNX model: `.length);
  });

  it("a well-formed protobuf that holds no graph: onnxruntime's reason, without its source location", async () => {
    const path = writeModel(dir.path, 'graphless.onnx', graphlessModel());
    expect((await failure(openSession(path, ['cpu']))).message).toBe(
      `${path} is not a valid ONNX model: ModelProto does not have a graph.`,
    );
  });

  it('a damaged file is refused at once, not retried on every provider', async () => {
    const path = writeModel(dir.path, 'garbage.onnx', randomBytes(512));
    const create = vi.fn<CreateSession>(async () => {
      throw new Error(`Load model from ${path} failed:Protobuf parsing failed.`);
    });
    const { message } = await failure(
      openSession(path, ['cuda', 'cpu'], { create, available: everyProvider }),
    );
    expect(message).toBe(`${path} is not a valid ONNX model: Protobuf parsing failed.`);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('an empty file', async () => {
    const path = writeModel(dir.path, 'empty.onnx', new Uint8Array(0));
    expect((await failure(openSession(path, ['cpu']))).message).toBe(
      `${path} is not a valid ONNX model: the file is empty`,
    );
  });

  it('a missing file and a folder', async () => {
    const missing = join(dir.path, 'nowhere.onnx');
    expect(await failure(openSession(missing, ['cpu']))).toEqual({
      code: 'not_found',
      message: `the model file ${missing} does not exist`,
    });
    const folder = join(dir.path, 'folder.onnx');
    mkdirSync(folder);
    expect((await failure(openSession(folder, ['cpu']))).message).toBe(
      `the model path ${folder} is not a file`,
    );
  });
});

describe('the session cache', () => {
  function counting(): { options: OpenOptions; created: FakeSession[]; calls: () => number } {
    const created: FakeSession[] = [];
    const create: CreateSession = async () => {
      const fake = fakeSession();
      created.push(fake);
      return fake.session;
    };
    return { options: { create, available: everyProvider }, created, calls: () => created.length };
  }

  it('loads a model once per provider list and returns the same session after', async () => {
    const cache = new SessionCache();
    try {
      const first = await cache.open(migan, ['cuda', 'cpu']);
      const again = await cache.open(migan, ['cuda', 'cpu']);
      expect(again.session).toBe(first.session);
      expect(again.provider).toBe('cpu');
      const otherList = await cache.open(migan, ['cpu']);
      expect(otherList.session).not.toBe(first.session);
      expect(cache.size).toBe(2);
    } finally {
      await cache.release();
    }
    expect(cache.size).toBe(0);
  });

  it('two calls at once share one load', async () => {
    const { options, calls } = counting();
    const cache = new SessionCache(options);
    const [a, b] = await Promise.all([cache.open(migan, ['cpu']), cache.open(migan, ['cpu'])]);
    expect(a.session).toBe(b.session);
    expect(calls()).toBe(1);
  });

  it('releases the least recently used session beyond its capacity', async () => {
    const { options, created } = counting();
    const cache = new SessionCache({ ...options, capacity: 2 });
    await cache.open(migan, ['cpu']); // 0
    await cache.open(lama, ['cpu']); // 1
    await cache.open(migan, ['cpu']); // used again: lama is now the oldest
    await cache.open(migan, ['cuda', 'cpu']); // 2, evicts lama
    expect(created.map((c) => c.released())).toEqual([false, true, false]);
    expect(cache.size).toBe(2);
    await cache.release();
    expect(created.map((c) => c.released())).toEqual([true, true, true]);
  });

  it('reloads a model file that was replaced, and closes the old session', async () => {
    const { options, created } = counting();
    const cache = new SessionCache(options);
    const path = writeModel(dir.path, 'replaced.onnx', miganStandIn());
    const first = await cache.open(path, ['cpu']);
    writeFileSync(path, lama512StandIn());
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const second = await cache.open(path, ['cpu']);
    expect(second.session).not.toBe(first.session);
    expect(created[0]!.released()).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('a load that failed is not cached: the next call tries again', async () => {
    let attempt = 0;
    const create: CreateSession = async () => {
      attempt++;
      if (attempt === 1) throw new Error('out of device memory');
      return fakeSession().session;
    };
    const cache = new SessionCache({ create, available: everyProvider });
    expect((await failure(cache.open(migan, ['cpu']))).code).toBe('unavailable');
    expect(cache.size).toBe(0);
    await expect(cache.open(migan, ['cpu'])).resolves.toMatchObject({ provider: 'cpu' });
  });

  it('a provider that fails while running falls back to the next and reports it', async () => {
    const sessions: Record<string, FakeSession> = {};
    const create: CreateSession = async (_path, options) => {
      const provider = String(options.executionProviders![0]) as ExecutionProviderName;
      sessions[provider] = fakeSession(async () => {
        if (provider === 'dml') throw new Error('DML: the operator is not supported');
        return {};
      });
      return sessions[provider].session;
    };
    const cache = new SessionCache({ create, available: everyProvider });
    expect((await cache.open(lama, ['dml', 'cpu'])).provider).toBe('dml');
    const result = await cache.run(lama, ['dml', 'cpu'], {});
    expect(result.provider).toBe('cpu');
    expect(sessions.dml!.released()).toBe(true);
    const reopened = await cache.open(lama, ['dml', 'cpu']);
    expect(reopened.provider).toBe('cpu');
    expect(reopened.fallbacks[0]).toEqual({
      provider: 'dml',
      reason: 'failed while running: DML: the operator is not supported',
    });
    // The failed provider is not tried again for this model.
    expect((await cache.run(lama, ['dml', 'cpu'], {})).provider).toBe('cpu');
  });

  it('a failure on the last provider is the error', async () => {
    const create: CreateSession = async () =>
      fakeSession(async () => {
        throw new Error('input "image" has the wrong size');
      }).session;
    const cache = new SessionCache({ create, available: everyProvider });
    expect(await failure(cache.run(lama, ['cpu'], {}))).toEqual({
      code: 'job_failed',
      message: 'lama.onnx failed on cpu: input "image" has the wrong size',
    });
  });

  it('runs a real stand-in and converts tensors both ways', async () => {
    const cache = new SessionCache();
    try {
      const image = new Uint8Array([10, 20, 30, 40, 50, 60]);
      const mask = new Uint8Array([255, 0]);
      const { outputs, provider } = await cache.run(migan, ['cuda', 'cpu'], {
        image: { type: 'uint8', data: image, dims: [1, 3, 1, 2] },
        mask: { type: 'uint8', data: mask, dims: [1, 1, 1, 2] },
      });
      expect(provider).toBe('cpu');
      expect(outputs.result!.type).toBe('uint8');
      expect(outputs.result!.dims).toEqual([1, 3, 1, 2]);
      expect([...outputs.result!.data]).toEqual([10, 200, 30, 200, 50, 200]);
    } finally {
      await cache.release();
    }
  });

  it('refuses a capacity below one', () => {
    expect(() => new SessionCache({ capacity: 0 })).toThrow('capacity must be a whole number ≥ 1');
  });
});
