// The `research` group of StudioApi: the dashboard's analysis of a study's project files, one
// session's events, and the replay of a participant's log, with every bad input refused clearly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StudioError } from '../../../../native/api/errors';
import type {
  ResearchAnalysis,
  ResearchReplayAt,
  ResearchSessionEvents,
} from '../../../../native/api/research';
import type { StudyState } from '../../../../native/api/study';
import { readEvents } from '../../../../native/feedback/log';
import { forExport } from '../../../../native/feedback/export';
import { Sqlite } from '../../../../native/project/sqlite';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { LAYER_ID, runDashboardStudy, SHOWN } from './research-fixtures';

const dir = tempDir();
const root = join(dir.path, 'home');
const sessionsDir = join(root, 'sessions');
mkdirSync(root);
const { engine, call, failure } = testEngine(root, join(dir.path, 'data'));
afterAll(() => {
  engine.close();
  dir.cleanup();
});

let study: StudyState;
let analysis: ResearchAnalysis;

beforeAll(async () => {
  expect((await failure('research.analyze', {}))?.message).toContain('no study is loaded');
  study = await runDashboardStudy(call, 3);
  mkdirSync(sessionsDir);
  for (const name of readdirSync(study.dataDir).filter((n) => n.endsWith('.atelier')))
    cpSync(join(study.dataDir, name), join(sessionsDir, name));
  analysis = await call<ResearchAnalysis>('research.analyze', { paths: [sessionsDir] });
}, 60_000);

const code = (e: StudioError | null) => e && { code: e.code, message: e.message };

