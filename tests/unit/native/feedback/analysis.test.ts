import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FeedbackLog, newSession } from '../../../../native/feedback/log';
import { Sqlite } from '../../../../native/project/sqlite';
import { analyzeStudy, OUTPUT_FILES } from '../../../../native/feedback/analysis/analyze';
import { findLogFiles } from '../../../../native/feedback/analysis/read';
import { SessionAccumulator } from '../../../../native/feedback/analysis/metrics';
import { csvCell } from '../../../../native/feedback/analysis/tables';
import type { ExportedEvent } from '../../../../native/feedback/export';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const PROMPT = 'a red chair by the sea';

/** One participant's session through the real log writer: 10 variants shown over 5 jobs, `accept` accepted. */
function participant(path: string, id: string, condition: string, accept: number, prompts: boolean): void {
  const db = new Sqlite(path);
  const log = new FeedbackLog(db, newSession(id, condition));
  log.append({ type: 'session.started', args: { base: 'new' } });
  let accepted = 0;
  for (let job = 0; job < 5; job++) {
    const jobId = `job:${id}-${job}`;
    log.append({
      type: job === 0 ? 'generation.requested' : 'generation.regenerated',
      name: 'sd-turbo',
      targetIds: ['canvas:c1', jobId],
      args: {
        variants: 2,
        seed: job,
        source: '/home/alice/secret.png',
        image: 'data:image/png;base64,' + 'A'.repeat(400),
      },
      ...(prompts ? { text: { prompt: PROMPT } } : {}),
    });
    log.append({
      type: 'generation.finished',
      name: 'sd-turbo',
      targetIds: ['canvas:c1', jobId],
      durationMs: 900,
    });
    for (let index = 0; index < 2; index++) {
      log.append({
        type: 'variant.shown',
        name: 'sd-turbo',
        targetIds: [jobId],
        args: { index, seed: index },
      });
      const yes = accepted < accept;
      if (yes) accepted++;
      log.append({
        type: yes ? 'variant.accepted' : 'variant.rejected',
        name: 'sd-turbo',
        targetIds: yes ? ['layer:l1', 'asset:a1', jobId] : [jobId],
        args: { index, seed: index, ...(yes ? {} : { reason: 'discarded' }) },
      });
    }
    log.append({
      type: 'command',
      name: 'layer.update',
      targetIds: ['layer:l1'],
      args: { layerId: 'layer:l1', patch: { name: 'My "secret", name' } },
    });
    log.append({ type: 'undo', name: 'Edit layer' });
  }
  log.append({ type: 'session.ended', args: { discarded: false } });
  db.close();
}

const logs = join(dir.path, 'logs');
beforeAll(() => {
  mkdirSync(logs);
  for (let i = 0; i < 20; i++) {
    participant(join(logs, `A-${i}.atelier`), `P-A${i}`, 'A', 8, i % 2 === 0);
    participant(join(logs, `B-${i}.atelier`), `P-B${i}`, 'B', 4, i % 2 === 0);
  }
});
afterAll(() => dir.cleanup());

