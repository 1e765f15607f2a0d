import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsStore } from '../../../../native/studio/settings';
import { RecentProjects } from '../../../../native/project/recent';
import { tempDir } from '../../../helpers/temp';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};

describe('settings', () => {
  it('starts from defaults and keeps changes across restarts', async () => {
    const dir = fresh();
    const first = new SettingsStore(dir);
    expect((await first.get()).autosaveSeconds).toBe(30);
    await first.set({ autosaveSeconds: 60, theme: 'light' });
    const again = await new SettingsStore(dir).get();
    expect(again).toMatchObject({ autosaveSeconds: 60, theme: 'light', modelsDir: null });
  });

  it('never silently overwrites a damaged settings file: it is moved aside first', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), '{ this is not json');
    const store = new SettingsStore(dir);
    expect((await store.get()).theme).toBe('dark');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{ this is not json');
    await store.set({ theme: 'light' });
    const kept = readdirSync(dir).find((n) => n.startsWith('settings.damaged-'));
    expect(kept && readFileSync(join(dir, kept), 'utf8')).toBe('{ this is not json');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).theme).toBe('light');
  });
});

describe('recent projects', () => {
  it('lists the most recent first, without duplicates, and forgets on request', async () => {
    const recent = new RecentProjects(fresh());
    await recent.add('/work/a.atelier');
    await recent.add('/work/b.atelier');
    const list = await recent.add('/work/a.atelier');
    expect(list.map((r) => [r.name, r.path])).toEqual([
      ['a', '/work/a.atelier'],
      ['b', '/work/b.atelier'],
    ]);
    expect((await recent.remove('/work/a.atelier')).map((r) => r.name)).toEqual(['b']);
    expect(await recent.clear()).toEqual([]);
  });
});
