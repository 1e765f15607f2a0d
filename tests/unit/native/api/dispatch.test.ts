import { describe, expect, it } from 'vitest';
import { createDispatcher, type StudioHandlers } from '../../../../native/api/dispatch';
import { StudioError } from '../../../../native/api/errors';
import { methodNames } from '../../../../native/api/contract';

const ctx = { origin: 'test' as const };

function handlers(overrides: Partial<StudioHandlers> = {}): StudioHandlers {
  const notUsed = () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(methodNames().map((m) => [m, notUsed])) as unknown as StudioHandlers;
  return { ...all, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected the call to fail');
}

describe('createDispatcher', () => {
  it('runs a method with validated arguments and returns its checked result', async () => {
    const d = createDispatcher(
      handlers({ 'jobs.cancel': ({ jobId }) => ({ cancelled: jobId === 'job:abc' }) }),
    );
    await expect(d.call('jobs.cancel', { jobId: 'job:abc' }, ctx)).resolves.toEqual({ cancelled: true });
  });

  it('names the offending field when an argument has the wrong type', async () => {
    const d = createDispatcher(handlers());
    const e = await failure(d.call('jobs.cancel', { jobId: 42 }, ctx));
    expect(e.code).toBe('invalid_argument');
    expect(e.field).toBe('args.jobId');
    expect(e.message).toMatch(/^jobs\.cancel: args\.jobId: /);
  });

  it('refuses out-of-range values and unknown fields', async () => {
    const d = createDispatcher(handlers({ 'settings.set': () => ({}) as never }));
    const range = await failure(d.call('settings.set', { autosaveSeconds: 1 }, ctx));
    expect(range.field).toBe('args.autosaveSeconds');
    const extra = await failure(d.call('settings.set', { colour: 'red' }, ctx));
    expect(extra.code).toBe('invalid_argument');
    expect(extra.message).toMatch(/colour/);
  });

  it('names nested fields of a job submission', async () => {
    const d = createDispatcher(handlers());
    const e = await failure(
      d.call(
        'jobs.submit',
        { kind: 'thumbnail', args: { source: { type: 'path', path: 'a.png' }, maxSize: 99999 } },
        ctx,
      ),
    );
    expect(e.field).toBe('args.args.maxSize');
    const kind = await failure(d.call('jobs.submit', { kind: 'teleport', args: {} }, ctx));
    expect(kind.field).toBe('args.kind');
  });

  it('answers unknown methods, including prototype names, with unknown_method', async () => {
    const d = createDispatcher(handlers());
    for (const name of ['nope.nothing', 'app.toString', 'constructor', '__proto__.x', 'app']) {
      expect((await failure(d.call(name, {}, ctx))).code).toBe('unknown_method');
    }
  });

  it('accepts no arguments for argument-free methods but refuses stray ones', async () => {
    const d = createDispatcher(handlers({ 'recent.list': () => [] }));
    await expect(d.call('recent.list', undefined, ctx)).resolves.toEqual([]);
    await expect(d.call('recent.list', {}, ctx)).resolves.toEqual([]);
    expect((await failure(d.call('recent.list', { all: true }, ctx))).code).toBe('invalid_argument');
  });

  it('reports a handler that returns a malformed result as an internal error, not a crash', async () => {
    const d = createDispatcher(handlers({ 'recent.list': () => [{ path: 7 }] as never }));
    const e = await failure(d.call('recent.list', undefined, ctx));
    expect(e.code).toBe('internal');
    expect(e.message).toMatch(/malformed result/);
  });

  it('keeps the code of a StudioError thrown by a handler and wraps other errors', async () => {
    const d = createDispatcher(
      handlers({
        'jobs.get': () => {
          throw new StudioError('not_found', 'no job job:x');
        },
        'jobs.list': () => {
          throw new TypeError('boom');
        },
      }),
    );
    expect((await failure(d.call('jobs.get', { jobId: 'job:x' }, ctx))).code).toBe('not_found');
    const wrapped = await failure(d.call('jobs.list', undefined, ctx));
    expect([wrapped.code, wrapped.message]).toEqual(['internal', 'boom']);
  });
});