describe('a simulated study: A accepts 80% of the variants shown, B 40%', () => {
  const out = join(dir.path, 'out');
  let result: ReturnType<typeof analyzeStudy>;
  beforeAll(() => {
    result = analyzeStudy(findLogFiles([logs]), out, { seed: 1 });
  });

  it('reports both rates and a significant difference', () => {
    expect(result.sessions).toHaveLength(40);
    const [a, b] = result.conditions;
    expect(a!.condition).toBe('A');
    expect(a!.acceptanceRate).toBeCloseTo(0.8, 12);
    expect(b!.acceptanceRate).toBeCloseTo(0.4, 12);
    const rate = result.comparisons.find((c) => c.metric === 'acceptanceRate (pooled)')!;
    expect(rate.test).toBe('two-proportion z');
    expect(rate.difference).toBeCloseTo(0.4, 12);
    expect(rate.p!).toBeLessThan(0.05);
    expect(rate.effectSize).toBeCloseTo(0.8449, 4);
    expect(rate.ciLow!).toBeLessThanOrEqual(0.4);
    expect(rate.ciHigh!).toBeGreaterThanOrEqual(0.4);
    const perSession = result.comparisons.find((c) => c.metric === 'acceptanceRate')!;
    expect(perSession.p!).toBeLessThan(0.05);
    expect(perSession.effectSize).toBe(1);
  });

  it('writes every output file, and nothing forbidden in any', () => {
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_FILES].sort());
    for (const file of OUTPUT_FILES) {
      const text = readFileSync(join(out, file)).toString('latin1');
      expect(text, file).not.toMatch(/data:image/);
      expect(text, file).not.toMatch(/[A-Za-z0-9+/]{200,}/);
      expect(text, file).not.toMatch(/\/home\/|\/Users\/|[A-Z]:\\\\/);
      expect(text, file).not.toContain('secret');
    }
    // The prompt was allowed in half the logs: kept there…
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toContain(PROMPT);
  });

  it('drops the allowed prompts too with dropFreeText', () => {
    const bare = join(dir.path, 'bare');
    analyzeStudy(findLogFiles([logs]), bare, { dropFreeText: true });
    for (const file of OUTPUT_FILES)
      expect(readFileSync(join(bare, file), 'latin1'), file).not.toContain(PROMPT);
  });

  it('Parquet reads back in DuckDB with the same rows as the CSV', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const sessions = (
      await con.runAndReadAll(
        `SELECT condition, count(*) AS n, sum(variants_accepted) AS acc, sum(variants_shown) AS shown FROM read_parquet('${join(out, 'sessions.parquet')}') GROUP BY condition ORDER BY condition`,
      )
    ).getRowObjectsJson();
    expect(sessions).toEqual([
      { condition: 'A', n: '20', acc: '160', shown: '200' },
      { condition: 'B', n: '20', acc: '80', shown: '200' },
    ]);
    const events = (
      await con.runAndReadAll(
        `SELECT session_id, seq, type, variant_index, args FROM read_parquet('${join(out, 'events.parquet')}')`,
      )
    ).getRowObjectsJson();
    const jsonl = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportedEvent);
    expect(events).toHaveLength(jsonl.length);
    expect(events.length).toBe(result.events);
    for (const [i, e] of jsonl.entries()) {
      expect(events[i]).toEqual({
        session_id: e.sessionId,
        seq: e.seq,
        type: e.type,
        variant_index: e.type.startsWith('variant.') ? (e.args['index'] as number) : null,
        args: JSON.stringify(e.args),
      });
    }
    const csvRows = readFileSync(join(out, 'events.csv'), 'utf8').trim().split('\n');
    expect(csvRows.length - 1).toBe(jsonl.length); // no cell holds a line break here
    con.closeSync();
  });

  it('counts an event read twice (a project and its export) once', () => {
    const again = join(dir.path, 'again');
    const jsonl = join(dir.path, 'A-0.jsonl');
    writeFileSync(
      jsonl,
      readFileSync(join(out, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"P-A0"'))
        .join('\n'),
    );
    const r = analyzeStudy([join(logs, 'A-0.atelier'), jsonl], again);
    expect(r.sessions).toHaveLength(1);
    expect(r.duplicates).toBe(r.events);
  });

  it('refuses an output folder that is not empty', () => {
    expect(() => analyzeStudy(findLogFiles([logs]), out)).toThrow(/not empty/);
  });
});

describe('metric definitions on a hand-made log', () => {
  const base = {
    v: 1,
    wallTime: 1_000,
    sessionId: 'session:s1',
    participantId: 'P1',
    condition: null,
    name: null,
    durationMs: null,
    prevHash: '',
    hash: '',
  } as const;
  let seq = 0;
  const ev = (
    monoTime: number,
    type: ExportedEvent['type'],
    targetIds: string[] = [],
    args: Record<string, number> = {},
  ) => ({ ...base, seq: ++seq, monoTime, type, targetIds, args }) as ExportedEvent;

  it('computes each measure as documented', () => {
    const acc = new SessionAccumulator('session:s1');
    const events = [
      ev(0, 'project.created'),
      ev(1000, 'session.started'),
      ev(2000, 'command'),
      ev(2500, 'gesture'),
      ev(3000, 'undo'),
      ev(3100, 'redo'),
      ev(4000, 'generation.requested', ['job:1']),
      ev(5000, 'variant.shown', ['job:1'], { index: 0 }),
      ev(5500, 'variant.shown', ['job:1'], { index: 1 }),
      ev(5600, 'variant.shown', ['job:1'], { index: 0 }), // seen again: still 2 distinct
      ev(6000, 'variant.accepted', ['layer:x', 'job:1'], { index: 1 }),
      ev(7000, 'generation.regenerated', ['job:2']),
      ev(7100, 'generation.failed', ['job:2']),
      ev(8000, 'generation.regenerated', ['job:3']),
      ev(9000, 'variant.shown', ['job:3'], { index: 0 }),
      ev(9500, 'variant.shown', ['job:3'], { index: 1 }),
      ev(9600, 'variant.shown', ['job:3'], { index: 2 }),
      ev(9700, 'variant.accepted', ['job:3'], { index: 2 }),
      ev(9800, 'variant.accepted', ['job:3'], { index: 0 }),
      ev(11000, 'session.ended'),
    ];
    for (const e of events) expect(acc.add(e)).toBe(true);
    expect(acc.add(events[3]!)).toBe(false); // the same seq again
    expect(acc.result()).toEqual({
      sessionId: 'session:s1',
      participantId: 'P1',
      condition: 'none',
      startedAt: 1000,
      events: 20,
      timeOnTaskS: 10,
      edits: 2,
      undos: 1,
      redos: 1,
      generations: 3,
      regenerations: 2,
      failedGenerations: 1,
      variantsShown: 5,
      variantsOffered: 5,
      variantsAccepted: 3,
      variantsUndone: 0,
      acceptanceRate: 3 / 5,
      timeToFirstAcceptS: 5,
      regenerationsPerAccepted: 2 / 3,
      variantsViewedBeforeAccept: (2 + 3) / 2,
    });
  });

  it('quotes CSV cells per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ text: 3 })).toBe('"{""text"":3}"');
  });
});
