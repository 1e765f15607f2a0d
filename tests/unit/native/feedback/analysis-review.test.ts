// The analysis review's fixes (issue 9): time on task ends at the task's end and leaves out
// paused spans; acceptance counts every variant offered and undone accepts as rejections;
// participants, not sessions, are the unit of the tests; foreign `v`, `durationMs` and
// condition labels never reach the files; a study's analysis leaves out sessions without a
// participant id.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStudy } from '../../../../native/feedback/analysis/analyze';
import { compareConditions } from '../../../../native/feedback/analysis/compare';
import { SessionAccumulator, type SessionMetrics } from '../../../../native/feedback/analysis/metrics';
import { mannWhitneyU } from '../../../../native/feedback/analysis/stats';
import type { ExportedEvent } from '../../../../native/feedback/export';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
afterAll(() => dir.cleanup());

let seq = 0;
const ev = (
  monoTime: number,
  type: ExportedEvent['type'],
  more: Partial<ExportedEvent> = {},
): ExportedEvent => ({
  v: 1,
  seq: ++seq,
  wallTime: 1_000 + monoTime,
  monoTime,
  sessionId: 'session:s1',
  participantId: 'P1',
  condition: 'inline',
  type,
  name: null,
  targetIds: [],
  args: {},
  durationMs: null,
  prevHash: '',
  hash: '',
  ...more,
});

function metricsOf(events: ExportedEvent[]): SessionMetrics {
  const acc = new SessionAccumulator(events[0]!.sessionId);
  for (const e of events) acc.add(e);
  return acc.result();
}

/** An inline fill as renderer/app/fill-actions.ts logs it: variant 0 shown and placed, the others rejected. */
function inlineFill(at: number, job: string, variants = 4): ExportedEvent[] {
  return [
    ev(at, 'generation.requested', { targetIds: ['canvas:c1', job] }),
    ev(at + 100, 'variant.shown', { targetIds: [job], args: { index: 0 } }),
    ev(at + 200, 'gesture', { name: 'Accept variant', targetIds: ['canvas:c1'] }),
    ev(at + 210, 'variant.accepted', {
      targetIds: ['layer:l' + at, 'asset:a' + at, job],
      args: { index: 0 },
    }),
    ...Array.from({ length: variants - 1 }, (_, i) =>
      ev(at + 220, 'variant.rejected', { targetIds: [job], args: { index: i + 1, reason: 'inline' } }),
    ),
  ];
}

describe('time on task', () => {
  it('ends at study.task-finished: the questionnaire and the end of the study are not counted', () => {
    const m = metricsOf([
      ev(0, 'session.started'),
      ev(10, 'study.task-started'),
      ev(5_000, 'command'),
      ev(60_000, 'study.task-finished', { durationMs: 60_000 }),
      ev(300_000, 'study.questionnaire'),
      ev(310_000, 'study.ended'),
      ev(310_100, 'session.ended'),
    ]);
    expect(m.timeOnTaskS).toBe(60);
  });

  it('leaves out the paused spans, a pause never resumed and one begun in the previous task', () => {
    const m = metricsOf([
      ev(0, 'session.started'),
      ev(10_000, 'study.logging-paused'),
      ev(25_000, 'study.logging-resumed', { durationMs: 15_000 }),
      ev(40_000, 'command'),
      ev(50_000, 'study.logging-paused'),
      ev(80_000, 'study.task-finished'),
    ]);
    // 80 s, less 15 s paused and the 30 s from the second pause to the task's end.
    expect(m.timeOnTaskS).toBe(35);
    // Paused when the previous task ended: the resume's durationMs, back to the session's start at most.
    const carried = metricsOf([
      ev(0, 'session.started', { sessionId: 'session:s2' }),
      ev(4_000, 'study.logging-resumed', { sessionId: 'session:s2', durationMs: 9_000 }),
      ev(20_000, 'study.task-finished', { sessionId: 'session:s2' }),
    ]);
    expect(carried.timeOnTaskS).toBe(16);
    // Two pauses before one resume (a merged or foreign log): one span from the first, no hang.
    const twice = metricsOf([
      ev(0, 'session.started', { sessionId: 'session:s4' }),
      ev(10_000, 'study.logging-paused', { sessionId: 'session:s4' }),
      ev(12_000, 'study.logging-paused', { sessionId: 'session:s4' }),
      ev(20_000, 'study.logging-resumed', { sessionId: 'session:s4', durationMs: 8_000 }),
      ev(30_000, 'study.task-finished', { sessionId: 'session:s4' }),
    ]);
    expect(twice.timeOnTaskS).toBe(20);
    // Without a task's end: to the last event, as before.
    expect(
      metricsOf([
        ev(0, 'session.started', { sessionId: 'session:s3' }),
        ev(7_000, 'command', { sessionId: 'session:s3' }),
      ]).timeOnTaskS,
    ).toBe(7);
  });
});

