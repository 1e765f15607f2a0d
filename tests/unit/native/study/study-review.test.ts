// What a review of research mode found: undo across a resumed pause, pause/resume racing the
// UI's events, a participant leaving the data folder (Save As, Open, New), the prompt-logging
// setting undone, task templates bringing their own history.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StudioError } from '../../../../native/api/errors';
import type { ProjectState } from '../../../../native/api/project';
import type { StudyState } from '../../../../native/api/study';
import type { LogEvent } from '../../../../native/model/feedback-events';
import { replay } from '../../../../native/feedback/replay';
import { readEvents } from '../../../../native/feedback/log';
import { verifyLog } from '../../../../native/feedback/verify';
import { inspectProjectFile } from '../../../../native/project/project-file';
import { Sqlite } from '../../../../native/project/sqlite';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { loadStudy, studyText } from './study-fixtures';

const dir = tempDir();
const root = join(dir.path, 'home');
const data = join(dir.path, 'data');
mkdirSync(root);
const { engine, call, failure } = testEngine(root, data);
afterEach(async () => {
  const study = await call<StudyState | null>('study.current');
  if (study?.participant) await call('study.end');
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

function events(path: string): LogEvent[] {
  const db = new Sqlite(path, { readonly: true, mustExist: true });
  try {
    return readEvents(db);
  } finally {
    db.close();
  }
}

async function rename(name: string): Promise<ProjectState> {
  const { revision } = await call<ProjectState>('project.current');
  await call('project.edit', {
    edit: { kind: 'command', command: { type: 'project.rename', args: { name } } },
    revision,
  });
  return call<ProjectState>('project.current');
}

async function undo() {
  const { revision } = await call<ProjectState>('project.current');
  return failure('project.edit', { edit: { kind: 'undo' }, revision });
}

async function begin(studyId: string, participantId: string, overrides: Record<string, unknown> = {}) {
  await loadStudy(call, { id: studyId, ...overrides });
  await call('study.startParticipant', { studyId, participantId });
  await call('study.consent', { given: true });
  return call<ProjectState>('project.current');
}

/** Ends the participant's session; the task project's log and saved document. */
async function finish(path: string) {
  await call('study.end');
  return { log: events(path), saved: inspectProjectFile(path).doc };
}

describe('research mode, after review', () => {
  it('resuming logging starts a new undo history, so the log replays to the saved document', async () => {
    const project = await begin('undo-resume', 'P-UNDOR');
    await rename('A');
    await call('study.pauseLogging', { paused: true });
    await rename('B'); // not logged
    await call('study.pauseLogging', { paused: false });
    const resumed = await call<ProjectState>('project.current');
    expect(resumed.undoLabels).toEqual([]);
    expect(resumed.redoLabels).toEqual([]);
    // "A" was made before the pause, "B" during it: neither can be undone any more.
    const refused = (await undo()) as StudioError;
    expect(refused?.code).toBe('invalid_argument');
    expect(refused.message).toBe('nothing to undo: the history starts again where logging resumed');
    expect((await call<ProjectState>('project.current')).document.name).toBe('B');
    // New work after the resume is undone as usual.
    await rename('C');
    expect(await undo()).toBeNull();
    await rename('D');
    const { log, saved } = await finish(project.path!);
    expect(saved.name).toBe('D');
    expect(log.map((e) => e.type)).toContain('undo');
    expect(replay(log).doc).toEqual(saved);
  });

  it('a session ended while paused still replays to the saved document', async () => {
    const project = await begin('end-paused', 'P-ENDPS');
    await rename('A');
    await call('study.pauseLogging', { paused: true });
    await rename('B'); // not logged
    const { log, saved } = await finish(project.path!);
    expect(saved.name).toBe('B');
    expect(log.map((e) => e.type).slice(-4)).toEqual([
      'study.logging-resumed',
      'study.ended',
      'project.saved',
      'session.ended',
    ]);
    expect(replay(log).doc).toEqual(saved);
  });

  it('a task finished while paused resumes recording first, so its log replays to its saved project', async () => {
    const task = (id: string) => ({
      id,
      title: `Task ${id}`,
      instructions: 'Rename it.',
      project: { placement: { id: 'banner', name: 'Banner', width: 64, height: 32 } },
    });
    const project = await begin('next-paused', 'P-NEXTP', { tasks: [task('one'), task('two')] });
    await rename('A');
    await call('study.pauseLogging', { paused: true });
    await rename('B'); // not logged
    const state = await call<StudyState>('study.nextTask');
    expect(state.participant!.taskIndex).toBe(1);
    expect(state.participant!.loggingPaused).toBe(false);
    const log = events(project.path!);
    const types = log.map((e) => e.type);
    expect(types.indexOf('study.logging-resumed')).toBeLessThan(types.indexOf('study.task-finished'));
    expect(replay(log).doc).toEqual(inspectProjectFile(project.path!).doc);
  });

  it('ends a session whose next task cannot be opened, and frees the studio', async () => {
    // A study file beside a template project; the template goes missing after the study loads.
    const folder = join(root, 'broken-study');
    mkdirSync(folder, { recursive: true });
    await call('project.new', { placement: { id: 'banner', name: 'Banner', width: 64, height: 32 } });
    await call('project.saveAs', { path: join(folder, 'template.atelier') });
    await call('project.close', {});
    const studyPath = join(folder, 'study.json');
    writeFileSync(
      studyPath,
      studyText({
        id: 'broken',
        tasks: [
          {
            id: 'one',
            title: 'One',
            instructions: 'Rename it.',
            project: { placement: { id: 'banner', name: 'Banner', width: 64, height: 32 } },
          },
          { id: 'two', title: 'Two', instructions: 'Again.', project: { path: 'template.atelier' } },
        ],
      }),
    );
    await call('study.load', { path: studyPath });
    await call('study.startParticipant', { studyId: 'broken', participantId: 'P-STUCK' });
    await call('study.consent', { given: true });
    rmSync(join(folder, 'template.atelier'));
    expect(await failure('study.nextTask')).not.toBeNull();
    const ended = await call<StudyState>('study.end');
    expect(ended.participant).toBeNull();
    // The studio is free again: a project can be made.
    await call('project.new', { placement: { id: 'banner', name: 'Banner', width: 64, height: 32 } });
    expect(await call('project.current')).not.toBeNull();
    await call('project.close', { discard: true });
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers given while paused resume recording first', async () => {
    const project = await begin('answer-paused', 'P-ANSWP');
    await call('study.nextTask');
    await call('study.pauseLogging', { paused: true });
    await call('study.submitQuestionnaire', { answers: { ease: 4 } });
    const { log } = await finish(project.path!);
    const types = log.map((e) => e.type);
    expect(types.indexOf('study.logging-resumed')).toBeGreaterThan(types.indexOf('study.logging-paused'));
    expect(types.indexOf('study.logging-resumed')).toBeLessThan(types.indexOf('study.questionnaire'));
  });

  it('pause and resume take effect exactly at their markers, however the UI events interleave', async () => {
    const project = await begin('race', 'P-RACE2');
    const calls: Promise<unknown>[] = [];
    // Each UI event is told apart by its args.index: round * 100 + what * 20 + i.
    const [BEFORE, PAUSING, DURING, RESUMING, AFTER] = [0, 1, 2, 3, 4];
    const code = (round: number, what: number, i = 0) => round * 100 + what * 20 + i;
    const sent = (index: number) =>
      calls.push(call('feedback.log', { type: 'variant.shown', args: { index } }));
    for (let round = 0; round < 6; round++) {
      sent(code(round, BEFORE));
      const pausing = call('study.pauseLogging', { paused: true });
      for (let i = 0; i < 12; i++) {
        await Promise.resolve();
        sent(code(round, PAUSING, i));
      }
      await pausing;
      sent(code(round, DURING));
      const resuming = call('study.pauseLogging', { paused: false });
      for (let i = 0; i < 12; i++) {
        await Promise.resolve();
        sent(code(round, RESUMING, i));
      }
      await resuming;
      sent(code(round, AFTER));
    }
    await Promise.all(calls);
    const { log } = await finish(project.path!);
    let paused = false;
    const logged: number[] = [];
    for (const e of log) {
      if (e.type === 'study.logging-paused') paused = true;
      else if (e.type === 'study.logging-resumed') paused = false;
      else if (e.type === 'variant.shown') {
        const index = e.args.index as number;
        expect(paused, `event ${index} was logged while paused`).toBe(false);
        logged.push(index);
      }
    }
    expect(log.filter((e) => e.type === 'study.logging-paused')).toHaveLength(6);
    expect(log.filter((e) => e.type === 'study.logging-resumed')).toHaveLength(6);
    const of = (round: number, what: number) =>
      logged.filter((n) => n >= code(round, what) && n < code(round, what + 1)).map((n) => n % 20);
    for (let round = 0; round < 6; round++) {
      // Sent before the pause was asked for, or after the resume was done: always logged.
      expect(of(round, BEFORE)).toEqual([0]);
      expect(of(round, AFTER)).toEqual([0]);
      expect(of(round, DURING)).toEqual([]);
      // Sent while the pause was on its way: logged up to the marker, none after it.
      const p = of(round, PAUSING);
      expect(p).toEqual(Array.from({ length: p.length }, (_, i) => i));
      // Sent while the resume was on its way: none up to the marker, all after it.
      const r = of(round, RESUMING);
      expect(r).toEqual(Array.from({ length: r.length }, (_, i) => 12 - r.length + i));
    }
  });

  it('keeps the participant in the data folder: no Save As, Open, New, sample, recovery or Close', async () => {
    const project = await begin('stay', 'P-STAYY');
    const elsewhere = join(root, 'elsewhere.atelier');
    for (const [method, args] of [
      ['project.saveAs', { path: elsewhere }],
      ['project.open', { path: elsewhere }],
      ['project.new', { name: 'Mine' }],
      ['project.openSample', undefined],
      ['project.recover', { id: 'x.atelier-recovery' }],
      ['project.close', { discard: true }],
    ] as const) {
      const error = (await failure(method, args)) as StudioError;
      expect(error?.code, method).toBe('conflict');
      expect(error.message, method).toMatch(/^a study session is running: /);
    }
    expect(readdirSync(root)).toEqual([]);
    expect((await call<ProjectState>('project.current')).path).toBe(project.path);
    // Saving in place is fine.
    await rename('Kept');
    expect(await failure('project.save')).toBeNull();
    await call('study.end');
    // Once the session has ended, the studio is the researcher's again.
    expect(await failure('project.new', { name: 'Mine' })).toBeNull();
  });

  it("sets the study's prompt logging before the history starts: the participant cannot undo it", async () => {
    const project = await begin('prompts', 'P-PRMPT', {
      consent: { text: 'We record your prompts.', logsPrompts: true },
    });
    expect(project.document.logPrompts).toBe(true);
    expect(project.undoLabels).toEqual([]);
    expect(((await undo()) as StudioError)?.message).toBe('nothing to undo');
    const { log, saved } = await finish(project.path!);
    expect(saved.logPrompts).toBe(true);
    expect(log.map((e) => e.type)).not.toContain('command');
    expect(replay(log).doc).toEqual(saved);
    // A task from a template (the sample does not log prompts): set in its first document too.
    const sample = await begin('prompts-sample', 'P-PRMPS', {
      consent: { text: 'We record your prompts.', logsPrompts: true },
      tasks: [{ id: 'sample', title: 'The sample', instructions: 'Tidy it.', project: { sample: true } }],
    });
    expect(sample.document.logPrompts).toBe(true);
    expect(sample.undoLabels).toEqual([]);
    const copied = await finish(sample.path!);
    expect(copied.saved.logPrompts).toBe(true);
    expect(replay(copied.log).doc).toEqual(copied.saved);
  });

  it("starts a task from a template with a log of the participant's own, in a file written whole", async () => {
    const project = await begin('sample', 'P-SAMPL', {
      tasks: [{ id: 'sample', title: 'The sample', instructions: 'Tidy it.', project: { sample: true } }],
    });
    const state = await call<StudyState>('study.current');
    expect(project.document.canvasOrder.length).toBeGreaterThan(0);
    await rename('Tidied');
    const { log, saved } = await finish(project.path!);
    expect(log[0]!.type).toBe('project.created');
    expect(new Set(log.map((e) => e.participantId))).toEqual(new Set(['P-SAMPL']));
    expect(new Set(log.map((e) => e.sessionId)).size).toBe(1);
    expect(log.filter((e) => e.type === 'session.started')).toHaveLength(1);
    const db = new Sqlite(project.path!, { readonly: true, mustExist: true });
    try {
      expect(verifyLog(db)).toMatchObject({ ok: true, count: log.length });
    } finally {
      db.close();
    }
    expect(replay(log).doc).toEqual(saved);
    expect(saved.name).toBe('Tidied');
    // Nothing but the participant's file in the data folder (no temporary copy left behind).
    expect(readdirSync(state.dataDir)).toEqual(['P-SAMPL-sample.atelier']);
  });
});
