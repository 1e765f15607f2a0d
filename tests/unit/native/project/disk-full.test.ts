// Disk full: a real, tiny filesystem (tmpfs). Saving there fails with a clear message, the
// original file is untouched, and the studio goes on and can save elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inspectProjectFile } from '../../../../native/project/project-file';
import { ProjectSession } from '../../../../native/project/session';
import { StudioError } from '../../../../native/api/errors';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir('atelier-full-');
const tiny = join(dir.path, 'tiny');
let mounted = false;
let mountProblem = '';

beforeAll(() => {
  mkdirSync(tiny);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', tiny], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    mountProblem = String((error as Error).message);
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', tiny]);
  dir.cleanup();
});

const options = { userDataDir: join(dir.path, 'userdata'), appVersion: 'test' };

function bigAsset(session: ProjectSession) {
  const asset = session.importAsset({
    bytes: randomBytes(600 * 1024),
    name: 'huge.png',
    kind: 'image',
    mime: 'image/png',
    provenance: { type: 'imported', fileName: 'huge.png' },
  });
  expect(session.apply({ kind: 'command', command: { type: 'asset.add', args: { asset } } }).ok).toBe(true);
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<StudioError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected the save to fail');
}

describe('a full disk', () => {
  it('needs a tiny filesystem (tmpfs, as root)', () => {
    expect(mounted, `mount failed: ${mountProblem}`).toBe(true);
  });

  it('refuses "save as" onto it clearly, leaves nothing behind, and saving elsewhere works', async () => {
    const session = ProjectSession.createNew(options, {
      name: 'Big',
      canvas: { name: 'A', width: 100, height: 100, placement: null },
    });
    bigAsset(session);
    const e = await failure(session.saveAs(join(tiny, 'big.atelier')));
    expect(e.message).toMatch(/^Not enough disk space to save big\.atelier: nothing was changed/);
    expect(readdirSync(tiny)).toEqual([]);
    expect(session.dirty).toBe(true);
    const elsewhere = join(dir.path, 'big.atelier');
    await session.saveAs(elsewhere);
    expect(inspectProjectFile(elsewhere).doc).toEqual(session.doc);
    session.close();
  });

  it('refuses an in-place save that does not fit, and the file keeps its last saved document', async () => {
    const session = ProjectSession.createNew(options, {
      name: 'Small',
      canvas: { name: 'A', width: 100, height: 100, placement: null },
    });
    const path = join(tiny, 'small.atelier');
    await session.saveAs(path);
    const saved = session.doc;
    const before = readFileSync(path);
    bigAsset(session);
    const e = await failure(() => session.save());
    expect(e.message).toMatch(/^Not enough disk space to save small\.atelier/);
    expect(inspectProjectFile(path).doc).toEqual(saved);
    expect(readFileSync(path).length).toBeLessThanOrEqual(before.length + 64 * 1024);
    // The studio goes on: the work is still there and can be saved elsewhere.
    const elsewhere = join(dir.path, 'small-copy.atelier');
    await session.saveAs(elsewhere);
    expect(Object.keys(inspectProjectFile(elsewhere).doc.assets)).toHaveLength(1);
    session.close();
    expect(existsSync(elsewhere)).toBe(true);
  });

  it('undoes an edit whose log event cannot be written, so the document never holds what the log lacks', async () => {
    const session = ProjectSession.createNew(options, {
      name: 'Edge',
      canvas: { name: 'A', width: 100, height: 100, placement: null },
    });
    const path = join(tiny, 'edge.atelier');
    await session.saveAs(path);
    const { writeFileSync, rmSync } = await import('node:fs');
    const filler = join(tiny, 'filler');
    // Fill the disk to the last byte.
    let size = 64 * 1024;
    for (let n = 0; size >= 1 && n < 10_000; n++) {
      try {
        writeFileSync(`${filler}-${n}`, Buffer.alloc(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
    const before = session.doc;
    const revision = session.revision;
    let refused: StudioError | null = null;
    let lastKept = before.name;
    let keptRevision = revision;
    for (let i = 0; i < 2000 && !refused; i++) {
      try {
        session.apply({ kind: 'command', command: { type: 'project.rename', args: { name: `Name ${i}` } } });
        lastKept = `Name ${i}`;
        keptRevision = session.revision;
      } catch (error) {
        refused = error as StudioError;
      }
    }
    expect(refused?.message).toMatch(/^Not enough disk space to record the change in edge\.atelier/);
    // The refused rename is not in the document, nor counted, nor on the undo list.
    expect(session.doc.name).toBe(lastKept);
    expect(session.revision).toBe(keptRevision);
    expect(session.editor.redoLabels).toEqual([]);
    for (const name of readdirSync(tiny).filter((n) => n.startsWith('filler'))) rmSync(join(tiny, name));
    // With room again, editing and saving go on, and the log still replays to the document.
    session.apply({ kind: 'command', command: { type: 'project.rename', args: { name: 'After' } } });
    session.save();
    session.close();
    const { Sqlite } = await import('../../../../native/project/sqlite');
    const { readEvents } = await import('../../../../native/feedback/log');
    const { replay } = await import('../../../../native/feedback/replay');
    const db = new Sqlite(path, { readonly: true });
    expect(replay(readEvents(db)).doc).toEqual(inspectProjectFile(path).doc);
    db.close();
  });
});