describe('time to first accept', () => {
  it('leaves out the time logging was paused before the first accept', () => {
    const m = metricsOf([
      ev(0, 'session.started', { sessionId: 'session:ttfa' }),
      ev(1_000, 'study.logging-paused', { sessionId: 'session:ttfa' }),
      ev(61_000, 'study.logging-resumed', { sessionId: 'session:ttfa', durationMs: 60_000 }),
      ev(70_000, 'variant.accepted', {
        sessionId: 'session:ttfa',
        targetIds: ['layer:l1', 'asset:a1', 'job:t'],
        args: { index: 0 },
      }),
    ]);
    expect(m.timeToFirstAcceptS).toBe(10);
  });
});

describe('acceptance rate', () => {
  it('counts the variants an inline condition never showed as offered', () => {
    const m = metricsOf([
      ev(0, 'session.started'),
      ...inlineFill(1_000, 'job:1'),
      ...inlineFill(5_000, 'job:2'),
    ]);
    expect(m.variantsShown).toBe(2);
    expect(m.variantsOffered).toBe(8);
    expect(m.variantsAccepted).toBe(2);
    expect(m.acceptanceRate).toBe(2 / 8);
  });

  it('counts an accept undone before the next generation as a rejection', () => {
    const m = metricsOf([
      ev(0, 'session.started'),
      ...inlineFill(1_000, 'job:1'),
      ev(2_000, 'undo', { name: 'Accept variant' }), // taken back: Generate makes another
      ...inlineFill(3_000, 'job:2'),
      ev(4_000, 'command'),
      ev(4_100, 'undo', { name: 'Move layer' }),
      ...inlineFill(5_000, 'job:3'),
      ev(6_000, 'undo', { name: 'Accept variant' }),
      ev(6_100, 'redo', { name: 'Accept variant' }), // redone: kept
      ...inlineFill(7_000, 'job:4'),
      ev(8_000, 'undo', { name: 'Accept variant' }), // undone at the session's end
    ]);
    expect(m.variantsOffered).toBe(16);
    expect(m.variantsUndone).toBe(2);
    expect(m.variantsAccepted).toBe(2);
    expect(m.acceptanceRate).toBe(2 / 16);
  });

  it('takes an accept logged before its gesture (the order the studio sends them in)', () => {
    const job = 'job:late';
    const m = metricsOf([
      ev(0, 'session.started', { sessionId: 'session:late' }),
      ev(1_000, 'generation.requested', { sessionId: 'session:late', targetIds: ['canvas:c1', job] }),
      ev(1_100, 'variant.shown', { sessionId: 'session:late', targetIds: [job], args: { index: 0 } }),
      ev(1_200, 'variant.accepted', {
        sessionId: 'session:late',
        targetIds: ['layer:l1', 'asset:a1', job],
        args: { index: 0 },
      }),
      ev(1_210, 'gesture', { sessionId: 'session:late', name: 'Accept variant', targetIds: ['canvas:c1'] }),
      ev(2_000, 'undo', { sessionId: 'session:late', name: 'Accept variant' }),
    ]);
    expect(m.variantsUndone).toBe(1);
    expect(m.variantsAccepted).toBe(0);
  });

  it('keeps an accept when the log cannot tell what an undo took back', () => {
    // The undo's name is not the accept's label: the log and the editor disagree.
    const wrong = metricsOf([
      ev(0, 'session.started'),
      ...inlineFill(1_000, 'job:1'),
      ev(2_000, 'undo', { name: 'Paint mask' }),
      ...inlineFill(3_000, 'job:2'),
    ]);
    expect(wrong.variantsUndone).toBe(0);
    expect(wrong.variantsAccepted).toBe(2);
    // Edits made while logging was paused are not in the log: undos after it are not followed.
    const paused = metricsOf([
      ev(0, 'session.started'),
      ...inlineFill(1_000, 'job:1'),
      ev(2_000, 'study.logging-paused'),
      ev(3_000, 'study.logging-resumed', { durationMs: 1_000 }),
      ev(3_500, 'undo', { name: 'Accept variant' }),
      ev(3_600, 'undo', { name: 'Accept variant' }),
    ]);
    expect(paused.variantsUndone).toBe(0);
    expect(paused.variantsAccepted).toBe(1);
  });
});