describe('research.analyze', () => {
  it('summarises each condition: sessions, pooled acceptance rate with its interval, medians', () => {
    expect(analysis.files).toHaveLength(6);
    expect(analysis.sessions).toHaveLength(6);
    const [a, b] = analysis.conditions;
    expect(a).toMatchObject({ condition: 'a', sessions: 3, variantsShown: 3 * SHOWN, variantsAccepted: 9 });
    expect(b).toMatchObject({ condition: 'b', sessions: 3, variantsShown: 3 * SHOWN, variantsAccepted: 3 });
    expect(a!.acceptanceRate).toBeCloseTo(0.75, 12);
    expect(b!.acceptanceRate).toBeCloseTo(0.25, 12);
    for (const c of [a!, b!]) {
      expect(c.acceptanceRateCi[0]!).toBeLessThanOrEqual(c.acceptanceRate!);
      expect(c.acceptanceRateCi[1]!).toBeGreaterThanOrEqual(c.acceptanceRate!);
    }
    expect(a!.medians.timeOnTaskS).toBeGreaterThanOrEqual(0);
  });

  it('gives every session its measures, its condition and the file to replay it from', () => {
    for (const s of analysis.sessions) {
      expect(s.participantId).toMatch(/^P-[AB]\d$/);
      expect(s.condition).toBe(s.participantId!.startsWith('P-A') ? 'a' : 'b');
      expect(s.path.startsWith(sessionsDir)).toBe(true);
      expect(s.path).toContain(s.participantId!);
      expect(s.replayable).toBe(true);
      expect(s.edits).toBeGreaterThanOrEqual(3); // the mask, the box, its move
      expect(s.acceptanceRate).toBeCloseTo(s.condition === 'a' ? 0.75 : 0.25, 12);
    }
  });

  it('compares the conditions: test, statistic, p, effect size and interval', () => {
    const pooled = analysis.comparisons.find((c) => c.metric === 'acceptanceRate (pooled)')!;
    expect(pooled).toMatchObject({ a: 'a', b: 'b', nA: 12, nB: 12, test: 'two-proportion z' });
    expect(pooled.difference).toBeCloseTo(0.5, 12);
    expect(pooled.p).toBeGreaterThan(0);
    expect(pooled.p).toBeLessThan(0.05);
    expect(pooled.effectSizeName).toBe("Cohen's h");
    expect(pooled.ciLow).not.toBeNull();
    const ranked = analysis.comparisons.find((c) => c.metric === 'timeOnTaskS')!;
    expect(ranked.test).toMatch(/^Mann-Whitney U/);
  });

  it('reads the loaded study’s data folder when given no paths, and is seeded', async () => {
    const own = await call<ResearchAnalysis>('research.analyze');
    expect(own.sessions.map((s) => s.sessionId).sort()).toEqual(
      analysis.sessions.map((s) => s.sessionId).sort(),
    );
    expect(own.sessions.every((s) => s.path.startsWith(study.dataDir))).toBe(true);
    expect(own.conditions).toEqual(
      (await call<ResearchAnalysis>('research.analyze', { paths: [sessionsDir] })).conditions,
    );
  });

  it('leaves out of the study’s own analysis the sessions without a participant id, and counts them', async () => {
    const stray = join(study.dataDir, 'stray.jsonl');
    const event = (seq: number, type: string) =>
      JSON.stringify({
        v: 1,
        seq,
        wallTime: 1000 + seq,
        monoTime: seq,
        sessionId: 'session:stray',
        participantId: null,
        condition: null,
        type,
        name: null,
        targetIds: [],
        args: {},
        durationMs: null,
      });
    writeFileSync(stray, `${event(1, 'session.started')}\n${event(2, 'session.ended')}\n`);
    try {
      const own = await call<ResearchAnalysis>('research.analyze');
      expect(own.leftOut).toBe(1);
      expect(own.sessions.map((s) => s.sessionId)).not.toContain('session:stray');
      expect(own.sessions).toHaveLength(analysis.sessions.length);
      // Paths chosen by the researcher: every session read.
      const chosen = await call<ResearchAnalysis>('research.analyze', { paths: [study.dataDir] });
      expect(chosen.leftOut).toBe(0);
      expect(chosen.sessions.map((s) => s.sessionId)).toContain('session:stray');
    } finally {
      rmSync(stray);
    }
  });

  it('reads exported JSON lines too (not replayable), counting a session read twice once', async () => {
    const file = analysis.sessions[0]!.path;
    const db = new Sqlite(file, { readonly: true });
    const lines = readEvents(db).map((e) => JSON.stringify(forExport(e)));
    db.close();
    const exports = join(root, 'exports');
    mkdirSync(exports);
    writeFileSync(join(exports, 'one.jsonl'), `${lines.join('\n')}\n`);
    const alone = await call<ResearchAnalysis>('research.analyze', { paths: [join(exports, 'one.jsonl')] });
    expect(alone.sessions).toHaveLength(1);
    expect(alone.sessions[0]!.replayable).toBe(false);
    const both = await call<ResearchAnalysis>('research.analyze', { paths: [exports, file] });
    expect(both.sessions).toHaveLength(1);
    expect(both.duplicates).toBe(lines.length);
    expect(both.sessions[0]!.path).toBe(file); // the project file, which can be replayed
  });

  it('refuses paths outside the studio’s folder, missing paths, other files and empty folders', async () => {
    expect(code(await failure('research.analyze', { paths: [dir.path] }))).toMatchObject({
      code: 'forbidden',
    });
    expect(code(await failure('research.analyze', { paths: ['/etc/passwd'] }))).toMatchObject({
      code: 'forbidden',
    });
    expect(code(await failure('research.analyze', { paths: [join(root, 'nope')] }))).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('no such file or folder'),
    });
    writeFileSync(join(root, 'notes.txt'), 'hello');
    expect(code(await failure('research.analyze', { paths: [join(root, 'notes.txt')] }))).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('not a .atelier or .jsonl file'),
    });
    mkdirSync(join(root, 'empty'));
    expect(code(await failure('research.analyze', { paths: [join(root, 'empty')] }))).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no .atelier or .jsonl files'),
    });
    writeFileSync(join(root, 'empty', 'broken.atelier'), 'not a database');
    expect((await failure('research.analyze', { paths: [join(root, 'empty')] }))?.code).toBe(
      'invalid_argument',
    );
    expect((await failure('research.analyze', { paths: 'x' }))?.code).toBe('invalid_argument');
  });
});

