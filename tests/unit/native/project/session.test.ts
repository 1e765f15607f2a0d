import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectSession, type SessionOptions } from '../../../../native/project/session';
import { Sqlite } from '../../../../native/project/sqlite';
import type { Command } from '../../../../native/model/commands/index';
import { StudioError } from '../../../../native/api/errors';
import { shapeLayer } from '../../../helpers/layers';
import { replayFile } from '../../../helpers/replay-file';
import { tempDir } from '../../../helpers/temp';

const dirs: { path: string; cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function setup() {
  const dir = tempDir();
  dirs.push(dir);
  const options: SessionOptions = { userDataDir: join(dir.path, 'userdata'), appVersion: '0.1.0' };
  return { dir: dir.path, options };
}

function shape(session: ProjectSession, id: string): Command {
  return { type: 'layer.add', args: { layer: shapeLayer(id, session.doc.canvasOrder[0]!) } };
}

describe('a project session', () => {
  it('creates, edits, saves as, reopens the same document, and its log replays to it', async () => {
    const { dir, options } = setup();
    const session = ProjectSession.createNew(options, {
      name: 'Spring',
      canvas: { name: 'Story', width: 1080, height: 1920, placement: 'story' },
    });
    expect(session.dirty).toBe(false);
    expect(session.apply({ kind: 'command', command: shape(session, 'layer:box') }).ok).toBe(true);
    expect(session.dirty).toBe(true);
    expect(
      session.apply({
        kind: 'gesture',
        label: 'Move layer',
        commands: [
          { type: 'layer.update', args: { layerId: 'layer:box', patch: { transform: { x: 50 } } } },
          { type: 'layer.update', args: { layerId: 'layer:box', patch: { transform: { x: 70 } } } },
        ],
      }).ok,
    ).toBe(true);
    const path = join(dir, 'spring.atelier');
    await session.saveAs(path);
    expect(session.dirty).toBe(false);
    expect(session.title).toBe('spring');
    session.apply({ kind: 'undo' });
    session.save();
    const saved = session.doc;
    session.close();

    const again = ProjectSession.open(path, options);
    expect(again.doc).toEqual(saved);
    expect(again.dirty).toBe(false);
    again.close();
    const { doc, verified } = replayFile(path);
    expect(verified).toMatchObject({ ok: true });
    expect(doc).toEqual(saved);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('keeps imported assets once per hash and saves them into the file', async () => {
    const { dir, options } = setup();
    const session = ProjectSession.createNew(options, { name: 'Assets' });
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const a = session.importAsset({
      bytes,
      name: '/home/me/secret/photo.png',
      kind: 'image',
      mime: 'image/png',
      provenance: { type: 'imported', fileName: 'photo.png' },
    });
    const b = session.importAsset({
      bytes,
      name: 'again.png',
      kind: 'image',
      mime: 'image/png',
      provenance: { type: 'imported', fileName: 'again.png' },
    });
    expect(a.sha256).toBe(b.sha256);
    expect(a.name).toBe('photo.png');
    session.apply({ kind: 'command', command: { type: 'asset.add', args: { asset: a } } });
    const path = join(dir, 'assets.atelier');
    await session.saveAs(path);
    session.close();
    const db = new Sqlite(path, { readonly: true });
    expect(db.value<number>('SELECT count(*) FROM assets')).toBe(1);
    expect(db.value<Uint8Array>('SELECT data FROM assets')).toEqual(Buffer.from(bytes));
    db.close();
    const reopened = ProjectSession.open(path, options);
    expect(reopened.readAsset(a.sha256)).toEqual(Buffer.from(bytes));
    reopened.close();
  });

  it('offers unsaved work back after a session that did not end, and recovers it', async () => {
    const { dir, options } = setup();
    const path = join(dir, 'crashy.atelier');
    const first = ProjectSession.createNew(options, {
      name: 'Crashy',
      canvas: { name: 'A', width: 100, height: 100, placement: null },
    });
    await first.saveAs(path);
    first.apply({ kind: 'command', command: shape(first, 'layer:unsaved') });
    first.autosave();
    // No close: as if the app died here.
    const entries = ProjectSession.listRecoverable(options.userDataDir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ name: 'Crashy', originalPath: path });
    const recovered = ProjectSession.recover(entries[0]!.recoveryPath, options);
    expect(recovered.doc.layers['layer:unsaved']).toBeDefined();
    expect(recovered.dirty).toBe(true);
    expect(recovered.path).toBe(path);
    recovered.save();
    recovered.close();
    expect(ProjectSession.listRecoverable(options.userDataDir)).toEqual([]);
    const { doc, verified } = replayFile(path);
    expect(verified.ok).toBe(true);
    expect(doc.layers['layer:unsaved']).toBeDefined();
  });

  it('discards the recovery of a project closed without saving when asked', () => {
    const { options } = setup();
    const session = ProjectSession.createNew(options, { name: 'Gone' });
    session.close({ discard: true });
    expect(ProjectSession.listRecoverable(options.userDataDir)).toEqual([]);
  });

  it('asks for a location before the first save', () => {
    const { options } = setup();
    const session = ProjectSession.createNew(options, { name: 'New' });
    expect(() => session.save()).toThrow(/choose where to save/);
    session.close({ discard: true });
  });
});

describe('opening bad files', () => {
  async function savedProject(dir: string, options: SessionOptions): Promise<string> {
    const session = ProjectSession.createNew(options, {
      name: 'Good',
      canvas: { name: 'A', width: 100, height: 100, placement: null },
    });
    const path = join(dir, 'good.atelier');
    await session.saveAs(path);
    session.close();
    return path;
  }

  function refusal(path: string, options: SessionOptions): StudioError {
    const before = readFileSync(path);
    try {
      ProjectSession.open(path, options).close();
    } catch (error) {
      expect(error).toBeInstanceOf(StudioError);
      expect(readFileSync(path).equals(before)).toBe(true); // byte for byte untouched
      return error as StudioError;
    }
    throw new Error(`${path} opened`);
  }

  it("refuses an empty file, random bytes, a truncated project and another program's database, untouched", async () => {
    const { dir, options } = setup();
    const good = await savedProject(dir, options);
    const empty = join(dir, 'empty.atelier');
    writeFileSync(empty, '');
    expect(refusal(empty, options).message).toMatch(/empty \(0 bytes\)/);
    const noise = join(dir, 'noise.atelier');
    writeFileSync(noise, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    expect(refusal(noise, options).message).toMatch(/not an Atelier project/);
    const truncated = join(dir, 'truncated.atelier');
    const bytes = readFileSync(good);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(refusal(truncated, options).message).toMatch(/damaged: it is truncated/);
    const other = join(dir, 'other.atelier');
    const db = new Sqlite(other);
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
    db.close();
    expect(refusal(other, options).message).toMatch(/database of another program/);
  });

  it('refuses a project from a newer version with a clear message, and never writes it', async () => {
    const { dir, options } = setup();
    const path = await savedProject(dir, options);
    const db = new Sqlite(path);
    const row = db.get<{ json: string }>('SELECT json FROM document')!;
    db.run('UPDATE document SET json = ?', [JSON.stringify({ ...JSON.parse(row.json), schemaVersion: 7 })]);
    db.close();
    const e = refusal(path, options);
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/newer version of Atelier \(document schema 7/);
  });

  it('reports a document whose references are broken as damaged', async () => {
    const { dir, options } = setup();
    const path = await savedProject(dir, options);
    const db = new Sqlite(path);
    const doc = JSON.parse(db.get<{ json: string }>('SELECT json FROM document')!.json);
    doc.canvasOrder.push('canvas:ghost');
    db.run('UPDATE document SET json = ?', [JSON.stringify(doc)]);
    db.close();
    expect(refusal(path, options).message).toMatch(/damaged: canvasOrder lists missing canvas:ghost/);
  });
});