/** A session of a participant with the given measures. */
function session(
  participantId: string | null,
  condition: string,
  time: number,
  offered = 4,
  accepted = 1,
): SessionMetrics {
  return {
    sessionId: `session:${++seq}`,
    participantId,
    condition,
    startedAt: seq,
    events: 10,
    timeOnTaskS: time,
    edits: 1,
    undos: 0,
    redos: 0,
    generations: 1,
    regenerations: 0,
    failedGenerations: 0,
    variantsShown: offered,
    variantsOffered: offered,
    variantsAccepted: accepted,
    variantsUndone: 0,
    acceptanceRate: accepted / offered,
    timeToFirstAcceptS: null,
    regenerationsPerAccepted: null,
    variantsViewedBeforeAccept: null,
  };
}

describe('participants as the unit', () => {
  // Three participants per condition, three tasks (sessions) each.
  const sessions = ['A', 'B'].flatMap((c, ci) =>
    [1, 2, 3].flatMap((p) =>
      [0, 1, 2].map((t) => session(`${c}${p}`, c, 10 * p + t + ci * 5, 4, ((p + t + ci) % 4) + 0)),
    ),
  );

  it('tests per-participant values, bootstraps participants and says the pooled test ignores clustering', () => {
    const { conditions, comparisons } = compareConditions(sessions, { resamples: 200 });
    expect(conditions.map((c) => [c.sessions, c.participants])).toEqual([
      [9, 3],
      [9, 3],
    ]);
    const time = comparisons.find((c) => c.metric === 'timeOnTaskS')!;
    expect(time).toMatchObject({ nA: 3, nB: 3, unit: 'participant' });
    // The participants' means: A 11, 21, 31; B 16, 26, 36.
    expect(time.estimateA).toBe(21);
    expect(time.estimateB).toBe(26);
    expect(time.statistic).toBe(mannWhitneyU([11, 21, 31], [16, 26, 36]).u);
    const rate = comparisons.find((c) => c.metric === 'acceptanceRate')!;
    expect(rate).toMatchObject({ nA: 3, nB: 3, unit: 'participant' });
    const pooled = comparisons.find((c) => c.metric === 'acceptanceRate (pooled)')!;
    expect(pooled.unit).toBe('variant');
    expect(pooled.note).toMatch(/ignores/);
  });

  it('keeps sessions as the unit when the log has no participant ids', () => {
    const anonymous = sessions.map((s) => ({ ...s, participantId: null }));
    const time = compareConditions(anonymous, { resamples: 200 }).comparisons.find(
      (c) => c.metric === 'timeOnTaskS',
    )!;
    expect(time).toMatchObject({ nA: 9, nB: 9, unit: 'session', note: null });
  });
});

