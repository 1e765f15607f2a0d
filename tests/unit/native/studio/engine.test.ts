import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../../../native/studio/engine';
import type { StudioError } from '../../../../native/api/errors';
import { realWorker } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(join(root, 'projects'), { recursive: true });
writeFileSync(join(root, 'projects', 'old.atelier'), 'x');
const engine = createEngine({
  mode: 'web',
  userDataDir: join(dir.path, 'data'),
  fileRoot: root,
  spawnJobProcess: realWorker,
});
const call = (method: string, args?: unknown) => engine.dispatcher.call(method, args, { origin: 'test' });
afterAll(() => {
  engine.close();
  dir.cleanup();
});

describe('the composed engine', () => {
  it('reports app info with the CPU execution provider available', async () => {
    const info = (await call('app.info')) as {
      executionProviders: { name: string; available: boolean }[];
      mode: string;
    };
    expect(info.mode).toBe('web');
    expect(info.executionProviders.find((p) => p.name === 'cpu')?.available).toBe(true);
  });

  it('announces settings changes to every client', async () => {
    const seen: unknown[] = [];
    const off = engine.events.subscribe(
      (event, payload) => event === 'settings.changed' && seen.push(payload),
    );
    await call('settings.set', { autosaveSeconds: 45 });
    off();
    expect(seen).toEqual([expect.objectContaining({ autosaveSeconds: 45 })]);
    expect(await call('settings.get')).toMatchObject({ autosaveSeconds: 45 });
  });

  it('changes only the settings named in each change, even when changes overlap', async () => {
    await call('settings.set', { theme: 'light' });
    await call('settings.set', { autosaveSeconds: 90 });
    expect(await call('settings.get')).toMatchObject({ theme: 'light', autosaveSeconds: 90 });
    await Promise.all([
      call('settings.set', { theme: 'dark' }),
      call('settings.set', { modelsDir: join(root, 'projects') }),
    ]);
    expect(await call('settings.get')).toMatchObject({
      theme: 'dark',
      modelsDir: join(root, 'projects'),
      autosaveSeconds: 90,
    });
    await Promise.all([
      call('recent.add', { path: '/a.atelier' }),
      call('recent.add', { path: '/b.atelier' }),
    ]);
    expect(((await call('recent.list')) as { path: string }[]).map((r) => r.path).sort()).toEqual([
      '/a.atelier',
      '/b.atelier',
    ]);
  });

  it('resolves a save location inside the root and says whether it would overwrite', async () => {
    expect(await call('files.resolveSave', { dir: join(root, 'projects'), name: 'new.atelier' })).toEqual({
      path: join(root, 'projects', 'new.atelier'),
      exists: false,
    });
    expect(
      await call('files.resolveSave', { dir: join(root, 'projects'), name: 'old.atelier' }),
    ).toMatchObject({ exists: true });
    for (const [args, code] of [
      [{ dir: '/tmp', name: 'x.atelier' }, 'forbidden'],
      [{ dir: join(root, 'projects'), name: '../x.atelier' }, 'invalid_argument'],
      [{ dir: join(root, 'projects'), name: '..' }, 'invalid_argument'],
    ] as const) {
      const error = await call('files.resolveSave', args).catch((e: StudioError) => e);
      expect((error as StudioError).code).toBe(code);
    }
  });
});
