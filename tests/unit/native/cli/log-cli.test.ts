import { captureOutput } from '../../../helpers/capture';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../../native/cli/main';
import { ProjectSession } from '../../../../native/project/session';
import { Sqlite } from '../../../../native/project/sqlite';
import type { Document } from '../../../../native/model/document';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const path = join(dir.path, 'campaign.atelier');
let saved: Document;
let afterFirstLayerSeq = 0;

beforeAll(async () => {
  const session = ProjectSession.createNew(
    { userDataDir: join(dir.path, 'ud'), appVersion: 'test' },
    { name: 'Campaign', canvas: { name: 'Feed', width: 1080, height: 1080, placement: 'square' } },
  );
  const canvasId = session.doc.canvasOrder[0]!;
  const layer = (id: `layer:${string}`) => ({
    id,
    canvasId,
    parentId: null,
    name: 'Shape',
    visible: true,
    locked: false,
    opacity: 1,
    blendMode: 'normal' as const,
    transform: { x: 0, y: 0, width: 10, height: 10, rotation: 0, flipX: false, flipY: false },
    type: 'shape' as const,
    shape: 'rect' as const,
    fill: '#00ff00',
    stroke: null,
    cornerRadius: 0,
  });
  session.apply({ kind: 'command', command: { type: 'layer.add', args: { layer: layer('layer:one') } } });
  afterFirstLayerSeq = session.log.lastSeq;
  session.apply({ kind: 'command', command: { type: 'layer.add', args: { layer: layer('layer:two') } } });
  session.apply({ kind: 'undo' });
  session.apply({ kind: 'redo' });
  await session.saveAs(path);
  saved = session.doc;
  session.close();
});
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

const capture = captureOutput;

describe('atelier log verify', () => {
  it('says ok with the number of events for an intact log', async () => {
    const io = capture();
    expect(await main(['log', 'verify', path])).toBe(0);
    expect(io.out()).toMatch(/^ok: \d+ events\n$/);
  });

  it('names the first bad event of a tampered copy and exits non-zero', async () => {
    const copy = join(dir.path, 'tampered.atelier');
    writeFileSync(copy, readFileSync(path));
    const db = new Sqlite(copy);
    const row = db.get<{ event: string }>('SELECT event FROM log WHERE seq = 3')!;
    db.run('UPDATE log SET event = ? WHERE seq = 3', [
      row.event.replace('"type":"command"', '"type":"undo"'),
    ]);
    db.close();
    const io = capture();
    expect(await main(['log', 'verify', copy])).toBe(1);
    expect(io.out()).toMatch(/^bad: seq 3: event 3 was changed after it was written/);
  });
});

describe('atelier log export', () => {
  it('writes JSON lines and CSV, one per event, without replay payloads', async () => {
    capture();
    const jsonl = join(dir.path, 'log.jsonl');
    const csv = join(dir.path, 'log.csv');
    expect(await main(['log', 'export', path, '--format', 'jsonl', '--out', jsonl])).toBe(0);
    expect(await main(['log', 'export', path, '--format', 'csv', '--out', csv])).toBe(0);
    const lines = readFileSync(jsonl, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.type)).toEqual([
      'project.created',
      'session.started',
      'command',
      'command',
      'undo',
      'redo',
      'project.saved',
      'session.ended',
    ]);
    expect(lines.every((e) => !('payload' in e))).toBe(true);
    expect(readFileSync(csv, 'utf8').trimEnd().split('\n')).toHaveLength(lines.length + 1);
  });

  it('refuses a bad format or a file that is not a project', async () => {
    const io = capture();
    expect(await main(['log', 'export', path, '--format', 'xml'])).toBe(2);
    expect(io.err()).toMatch(/--format must be jsonl or csv, not "xml"/);
    const text = join(dir.path, 'notes.atelier');
    writeFileSync(text, 'hello');
    expect(await main(['log', 'verify', text])).toBe(1);
    expect(io.err()).toMatch(/notes\.atelier is not an Atelier project/);
  });
});

describe('atelier replay', () => {
  it('rebuilds the saved document from the whole log', async () => {
    capture();
    const out = join(dir.path, 'doc.json');
    expect(await main(['replay', path, '--out', out])).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(saved);
  });

  it('rebuilds the document as it stood at any event', async () => {
    capture();
    const out = join(dir.path, 'doc-early.json');
    expect(await main(['replay', path, '--to', String(afterFirstLayerSeq), '--out', out])).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Document;
    expect(Object.keys(doc.layers)).toEqual(['layer:one']);
  });

  it('refuses a missing --out, a bad --to, or one past the end', async () => {
    const io = capture();
    expect(await main(['replay', path])).toBe(2);
    expect(await main(['replay', path, '--to', 'ten', '--out', join(dir.path, 'x.json')])).toBe(2);
    expect(await main(['replay', path, '--to', '9999', '--out', join(dir.path, 'x.json')])).toBe(2);
    expect(io.err()).toMatch(/--to 9999 is past the end of the log/);
  });
});
