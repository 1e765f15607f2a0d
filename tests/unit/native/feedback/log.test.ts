import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FeedbackLog, newSession, readEvents, readRows } from '../../../../native/feedback/log';
import { verifyLog, verifyRows } from '../../../../native/feedback/verify';
import { toCsv, toJsonl } from '../../../../native/feedback/export';
import { Sqlite } from '../../../../native/project/sqlite';
import { sanitizeArgs } from '../../../../native/model/sanitize';
import { tempDir } from '../../../helpers/temp';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function logWith(n: number) {
  const dir = tempDir();
  dirs.push(dir);
  const db = new Sqlite(join(dir.path, 'log.db'));
  const log = new FeedbackLog(db, newSession('P-017', 'B'));
  for (let i = 0; i < n; i++) {
    log.append({
      type: 'command',
      name: 'layer.update',
      targetIds: ['layer:a'],
      args: { layerId: 'layer:a', patch: { opacity: i / n } },
    });
  }
  return { db, log };
}

const tamper = (db: Sqlite, seq: number, change: (e: Record<string, unknown>) => void) => {
  const row = db.get<{ event: string }>('SELECT event FROM log WHERE seq = ?', [seq])!;
  const event = JSON.parse(row.event);
  change(event);
  db.run('UPDATE log SET event = ? WHERE seq = ?', [JSON.stringify(event), seq]);
};

describe('the edit log', () => {
  it('numbers events, records session, participant and condition, and verifies', () => {
    const { db } = logWith(10);
    const events = readEvents(db);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events[0]).toMatchObject({
      participantId: 'P-017',
      condition: 'B',
      type: 'command',
      name: 'layer.update',
    });
    expect(events[0]!.sessionId).toMatch(/^session:/);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[9]!.monoTime).toBeGreaterThanOrEqual(events[0]!.monoTime);
    expect(verifyLog(db)).toEqual({ ok: true, count: 10 });
  });

  it('carries on the chain after reopening', () => {
    const { db, log } = logWith(3);
    const again = new FeedbackLog(db, newSession());
    expect(again.append({ type: 'undo' }).seq).toBe(4);
    expect(verifyLog(db)).toEqual({ ok: true, count: 4 });
    expect(log.lastSeq).toBe(3);
  });

  it('detects a missing event', () => {
    const { db } = logWith(10);
    db.run('DELETE FROM log WHERE seq = 6');
    expect(verifyLog(db)).toMatchObject({
      ok: false,
      seq: 6,
      problem: 'event 6 is missing (the next one is 7)',
    });
  });

  it('detects an edited event', () => {
    const { db } = logWith(10);
    tamper(db, 4, (e) => ((e.args as { patch: { opacity: number } }).patch.opacity = 0.99));
    expect(verifyLog(db)).toMatchObject({
      ok: false,
      seq: 4,
      problem: 'event 4 was changed after it was written',
    });
  });

  it('detects reordered events', () => {
    const { db } = logWith(10);
    const rows = readRows(db);
    const swapped = rows.map((r) => ({ ...r }));
    [swapped[2]!.event, swapped[3]!.event] = [swapped[3]!.event, swapped[2]!.event];
    expect(verifyRows(swapped)).toMatchObject({ ok: false, seq: 3 });
  });

  it('detects an event rewritten with a fresh hash (the chain breaks after it)', async () => {
    const { db } = logWith(10);
    const { eventHash } = await import('../../../../native/feedback/hash');
    tamper(db, 4, (e) => {
      e.name = 'layer.remove';
      e.hash = eventHash(e as never);
    });
    expect(verifyLog(db)).toMatchObject({ ok: false, seq: 5 });
  });
});

describe('exports', () => {
  it('writes JSON lines without the replay payload', () => {
    const { db } = logWith(3);
    const lines = [...toJsonl(readEvents(db))];
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!);
    expect(first).not.toHaveProperty('payload');
    expect(first).toMatchObject({ seq: 1, type: 'command', targetIds: ['layer:a'] });
  });

  it('writes flat CSV: one row per event, one column per argument, quoted where needed', () => {
    const { db, log } = logWith(2);
    log.append({
      type: 'command',
      name: 'layer.group',
      targetIds: ['layer:a', 'layer:b'],
      args: { layerIds: ['layer:a', 'layer:b'] },
    });
    const csv = [...toCsv(readEvents(db))].join('');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'seq,wall_time,wall_time_ms,mono_time_ms,session_id,participant_id,condition,type,name,target_ids,duration_ms,prev_hash,hash,args.layerId,args.layerIds,args.patch.opacity',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(
      /^2,\d{4}-\d\d-\d\dT[^,]+,\d+,[\d.]+,session:[^,]+,P-017,B,command,layer\.update,layer:a,,[0-9a-f]{64},[0-9a-f]{64},layer:a,,0\.5$/,
    );
    expect(lines[3]).toMatch(/,layer\.group,layer:a layer:b,.*,,"\[""layer:a"",""layer:b""\]",$/);
  });
});

describe('sanitized arguments', () => {
  it("keep ids, numbers, colours and the studio's own words, and never text, bytes or paths", () => {
    const out = sanitizeArgs({
      layerId: 'layer:abc',
      blendMode: 'multiply',
      type: 'layer.update',
      color: '#ff8800',
      opacity: 0.5,
      name: 'Secret launch of Product X',
      who: 'alice',
      plan: 'secret-plan',
      fileName: 'holiday-with-bob.png',
      fakeId: 'note:BuyMilk',
      path: '/home/ana/clients/acme/brief.pdf',
      windows: 'C:\\Users\\ana\\photo.png',
      bytes: new Uint8Array(10),
      list: ['layer:a', 'Hello world'],
      parameters: { 'Ana’s prompt key': 1, steps: 20 },
    });
    expect(out).toEqual({
      layerId: 'layer:abc',
      blendMode: 'multiply',
      type: 'layer.update',
      color: '#ff8800',
      opacity: 0.5,
      name: { text: 26 },
      who: { text: 5 },
      plan: { text: 11 },
      fileName: { text: 20 },
      fakeId: { text: 12 },
      path: { text: 32 },
      windows: { text: 22 },
      bytes: { bytes: 10 },
      list: ['layer:a', { text: 11 }],
      parameters: { key0: 1, steps: 20 },
    });
    expect(JSON.stringify(out)).not.toMatch(/Secret|alice|bob|BuyMilk|home|Users|Ana/);
  });

  it("keep only the studio's own names and real ids in the name and target columns", () => {
    const { db, log } = logWith(0);
    log.append({ type: 'gesture', name: 'Move layer', targetIds: ['layer:a', 'secret text', 'note:x'] });
    log.append({ type: 'tool.changed', name: 'brush' });
    log.append({ type: 'export', name: 'Client X final cut' });
    const events = readEvents(db);
    expect(events.map((e) => e.name)).toEqual(['Move layer', 'brush', null]);
    expect(events[0]!.targetIds).toEqual(['layer:a']);
  });
});
