// A participant's way through a study, through StudioApi: assignment, consent, the condition
// really changing the studio, pausing, the questionnaire, the end.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StudioError } from '../../../../native/api/errors';
import type { ProjectState } from '../../../../native/api/project';
import type { StudyState } from '../../../../native/api/study';
import type { LogEvent } from '../../../../native/model/feedback-events';
import { replay } from '../../../../native/feedback/replay';
import { readEvents } from '../../../../native/feedback/log';
import { Sqlite } from '../../../../native/project/sqlite';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { loadStudy, paintMask, studyText } from './study-fixtures';

const dir = tempDir();
const root = join(dir.path, 'home');
const data = join(dir.path, 'data');
mkdirSync(root);
const { engine, call, failure, finished } = testEngine(root, data);
afterEach(async () => {
  const study = await call<StudyState | null>('study.current');
  if (study?.participant) await call('study.end');
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

type Start = { participantId: string; condition: { id: string; settings: Record<string, unknown> } };

function events(path: string): LogEvent[] {
  const db = new Sqlite(path, { readonly: true, mustExist: true });
  try {
    return readEvents(db);
  } finally {
    db.close();
  }
}

/** Every log event in every project and recovery file under the user data folder. */
function allEvents(): LogEvent[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.atelier(-recovery)?$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  if (existsSync(data)) walk(data);
  return files.flatMap(events);
}

describe('a study through StudioApi', () => {
  it('balances 20 participants over the conditions (counts differ by at most one) and records only consents', async () => {
    await loadStudy(call, { id: 'balance', tasks: [{ id: 't', title: 'T', instructions: 'Go.' }] });
    const given: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 20; i++) {
      const start = await call<Start>('study.startParticipant', { studyId: 'balance' });
      expect(start.participantId).toMatch(/^P-[A-Z2-9]{5}$/);
      given[start.condition.id]!++;
      await call('study.consent', { given: true });
      await call('study.end');
      expect(Math.abs(given.a! - given.b!)).toBeLessThanOrEqual(1);
    }
    expect(given).toEqual({ a: 10, b: 10 });
    expect((await call<StudyState>('study.current')).counts).toEqual({ a: 10, b: 10 });
    // A declined participant is not counted (nor recorded anywhere).
    await call('study.startParticipant', { studyId: 'balance' });
    expect((await call<StudyState>('study.consent', { given: false })).counts).toEqual({ a: 10, b: 10 });
  });

  it('assigns fixed conditions by participant id, and refuses ids that are not pseudonyms', async () => {
    await loadStudy(call, { id: 'fixed', assignment: { kind: 'fixed', participants: { 'P-AAAAA': 'b' } } });
    const start = await call<Start>('study.startParticipant', { studyId: 'fixed', participantId: 'P-AAAAA' });
    expect(start.condition.id).toBe('b');
    await call('study.end');
    expect(
      (await failure('study.startParticipant', { studyId: 'fixed', participantId: 'P-ZZZZZ' }))?.code,
    ).toBe('not_found');
    expect((await failure('study.startParticipant', { studyId: 'fixed' }))?.message).toContain(
      'enter the participant id',
    );
    for (const bad of ['jo@example.com', 'Jo Smith', 'P-0612345678', 'x'.repeat(30)]) {
      const error = (await failure('study.startParticipant', {
        studyId: 'fixed',
        participantId: bad,
      })) as StudioError;
      expect(error.code, bad).toBe('invalid_argument');
      expect(error.field).toBe('args.participantId');
    }
  });

  it('logs nothing anywhere when consent is declined', async () => {
    const study = await loadStudy(call, { id: 'declined' });
    const before = allEvents().length;
    const start = await call<Start>('study.startParticipant', { studyId: 'declined' });
    const state = await call<StudyState>('study.consent', { given: false });
    expect(state.participant).toBeNull();
    expect(await call('project.current')).toBeNull();
    expect(allEvents().length).toBe(before);
    expect(allEvents().filter((e) => e.participantId === start.participantId)).toEqual([]);
    expect(existsSync(study.dataDir)).toBe(false);
    expect(state.counts).toEqual({ a: 0, b: 0 });
  });

  it('a consented participant works in a project whose every event carries them and their condition', async () => {
    const study = await loadStudy(call, { id: 'consented' });
    const start = await call<Start>('study.startParticipant', {
      studyId: 'consented',
      participantId: 'P-CCCCC',
    });
    const state = await call<StudyState>('study.consent', { given: true });
    expect(state.participant).toMatchObject({ phase: 'task', taskIndex: 0, loggingPaused: false });
    expect(state.participant!.task!.id).toBe('banner');
    expect(state.participant!.results).toBe(start.condition.id === 'a' ? 'staging' : 'inline');
    const project = await call<ProjectState>('project.current');
    expect(project.path).toBe(join(study.dataDir, 'P-CCCCC-banner.atelier'));
    expect(project.document.canvases[project.document.canvasOrder[0]!]!.width).toBe(48);
    const log = events(project.path!);
    expect(log.map((e) => e.type)).toEqual([
      'project.created',
      'session.started',
      'study.started',
      'study.consented',
      'study.task-started',
      'project.saved',
    ]);
    expect(new Set(log.map((e) => `${e.participantId}/${e.condition}`))).toEqual(
      new Set([`P-CCCCC/${start.condition.id}`]),
    );
    expect(log[2]!.args).toMatchObject({
      studySha256: study.sha256,
      tasks: 1,
      fillEngine: 'telea',
      variants: 5,
    });
    // The participant id is taken: another start with it keeps their condition.
    await call('study.end');
    const again = await call<Start>('study.startParticipant', {
      studyId: 'consented',
      participantId: 'P-CCCCC',
    });
    expect(again.condition.id).toBe(start.condition.id);
  });

  it('the condition decides the fill engine and variants, whatever the UI asks', async () => {
    await loadStudy(call, {
      id: 'engine',
      conditions: [
        { id: 'one', label: 'One', settings: { fillEngine: 'telea', variants: 1 } },
        { id: 'two', label: 'Two', settings: { fillEngine: 'patchmatch', variants: 2 } },
      ],
      assignment: { kind: 'fixed', participants: { 'P-ONE11': 'one', 'P-TWO22': 'two' } },
    });
    for (const [participantId, engineName, count] of [
      ['P-ONE11', 'telea', 1],
      ['P-TWO22', 'patchmatch', 2],
    ] as const) {
      await call('study.startParticipant', { studyId: 'engine', participantId });
      await call('study.consent', { given: true });
      const canvasId = await paintMask(call);
      const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>('project.generateFill', {
        canvasId,
        engine: 'auto',
        variants: 4,
        seed: 7,
      });
      expect(seeds).toHaveLength(count);
      const info = await finished(jobId);
      expect(info.state).toBe('done');
      const variants = (info.result as { variants: { engine: string }[] }).variants;
      expect(variants.map((v) => v.engine)).toEqual(Array(count).fill(engineName));
      const project = await call<ProjectState>('project.current');
      await call('study.end');
      const requested = events(project.path!).find((e) => e.type === 'generation.requested')!;
      expect(requested.args).toMatchObject({ engine: engineName, variants: count, conditionOverride: true });
    }
    // Outside a study the UI's choice stands.
    await call('project.new', { placement: { id: 'banner', name: 'Banner', width: 48, height: 32 } });
    const canvasId = await paintMask(call);
    const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>('project.generateFill', {
      canvasId,
      engine: 'telea',
      variants: 3,
    });
    expect(seeds).toHaveLength(3);
    await finished(jobId);
  });

  it('logs nothing the participant does while logging is paused; edits still work', async () => {
    await loadStudy(call, { id: 'pause' });
    await call('study.startParticipant', { studyId: 'pause', participantId: 'P-PAUSE' });
    await call('study.consent', { given: true });
    await call('feedback.log', { type: 'tool.changed', name: 'brush' });
    expect((await call<StudyState>('study.pauseLogging', { paused: true })).participant!.loggingPaused).toBe(
      true,
    );
    const canvasId = await paintMask(call);
    const { jobId } = await call<{ jobId: string }>('project.generateFill', { canvasId });
    await finished(jobId);
    await call('feedback.log', { type: 'variant.shown', targetIds: [jobId], args: { index: 0 } });
    const during = await call<ProjectState>('project.current');
    expect(during.document.canvases[canvasId]!.maskAssetId).not.toBeNull(); // the edit applied
    await call('study.pauseLogging', { paused: false });
    await call('feedback.log', { type: 'tool.changed', name: 'move' });
    const project = await call<ProjectState>('project.current');
    await call('study.nextTask');
    await call('study.submitQuestionnaire', { answers: { ease: 5 } });
    await call('study.end');
    const types = events(project.path!).map((e) => e.type);
    const paused = types.indexOf('study.logging-paused');
    const resumed = types.indexOf('study.logging-resumed');
    expect(paused).toBeGreaterThan(0);
    expect(types.slice(paused + 1, resumed).filter((t) => t !== 'project.saved')).toEqual([]);
    expect(types).not.toContain('gesture');
    expect(types).not.toContain('generation.requested');
    expect(types).not.toContain('variant.shown');
    expect(types.filter((t) => t === 'tool.changed')).toHaveLength(2);
    // Replay still reaches the document: resuming carries it, for the edits made while paused.
    const replayed = replay(events(project.path!)).doc;
    expect(replayed.canvases[canvasId]!.maskAssetId).toBe(during.document.canvases[canvasId]!.maskAssetId);
    expect(types.slice(-7)).toEqual([
      'study.task-finished',
      'project.saved',
      'study.questionnaire',
      'project.saved',
      'study.ended',
      'project.saved',
      'session.ended',
    ]);
  });

  it('checks the questionnaire answers and logs them (free text in its own event)', async () => {
    await loadStudy(call, { id: 'answers' });
    await call('study.startParticipant', { studyId: 'answers', participantId: 'P-ANSWR' });
    expect((await failure('study.submitQuestionnaire', { answers: { ease: 3 } }))?.message).toContain(
      'the consent step, not the questionnaire step',
    );
    await call('study.consent', { given: true });
    const project = await call<ProjectState>('project.current');
    expect((await call<StudyState>('study.nextTask')).participant!.phase).toBe('questionnaire');
    const bad: [unknown, string][] = [
      [{}, 'answers.ease: answer "It was easy." (1 to 7)'],
      [{ ease: 8 }, 'answers.ease: a whole number from 1 to 7'],
      [{ ease: 0 }, 'answers.ease: a whole number from 1 to 7'],
      [{ ease: '7' }, 'answers.ease: a whole number from 1 to 7'],
      [{ ease: 4, comments: 'x'.repeat(201) }, 'answers.comments: at most 200 characters (201 given)'],
      [{ ease: 4, comments: 3 }, 'answers.comments: a text answer, not a number'],
      [{ ease: 4, mood: 3 }, 'answers.mood: the questionnaire has no item "mood"'],
    ];
    for (const [answers, message] of bad) {
      const error = (await failure('study.submitQuestionnaire', { answers })) as StudioError;
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toBe(message);
    }
    const done = await call<StudyState>('study.submitQuestionnaire', {
      answers: { ease: 6, comments: 'The strip was handy' },
    });
    expect(done.participant).toMatchObject({ phase: 'done', questionnaireSubmitted: true });
    await call('study.end');
    const log = events(project.path!);
    const q = log.find((e) => e.type === 'study.questionnaire')!;
    expect(q.args).toEqual({ answers: { ease: 6, comments: { text: 19 } }, items: 2 });
    const answer = log.find((e) => e.type === 'study.answer')!;
    expect(answer.args).toEqual({ itemIndex: 1, chars: 19, answer: 'The strip was handy' });
    expect(log.find((e) => e.type === 'study.ended')!.args).toMatchObject({
      completed: true,
      tasksDone: 1,
      questionnaire: true,
    });
    expect(await call('project.current')).toBeNull();
  });

  it('refuses calls out of turn, with what to do', async () => {
    expect(
      (await failure('study.load', { text: studyText({ id: 'Bad Id' }), name: 'x.json' }))?.message,
    ).toContain('id: use lowercase');
    await loadStudy(call, { id: 'turns' });
    expect((await failure('study.consent', { given: true }))?.message).toBe('no participant has started');
    expect((await failure('study.startParticipant', { studyId: 'other' }))?.code).toBe('not_found');
    await call('study.startParticipant', { studyId: 'turns' });
    expect((await failure('study.startParticipant', { studyId: 'turns' }))?.message).toContain(
      'end their session first',
    );
    expect((await failure('study.load', { text: studyText(), name: 'x.json' }))?.code).toBe('conflict');
    expect((await failure('study.pauseLogging', { paused: true }))?.code).toBe('conflict');
    await call('study.consent', { given: false });
  });
});
