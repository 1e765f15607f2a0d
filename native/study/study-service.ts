// Research mode, engine side: the `study` group of StudioApi. A study is loaded, a participant
// starts (pseudonym, assigned condition), consents or declines, works through the tasks in
// projects whose every event carries the participant and condition, answers the questionnaire,
// ends. Declining logs nothing anywhere; pausing stops logging what the participant does.
import { realpath, readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute, sep } from 'node:path';
import { StudioError } from '../api/errors';
import type { StudioHandlers } from '../api/dispatch';
import type {
  ParticipantState,
  StudyAnswers,
  StudyCondition,
  StudyDefinition,
  StudyPhase,
  StudyState,
  StudyTask,
} from '../api/study';
import type { LogEventInput } from '../model/feedback-events';
import type { FileAccess } from '../project/file-access';
import { ensureSampleProject } from '../project/sample';
import type { ProjectService, StudyHooks } from '../project/service';
import { PROJECT_EXTENSION, ProjectSession, type SessionOptions } from '../project/session';
import { assignCondition, newParticipantId } from './assignment';
import { MAX_STUDY_BYTES, parseStudyText } from './study-file';
import { StudyRecords } from './study-records';

type StudyHandlers = Pick<
  StudioHandlers,
  | 'study.load'
  | 'study.current'
  | 'study.startParticipant'
  | 'study.consent'
  | 'study.pauseLogging'
  | 'study.nextTask'
  | 'study.submitQuestionnaire'
  | 'study.end'
>;

export interface StudyServiceOptions {
  userDataDir: string;
  appVersion: string;
  files: FileAccess;
  projects: ProjectService;
  onChanged: (state: StudyState | null) => void;
  /** Draws an index below n: balanced assignment's tie-break and generated pseudonyms. */
  pick?: (n: number) => number;
}

interface LoadedStudy {
  definition: StudyDefinition;
  sha256: string;
  /** The study file's folder (its `path` tasks live there); null for a study given as text. */
  baseDir: string | null;
  records: StudyRecords;
  dataDir: string;
}

interface Participant {
  id: string;
  condition: StudyCondition;
  phase: StudyPhase;
  taskIndex: number;
  paused: boolean;
  pausedAt: number;
  submitted: boolean;
  taskStartedAt: number;
}

export class StudyService {
  private study: LoadedStudy | null = null;
  private participant: Participant | null = null;
  /** Calls run one after another (a double click on "Next task" must not skip a task). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: StudyServiceOptions) {}

  /** The loaded study's data folder (its participants' projects), or null when none is loaded. */
  get dataDir(): string | null {
    return this.study?.dataDir ?? null;
  }

  /** What ProjectService asks while a participant works: their ids, their pause, their condition. */
  readonly hooks: StudyHooks = {
    session: () => {
      const p = this.participant;
      if (!p || p.phase === 'consent') return {};
      const logsPrompts = this.study?.definition.consent.logsPrompts ?? false;
      return {
        participantId: p.id,
        condition: p.condition.id,
        // Nothing while paused; prompt text only where the consent says so, whatever the
        // participant sets in the project.
        logFilter: (input) => {
          if (p.paused) return null;
          if (logsPrompts || input.text === undefined) return input;
          const { text: _dropped, ...rest } = input;
          return rest;
        },
      };
    },
    fill: () => {
      const p = this.participant;
      if (!p || p.phase === 'consent') return null;
      const { fillEngine, variants } = p.condition.settings;
      return {
        ...(fillEngine === undefined ? {} : { engine: fillEngine }),
        ...(variants === undefined ? {} : { variants }),
      };
    },
  };

