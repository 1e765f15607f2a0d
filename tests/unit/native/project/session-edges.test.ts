// The edges a review found: stale write-ahead logs, recovering when the file moved on, replay
// after discarded edits, a log cut off at the end, recovering over unsaved work.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectSession, type SessionOptions } from '../../../../native/project/session';
import { inspectProjectFile } from '../../../../native/project/project-file';
import { Sqlite } from '../../../../native/project/sqlite';
import { verifyLog } from '../../../../native/feedback/verify';
import { createEngine } from '../../../../native/studio/engine';
import type { StudioError } from '../../../../native/api/errors';
import { shapeLayer } from '../../../helpers/layers';
import { realWorker } from '../../../helpers/engine';
import { replayFile } from '../../../helpers/replay-file';
import { tempDir } from '../../../helpers/temp';

const dirs: { path: string; cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function setup() {
  const dir = tempDir();
  dirs.push(dir);
  const options: SessionOptions = { userDataDir: join(dir.path, 'userdata'), appVersion: 'test' };
  return { dir: dir.path, options };
}
const addBox = (s: ProjectSession, id: string) =>
  expect(
    s.apply({
      kind: 'command',
      command: { type: 'layer.add', args: { layer: shapeLayer(id, s.doc.canvasOrder[0]!) } },
    }).ok,
  ).toBe(true);
const newProject = (options: SessionOptions, name = 'P') =>
  ProjectSession.createNew(options, {
    name,
    canvas: { name: 'A', width: 100, height: 100, placement: null },
  });

describe('save as', () => {
  it('over a file left with a stale write-ahead log, keeps the new project', async () => {
    const { dir, options } = setup();
    const old = newProject(options, 'Old');
    const x = join(dir, 'x.atelier');
    await old.saveAs(x);
    addBox(old, 'layer:old');
    old.save();
    // Copy the file mid-session, write-ahead log and all: a crash would leave the same.
    const y = join(dir, 'y.atelier');
    copyFileSync(x, y);
    if (existsSync(`${x}-wal`)) copyFileSync(`${x}-wal`, `${y}-wal`);
    old.close();
    const fresh = newProject(options, 'Fresh');
    addBox(fresh, 'layer:fresh');
    await fresh.saveAs(y);
    fresh.close();
    expect(existsSync(`${y}-wal`)).toBe(false);
    const stored = inspectProjectFile(y);
    expect(stored.doc.name).toBe('Fresh');
    expect(Object.keys(stored.doc.layers)).toEqual(['layer:fresh']);
    expect(replayFile(y)).toMatchObject({ doc: stored.doc, verified: { ok: true } });
  });
});

describe('replay', () => {
  it('of the whole log gives the saved document after edits were thrown away at close', async () => {
    const { dir, options } = setup();
    const s = newProject(options);
    const path = join(dir, 'p.atelier');
    await s.saveAs(path);
    addBox(s, 'layer:kept');
    s.save();
    const saved = s.doc;
    addBox(s, 'layer:thrown-away');
    s.close({ discard: true });
    expect(replayFile(path)).toMatchObject({ doc: saved, verified: { ok: true } });
  });

  it('verify finds a log cut off before the event of the saved document', async () => {
    const { dir, options } = setup();
    const s = newProject(options);
    const path = join(dir, 'p.atelier');
    await s.saveAs(path);
    addBox(s, 'layer:a');
    s.save();
    s.close();
    const db = new Sqlite(path);
    const saved = db.value<number>('SELECT log_seq FROM document')!;
    db.run('DELETE FROM log WHERE seq >= ?', [saved]);
    const result = verifyLog(db);
    db.close();
    expect(result).toMatchObject({ ok: false, seq: saved });
    expect(result.ok || result.problem).toMatch(/cut off/);
  });
});

describe('recovery', () => {
  async function crashedAfterEdit(dir: string, options: SessionOptions) {
    const s = newProject(options, 'Crashed');
    const path = join(dir, 'crashed.atelier');
    await s.saveAs(path);
    addBox(s, 'layer:unsaved');
    s.autosave(); // …and the process dies here: no close
    return { path, entry: ProjectSession.listRecoverable(options.userDataDir)[0]! };
  }

  it('when the file is gone, recovers as an unsaved project whose log replays after the next save', async () => {
    const { dir, options } = setup();
    const { path, entry } = await crashedAfterEdit(dir, options);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    const recovered = ProjectSession.recover(entry.recoveryPath, options);
    expect(recovered.path).toBeNull();
    expect(recovered.problem).toMatch(/crashed\.atelier could not be used .*recovered as an unsaved project/);
    expect(recovered.doc.layers['layer:unsaved']).toBeDefined();
    const elsewhere = join(dir, 'rescued.atelier');
    await recovered.saveAs(elsewhere);
    recovered.close();
    expect(replayFile(elsewhere)).toMatchObject({
      doc: inspectProjectFile(elsewhere).doc,
      verified: { ok: true },
    });
  });

  it('when another project was saved at that path since, does not adopt it', async () => {
    const { dir, options } = setup();
    const { path, entry } = await crashedAfterEdit(dir, options);
    const other = newProject(options, 'Other');
    const otherPath = join(dir, 'other.atelier');
    await other.saveAs(otherPath);
    other.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    copyFileSync(otherPath, path);
    const recovered = ProjectSession.recover(entry.recoveryPath, options);
    expect(recovered.path).toBeNull();
    expect(recovered.problem).toMatch(/another project is saved there now/);
    expect(inspectProjectFile(path).doc.name).toBe('Other');
    recovered.close({ discard: true });
  });

  it('is refused while the open project has unsaved changes, and the work stays recoverable', async () => {
    const { dir, options } = setup();
    await crashedAfterEdit(dir, options);
    const engine = createEngine({
      mode: 'web',
      userDataDir: options.userDataDir,
      fileRoot: dir,
      spawnJobProcess: realWorker,
    });
    const call = (m: string, a?: unknown) => engine.dispatcher.call(m, a, { origin: 'test' });
    try {
      const [entry] = (await call('project.recoverable')) as { id: string }[];
      await call('project.new');
      await call('project.edit', {
        edit: { kind: 'command', command: { type: 'project.rename', args: { name: 'Busy' } } },
        revision: 0,
      });
      const error = (await call('project.recover', { id: entry!.id }).catch(
        (e: StudioError) => e,
      )) as StudioError;
      expect(error.code).toBe('conflict');
      expect(await call('project.recoverable')).toEqual([expect.objectContaining({ id: entry!.id })]);
    } finally {
      engine.close();
    }
  });
});