describe('Mann–Whitney at U = n1·n2/2', () => {
  it('gives p = 1 (the continuity correction does not cross zero), as scipy', () => {
    const tied = mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(tied).toMatchObject({ u: 50, method: 'asymptotic', p: 1 });
    const x = [1, 4, 5, 8, 9, 12, 13, 16, 17, 20];
    const y = [2, 3, 6, 7, 10, 11, 14, 15, 18, 19];
    const untied = mannWhitneyU(x, y);
    expect(untied.u).toBe(50);
    expect(untied.method).toBe('asymptotic');
    expect(untied.p).toBe(1);
  });
});

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    v: 1,
    seq: 1,
    wallTime: 1000,
    monoTime: 0,
    sessionId: 'session:h',
    participantId: 'P1',
    condition: 'A',
    type: 'command',
    name: null,
    targetIds: [],
    args: {},
    durationMs: null,
    ...fields,
  });

describe('hostile JSON lines', () => {
  it('never writes a foreign v, durationMs or condition label into the files', () => {
    const logs = join(dir.path, 'hostile');
    mkdirSync(logs);
    const secret = 'SECRET-Alice-lives-at-12-Oak-Road';
    writeFileSync(
      join(logs, 'h.jsonl'),
      [
        line({ seq: 1, type: 'session.started', v: secret }),
        line({ seq: 2, durationMs: secret, v: 1.5 }),
        line({ seq: 3, durationMs: -4 }),
        line({ seq: 4, durationMs: { text: secret } }),
        line({ seq: 5, sessionId: 'session:g', condition: `${secret}, "<b>"`, durationMs: 12 }),
      ].join('\n') + '\n',
    );
    const out = join(dir.path, 'hostile-out');
    const result = analyzeStudy([join(logs, 'h.jsonl')], out, { resamples: 50 });
    expect(result.events).toBe(5);
    for (const file of [
      'events.csv',
      'events.jsonl',
      'events.parquet',
      'comparisons.csv',
      'comparisons.json',
      'report.html',
      'sessions.csv',
    ])
      expect(readFileSync(join(out, file), 'latin1')).not.toContain('SECRET');
    const rows = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.v)).toEqual([undefined, undefined, 1, 1, 1]);
    expect(rows.map((r) => r.durationMs)).toEqual([null, null, null, null, 12]);
    const comparisons = JSON.parse(readFileSync(join(out, 'comparisons.json'), 'utf8'));
    expect(comparisons.conditions.map((c: { condition: string }) => c.condition)).toEqual([
      'A',
      expect.stringMatching(/^redacted:[0-9a-f]{12}$/),
    ]);
    expect(readFileSync(join(out, 'comparisons.csv'), 'utf8')).toMatch(/redacted:[0-9a-f]{12}/);
  });
});

describe('a study analysis', () => {
  it('leaves out sessions without a participant id when some have one, and says so', () => {
    const logs = join(dir.path, 'study');
    mkdirSync(logs);
    writeFileSync(
      join(logs, 'a.jsonl'),
      [
        line({ seq: 1, sessionId: 'session:p1', type: 'session.started' }),
        line({
          seq: 1,
          sessionId: 'session:p2',
          participantId: 'P2',
          condition: 'B',
          type: 'session.started',
        }),
        line({
          seq: 1,
          sessionId: 'session:none',
          participantId: null,
          condition: null,
          type: 'session.started',
        }),
      ].join('\n') + '\n',
    );
    const study = analyzeStudy([join(logs, 'a.jsonl')], join(dir.path, 'study-out'), {
      resamples: 50,
      participantsOnly: true,
    });
    expect(study.leftOut).toBe(1);
    expect(study.sessions.map((s) => s.sessionId)).toEqual(['session:p1', 'session:p2']);
    expect(study.conditions.map((c) => c.condition)).toEqual(['A', 'B']);
    expect(readFileSync(join(dir.path, 'study-out', 'report.html'), 'utf8')).toContain(
      '1 session(s) without a participant id left out',
    );
    expect(readFileSync(join(dir.path, 'study-out', 'sessions.csv'), 'utf8')).not.toContain('session:none');
    // Logs from outside a study (no ids at all) and analyses not asked to: every session.
    const all = analyzeStudy([join(logs, 'a.jsonl')], join(dir.path, 'all-out'), { resamples: 50 });
    expect(all.leftOut).toBe(0);
    expect(all.sessions).toHaveLength(3);
  });
});