  private serial<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }

  private loaded(): LoadedStudy {
    if (!this.study) throw new StudioError('conflict', 'no study is loaded');
    return this.study;
  }

  private active(...phases: StudyPhase[]): Participant {
    const p = this.participant;
    if (!p) throw new StudioError('conflict', 'no participant has started');
    if (!phases.includes(p.phase)) {
      throw new StudioError(
        'conflict',
        `${p.id} is at the ${p.phase} step, not ${phases.map((s) => `the ${s} step`).join(' or ')}`,
      );
    }
    return p;
  }

  private async state(): Promise<StudyState> {
    const study = this.loaded();
    const p = this.participant;
    const counts = await study.records.counts(study.definition);
    const participant: ParticipantState | null = p && {
      participantId: p.id,
      condition: p.condition,
      phase: p.phase,
      taskIndex: p.taskIndex,
      task: p.phase === 'task' ? study.definition.tasks[p.taskIndex]! : null,
      results: p.condition.settings.results ?? 'staging',
      loggingPaused: p.paused,
      questionnaireSubmitted: p.submitted,
    };
    return {
      definition: study.definition,
      sha256: study.sha256,
      counts,
      dataDir: study.dataDir,
      participant,
    };
  }

  private async changed(): Promise<StudyState> {
    const state = await this.state();
    this.options.onChanged(state);
    return state;
  }

  private async load(args: { path: string } | { text: string; name: string }): Promise<StudyState> {
    if (this.participant) {
      throw new StudioError(
        'conflict',
        `${this.participant.id} is still in the study: end their session before loading another study`,
      );
    }
    let text: string;
    let name: string;
    let baseDir: string | null = null;
    if ('path' in args) {
      const path = await this.options.files.resolve(args.path);
      name = basename(path);
      const info = await stat(path).catch(() => {
        throw new StudioError('not_found', `${name} does not exist`, 'path');
      });
      if (!info.isFile()) throw new StudioError('invalid_argument', `${name} is not a file`, 'path');
      if (info.size > MAX_STUDY_BYTES)
        throw new StudioError(
          'too_large',
          `${name} is larger than ${MAX_STUDY_BYTES / 1_000_000} MB`,
          'path',
        );
      text = await readFile(path, 'utf8');
      baseDir = dirname(path);
    } else {
      text = args.text;
      name = basename(args.name);
    }
    const { definition, sha256 } = parseStudyText(text, name);
    if (baseDir === null) {
      const task = definition.tasks.find((t) => t.project !== null && 'path' in t.project);
      if (task) {
        throw new StudioError(
          'invalid_argument',
          `task "${task.id}" starts from a project file, which a study given as text cannot name: load the study from its file`,
          'text',
        );
      }
    }
    const studiesDir = join(this.options.userDataDir, 'studies');
    this.study = {
      definition,
      sha256,
      baseDir,
      records: new StudyRecords(join(studiesDir, `${definition.id}.json`), definition.id),
      dataDir: join(studiesDir, definition.id),
    };
    return this.changed();
  }

  private async startParticipant(studyId: string, entered: string | undefined) {
    const study = this.loaded();
    if (study.definition.id !== studyId)
      throw new StudioError(
        'not_found',
        `the loaded study is "${study.definition.id}", not "${studyId}"`,
        'studyId',
      );
    if (this.participant) {
      throw new StudioError(
        'conflict',
        `${this.participant.id} is still in the study: end their session first`,
      );
    }
    const recorded = await study.records.participants();
    if (entered === undefined && study.definition.assignment.kind === 'fixed') {
      throw new StudioError(
        'invalid_argument',
        'this study assigns a condition to each participant by id: enter the participant id',
        'participantId',
      );
    }
    const id = entered ?? newParticipantId(new Set(recorded.map((r) => r.participantId)), this.options.pick);
    // A participant who comes back (after a crash) keeps the condition they were given.
    const before = recorded.find((r) => r.participantId === id);
    const condition =
      (before && study.definition.conditions.find((c) => c.id === before.conditionId)) ??
      assignCondition(study.definition, id, await study.records.counts(study.definition), this.options.pick);
    this.participant = {
      id,
      condition,
      phase: 'consent',
      taskIndex: 0,
      paused: false,
      pausedAt: 0,
      submitted: false,
      taskStartedAt: 0,
    };
    await this.changed();
    return { participantId: id, condition };
  }

  private async consent(given: boolean): Promise<StudyState> {
    const study = this.loaded();
    const p = this.active('consent');
    if (!given) {
      // Declined: nothing was written for them, and nothing will be.
      this.participant = null;
      return this.changed();
    }
    p.phase = 'task';
    try {
      await this.openTask(p, 0, [
        {
          type: 'study.started',
          args: {
            studySha256: study.sha256,
            tasks: study.definition.tasks.length,
            fillEngine: p.condition.settings.fillEngine ?? null,
            variants: p.condition.settings.variants ?? null,
            results: p.condition.settings.results ?? 'staging',
          },
        },
        { type: 'study.consented', args: { logsPrompts: study.definition.consent.logsPrompts } },
      ]);
    } catch (error) {
      p.phase = 'consent';
      throw error;
    }
    await study.records.add(p.id, p.condition.id);
    return this.changed();
  }

  /** Where a participant's task project is saved: `<dataDir>/<participant>-<task>.atelier`, never over another. */
  private dataPath(p: Participant, task: StudyTask): string {
    const dir = this.loaded().dataDir;
    mkdirSync(dir, { recursive: true });
    for (let n = 1; ; n++) {
      const path = join(dir, `${p.id}-${task.id}${n === 1 ? '' : `-${n}`}${PROJECT_EXTENSION}`);
      if (!existsSync(path)) return path;
    }
  }

  /** A `path` task's project file: inside the study file's folder once links are followed. */
  private async taskFile(path: string): Promise<string> {
    const base = this.loaded().baseDir!;
    const wanted = join(base, path);
    const real = await realpath(wanted).catch(() => {
      throw new StudioError('not_found', `the task's project ${path} is not beside the study file`);
    });
    const baseReal = await realpath(base);
    const rel = relative(baseReal, real);
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
      throw new StudioError('forbidden', `the task's project ${path} is outside the study file's folder`);
    return real;
  }

  /**
   * Opens task `index`'s project for the participant (a new one, or a copy of the sample or of
   * the task's file, saved in the data folder) and logs `before` and `study.task-started` there.
   */
  private async openTask(p: Participant, index: number, before: LogEventInput[] = []): Promise<void> {
    const study = this.loaded();
    const task = study.definition.tasks[index]!;
    const spec = task.project;
    const path = this.dataPath(p, task);
    let source: string | null = null;
    if (spec !== null && 'path' in spec) source = await this.taskFile(spec.path);
    if (spec !== null && 'sample' in spec) {
      source = (
        await ensureSampleProject(join(this.options.userDataDir, 'samples'), {
          appVersion: this.options.appVersion,
        })
      ).path;
    }
    // Prompts are logged as typed only where the consent says so, whatever the file said: set in
    // the first document, so it is no edit the participant could undo (the log filter guards the
    // prompts in any case, see hooks.session).
    const logPrompts = study.definition.consent.logsPrompts;
    await this.options.projects.adopt((options: SessionOptions) => {
      if (source !== null) {
        // The template's document and assets, with a log of the participant's own.
        return ProjectSession.fromTemplate(source, path, options, { logPrompts });
      }
      const placement = spec !== null && 'placement' in spec ? spec.placement : null;
      return ProjectSession.createNew(options, {
        name: (spec !== null && 'name' in spec && spec.name) || task.title,
        logPrompts,
        ...(placement
          ? {
              canvas: {
                name: placement.name,
                width: placement.width,
                height: placement.height,
                placement: placement.id,
              },
            }
          : {}),
      });
    });
    p.taskIndex = index;
    p.taskStartedAt = Date.now();
    await this.options.projects.inTurn(async (session) => {
      if (!session) throw new StudioError('internal', 'the task project did not open');
      for (const input of before) session.log.append(input);
      session.log.append({
        type: 'study.task-started',
        targetIds: [session.doc.id],
        args: { taskIndex: index, taskCount: study.definition.tasks.length },
      });
      await this.saveTo(session, path);
    });
  }

  private async saveTo(session: ProjectSession, path: string): Promise<void> {
    if (session.path === path) session.save();
    else if (session.path) session.save();
    else await session.saveAs(path);
  }

  /**
   * Logs study events into the participant's open project (even while paused: they hold no
   * content), runs `then` in the same turn (nothing the UI sent can come between), then saves it.
   */
  private async record(inputs: LogEventInput[], then?: (session: ProjectSession) => void): Promise<void> {
    const p = this.participant!;
    const task =
      this.loaded().definition.tasks[Math.min(p.taskIndex, this.loaded().definition.tasks.length - 1)]!;
    await this.options.projects.inTurn(async (session) => {
      if (!session) {
        throw new StudioError(
          'conflict',
          `${p.id}'s task project was closed: the study cannot record this step`,
        );
      }
      for (const input of inputs) {
        // Resuming carries the document as it stands (for replay only, never exported): the edits
        // made while paused are not in the log, so replay picks up from here.
        const withDoc =
          input.type === 'study.logging-resumed' ? { ...input, payload: { document: session.doc } } : input;
        session.log.append(withDoc);
      }
      then?.(session);
      await this.saveTo(session, session.path ?? this.dataPath(p, task));
    });
  }

  /** The marker that ends a pause, and what ending it does, in the same turn as the marker. */
  private resumed(p: Participant): [LogEventInput, (session: ProjectSession) => void] {
    return [
      { type: 'study.logging-resumed', durationMs: Math.max(0, Date.now() - p.pausedAt) },
      (session) => {
        p.paused = false;
        // Replay starts from the document the marker carries, with no history: so does the
        // studio, or an undo into the unlogged edits could not be replayed.
        session.clearHistory('the history starts again where logging resumed');
      },
    ];
  }

  /**
   * Pausing and resuming take effect exactly at their markers: the flag turns in the same turn
   * of the project's queue as the marker is written, so an event the UI sent meanwhile is either
   * before the marker (and logged as before) or after it (and logged as after).
   */
  private async pause(paused: boolean): Promise<StudyState> {
    const p = this.active('task', 'questionnaire');
    if (p.paused === paused) return this.state();
    if (paused) {
      await this.record([{ type: 'study.logging-paused' }], () => {
        p.paused = true;
        p.pausedAt = Date.now();
      });
    } else {
      const [marker, then] = this.resumed(p);
      await this.record([marker], then);
    }
    return this.changed();
  }

  private async nextTask(): Promise<StudyState> {
    const study = this.loaded();
    const p = this.active('task');
    const count = study.definition.tasks.length;
    // Finished while paused: recording resumes first (its marker carries the document, so the
    // task's log replays to its saved project); the next task starts recording, as the task bar shows.
    const [marker, then] = p.paused ? this.resumed(p) : [];
    await this.record(
      [
        ...(marker ? [marker] : []),
        {
          type: 'study.task-finished',
          args: { taskIndex: p.taskIndex, taskCount: count },
          durationMs: Math.max(0, Date.now() - p.taskStartedAt),
        },
      ],
      then,
    );
    if (p.taskIndex + 1 < count) {
      await this.options.projects.closeCurrent();
      await this.openTask(p, p.taskIndex + 1);
    } else {
      // The last project stays open: the questionnaire and the end are logged in it.
      p.taskIndex = count;
      p.phase = study.definition.questionnaire.length > 0 ? 'questionnaire' : 'done';
    }
    return this.changed();
  }

  private async submit(answers: StudyAnswers): Promise<StudyState> {
    const study = this.loaded();
    const p = this.active('questionnaire');
    const items = study.definition.questionnaire;
    for (const key of Object.keys(answers)) {
      if (!items.some((item) => item.id === key))
        throw new StudioError(
          'invalid_argument',
          `answers.${key}: the questionnaire has no item "${key}"`,
          `answers.${key}`,
        );
    }
    const logged: Record<string, number | { text: number }> = {};
    const texts: LogEventInput[] = [];
    items.forEach((item, itemIndex) => {
      const answer = answers[item.id];
      const field = `answers.${item.id}`;
      if (item.kind === 'likert') {
        if (answer === undefined)
          throw new StudioError(
            'invalid_argument',
            `${field}: answer "${item.prompt}" (1 to ${item.scale})`,
            field,
          );
        if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 1 || answer > item.scale)
          throw new StudioError(
            'invalid_argument',
            `${field}: a whole number from 1 to ${item.scale}`,
            field,
          );
        logged[item.id] = answer;
        return;
      }
      if (answer === undefined || answer === '') return; // a text item may be left empty
      if (typeof answer !== 'string')
        throw new StudioError('invalid_argument', `${field}: a text answer, not a number`, field);
      if (answer.length > item.maxChars)
        throw new StudioError(
          'invalid_argument',
          `${field}: at most ${item.maxChars} characters (${answer.length} given)`,
          field,
        );
      logged[item.id] = { text: answer.length };
      // The participant's own words, as typed: their own event, so --drop-free-text can drop them.
      texts.push({ type: 'study.answer', args: { itemIndex, chars: answer.length }, text: { answer } });
    });
    // Answered while paused: recording resumes first (the answers are the study's own record).
    const [marker, then] = p.paused ? this.resumed(p) : [];
    await this.record(
      [
        ...(marker ? [marker] : []),
        { type: 'study.questionnaire', args: { answers: logged, items: items.length } },
        ...texts,
      ],
      then,
    );
    p.submitted = true;
    p.phase = 'done';
    return this.changed();
  }

  private async end(): Promise<StudyState> {
    const study = this.loaded();
    const p = this.participant;
    if (!p) throw new StudioError('conflict', 'no participant has started');
    try {
      if (p.phase !== 'consent') {
        // Ended while paused: the pause ends first, its marker carrying the document (the edits
        // made while paused are not in the log, and replay must reach the saved document).
        const [marker, then] = p.paused ? this.resumed(p) : [];
        try {
          await this.record(
            [
              ...(marker ? [marker] : []),
              {
                type: 'study.ended',
                args: {
                  completed: p.phase === 'done',
                  tasksDone: Math.min(p.taskIndex, study.definition.tasks.length),
                  questionnaire: p.submitted,
                },
              },
            ],
            then,
          );
        } catch (error) {
          // No task project open (the next task's could not be opened): nothing to record the
          // end in. The session still ends, so the studio is not held in it.
          if (!(error instanceof StudioError && error.code === 'conflict')) throw error;
        }
        await this.options.projects.closeCurrent();
      }
    } finally {
      this.participant = null;
    }
    return this.changed();
  }

  handlers(): StudyHandlers {
    return {
      'study.load': (args) => this.serial(() => this.load(args)),
      'study.current': () => this.serial(() => (this.study ? this.state() : null)),
      'study.startParticipant': ({ studyId, participantId }) =>
        this.serial(() => this.startParticipant(studyId, participantId)),
      'study.consent': ({ given }) => this.serial(() => this.consent(given)),
      'study.pauseLogging': ({ paused }) => this.serial(() => this.pause(paused)),
      'study.nextTask': () => this.serial(() => this.nextTask()),
      'study.submitQuestionnaire': ({ answers }) => this.serial(() => this.submit(answers)),
      'study.end': () => this.serial(() => this.end()),
    };
  }
}