describe('research.sessionEvents', () => {
  it('gives a session’s events, sanitised as logged, without the replay payload', async () => {
    const s = analysis.sessions.find((x) => x.condition === 'a')!;
    const got = await call<ResearchSessionEvents>('research.sessionEvents', {
      path: s.path,
      sessionId: s.sessionId,
    });
    expect(got).toMatchObject({
      participantId: s.participantId,
      condition: 'a',
      replayable: true,
      truncated: false,
    });
    expect(got.events).toHaveLength(s.events);
    const types = got.events.map((e) => e.type);
    expect(types).toContain('project.created');
    expect(types.filter((t) => t === 'variant.shown')).toHaveLength(SHOWN);
    expect(got.events.find((e) => e.name === 'layer.add')?.targetIds).toContain(LAYER_ID);
    for (const e of got.events) expect(e).not.toHaveProperty('payload');
    expect(JSON.stringify(got)).not.toContain('"document"');
  });

  it('refuses an unknown session, a file of another kind and a path outside', async () => {
    const s = analysis.sessions[0]!;
    expect(
      code(await failure('research.sessionEvents', { path: s.path, sessionId: 'session:nope' })),
    ).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('has no session session:nope'),
    });
    expect(
      (await failure('research.sessionEvents', { path: join(root, 'notes.txt'), sessionId: s.sessionId }))
        ?.message,
    ).toContain('not a .atelier or .jsonl file');
    expect(
      (await failure('research.sessionEvents', { path: join(root, 'gone.atelier'), sessionId: s.sessionId }))
        ?.code,
    ).toBe('not_found');
    expect(
      (await failure('research.sessionEvents', { path: sessionsDir, sessionId: s.sessionId }))?.message,
    ).toContain('is not a file');
    expect(
      (await failure('research.sessionEvents', { path: '/etc/hosts', sessionId: s.sessionId }))?.code,
    ).toBe('forbidden');
  });
});

describe('research.replayAt', () => {
  it('rebuilds the document at each event: no box, then the box, then the box moved', async () => {
    const s = analysis.sessions.find((x) => x.condition === 'b')!;
    const { events } = await call<ResearchSessionEvents>('research.sessionEvents', {
      path: s.path,
      sessionId: s.sessionId,
    });
    const created = events.find((e) => e.type === 'project.created')!;
    const added = events.find((e) => e.name === 'layer.add')!;
    const moved = events.find((e) => e.name === 'layer.update')!;
    const at = (seq: number) => call<ResearchReplayAt>('research.replayAt', { path: s.path, seq });
    const first = await at(created.seq);
    expect(first.event.type).toBe('project.created');
    expect(first.document.layers[LAYER_ID]).toBeUndefined();
    expect(first.document.canvasOrder).toHaveLength(1);
    const withBox = await at(added.seq);
    expect(withBox.event).toMatchObject({ seq: added.seq, type: 'command', name: 'layer.add' });
    expect(withBox.document.layers[LAYER_ID]?.transform.x).toBe(0);
    expect((await at(moved.seq)).document.layers[LAYER_ID]?.transform.x).toBe(8);
    expect(withBox.lastSeq).toBeGreaterThanOrEqual(events.at(-1)!.seq);
  });

  it('serves the images of the replayed document from that file, read-only', async () => {
    const s = analysis.sessions[0]!;
    const { lastSeq } = await call<ResearchReplayAt>('research.replayAt', { path: s.path, seq: 1 });
    const end = await call<ResearchReplayAt>('research.replayAt', { path: s.path, seq: lastSeq });
    const asset = Object.values(end.document.assets)[0]!;
    const got = await call<{ mime: string; bytes: Uint8Array }>('research.asset', {
      path: s.path,
      sha256: asset.sha256,
    });
    expect(got.mime).toBe('image/png');
    expect([...got.bytes.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect((await failure('research.asset', { path: s.path, sha256: 'a'.repeat(64) }))?.code).toBe(
      'not_found',
    );
    expect((await failure('research.asset', { path: s.path, sha256: 'nope' }))?.code).toBe(
      'invalid_argument',
    );
  });

  it('refuses a seq out of range, a file that is not a project and a path outside', async () => {
    const s = analysis.sessions[0]!;
    const { lastSeq } = await call<ResearchReplayAt>('research.replayAt', { path: s.path, seq: 1 });
    expect(code(await failure('research.replayAt', { path: s.path, seq: lastSeq + 1 }))).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining(`out of range`),
    });
    expect((await failure('research.replayAt', { path: s.path, seq: 0 }))?.code).toBe('invalid_argument');
    expect(
      code(await failure('research.replayAt', { path: join(root, 'exports', 'one.jsonl'), seq: 1 })),
    ).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('not a project file'),
    });
    expect(
      code(await failure('research.replayAt', { path: join(root, 'empty', 'broken.atelier'), seq: 1 })),
    ).toMatchObject({
      code: 'invalid_argument',
    });
    expect((await failure('research.replayAt', { path: '/etc/hosts.atelier', seq: 1 }))?.code).toBe(
      'forbidden',
    );
  });
});
