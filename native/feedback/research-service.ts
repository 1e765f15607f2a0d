// Research mode, the researcher's side: the `research` group of StudioApi. The dashboard's
// analysis of a study's logs (per-session measures, per-condition rates with intervals, the
// comparisons), one session's events for its timeline, and the replay of a project file's log
// to the document at any event, with that file's images. Everything is read-only.
import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { StudioHandlers } from '../api/dispatch';
import { StudioError } from '../api/errors';
import {
  MAX_SESSION_EVENTS,
  type ResearchAnalysis,
  type ResearchComparison,
  type ResearchCondition,
  type ResearchEvent,
  type ResearchSession,
} from '../api/research';
import type { LogEvent } from '../model/feedback-events';
import { isInside, type FileAccess } from '../project/file-access';
import { Sqlite } from '../project/sqlite';
import { participantSessions } from './analysis/analyze';
import { compareConditions } from './analysis/compare';
import { SessionAccumulator } from './analysis/metrics';
import { findLogFiles, LogReadError, readLogs } from './analysis/read';
import type { ExportedEvent } from './export';
import { readEvents } from './log';
import { replay, ReplayError } from './replay';

type ResearchHandlers = Pick<
  StudioHandlers,
  'research.analyze' | 'research.sessionEvents' | 'research.replayAt' | 'research.asset'
>;

export interface ResearchServiceOptions {
  /** Where a client may read (web mode: the file root). */
  files: FileAccess;
  /** The loaded study's data folder (its participants' project files), or null without a study. */
  studyDataDir: () => Promise<string | null>;
}

/** Lets other calls run between batches of a long analysis (it runs in the engine's process). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** JSON has no NaN or Infinity: an undefined statistic is null. */
const fin = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

const isProjectFile = (path: string) => path.endsWith('.atelier');

function toEvent(event: ExportedEvent): ResearchEvent {
  return {
    seq: event.seq,
    type: event.type,
    name: event.name,
    wallTime: event.wallTime,
    monoTime: event.monoTime,
    durationMs: event.durationMs,
    targetIds: event.targetIds,
    args: event.args,
  };
}

/** Any failure to read a log, as the StudioError a client can show. */
function readFailure(error: unknown): StudioError {
  if (error instanceof StudioError) return error;
  if (error instanceof LogReadError) return new StudioError('invalid_argument', error.message);
  return new StudioError('internal', (error as Error).message ?? String(error));
}

interface SessionSource {
  accumulator: SessionAccumulator;
  path: string;
}

export class ResearchService {
  /** The last project file replayed: its whole log, kept while the file stays as it was. */
  private replayCache: { path: string; key: string; events: LogEvent[] } | null = null;

  constructor(private readonly options: ResearchServiceOptions) {}

  /**
   * A path a client may read: inside the file root, or inside the loaded study's data folder
   * (the engine's own folder, where the participants' projects are saved).
   */
  private async readable(path: string): Promise<string> {
    const dataDir = await this.options.studyDataDir();
    if (dataDir && isAbsolute(path) && !path.includes('\0')) {
      const [real, dataReal] = await Promise.all([
        realpath(path).catch(() => null),
        realpath(dataDir).catch(() => null),
      ]);
      if (real && dataReal && isInside(dataReal, real)) return real;
    }
    return this.options.files.resolve(path);
  }

  /** A file to read one session from: a project file or an exported JSON-lines log. */
  private async logFile(path: string, projectOnly: boolean): Promise<string> {
    const resolved = await this.readable(path);
    const info = await stat(resolved).catch(() => null);
    if (!info) throw new StudioError('not_found', `${basename(path)} does not exist`);
    if (!info.isFile()) throw new StudioError('invalid_argument', `${basename(path)} is not a file`);
    if (projectOnly && !isProjectFile(resolved)) {
      throw new StudioError(
        'invalid_argument',
        `${basename(path)} is not a project file: only .atelier files hold what replay needs`,
      );
    }
    if (!isProjectFile(resolved) && !resolved.endsWith('.jsonl')) {
      throw new StudioError('invalid_argument', `${basename(path)} is not a .atelier or .jsonl file`);
    }
    return resolved;
  }

  private async analyze(paths: string[], seed: number): Promise<ResearchAnalysis> {
    let inputs = paths;
    /** The study's own data: sessions without a participant id are left out (see participantSessions). */
    const studyData = inputs.length === 0;
    if (inputs.length === 0) {
      const dataDir = await this.options.studyDataDir();
      if (!dataDir) {
        throw new StudioError(
          'invalid_argument',
          'choose the folders or log files to analyse (no study is loaded)',
          'args.paths',
        );
      }
      const there = await stat(dataDir).catch(() => null);
      if (!there)
        return {
          files: [],
          events: 0,
          duplicates: 0,
          leftOut: 0,
          sessions: [],
          conditions: [],
          comparisons: [],
        };
      inputs = [dataDir];
    }
    const resolved = await Promise.all(inputs.map((p) => this.readable(p)));
    let files: string[];
    try {
      files = findLogFiles(resolved);
    } catch (error) {
      throw readFailure(error);
    }
    if (files.length === 0) {
      throw new StudioError(
        'not_found',
        `no .atelier or .jsonl files in ${inputs.map((p) => basename(p)).join(', ')}`,
      );
    }
    const sessions = new Map<string, SessionSource>();
    let events = 0;
    let duplicates = 0;
    try {
      for (const file of files) {
        for (const batch of readLogs([file])) {
          for (const event of batch) {
            let source = sessions.get(event.sessionId);
            if (!source) {
              source = { accumulator: new SessionAccumulator(event.sessionId), path: file };
              sessions.set(event.sessionId, source);
            } else if (!isProjectFile(source.path) && isProjectFile(file)) {
              source.path = file; // the same session in an export and its project: replay the project
            }
            if (source.accumulator.add(event)) events++;
            else duplicates++;
          }
          await breathe();
        }
      }
    } catch (error) {
      throw readFailure(error);
    }
    const pathOf = new Map([...sessions].map(([id, s]) => [id, s.path]));
    const all = [...sessions.values()].map((s) => s.accumulator.result());
    const { kept, leftOut } = studyData ? participantSessions(all) : { kept: all, leftOut: 0 };
    const metrics = kept.sort((a, b) =>
      a.condition !== b.condition ? (a.condition < b.condition ? -1 : 1) : a.startedAt - b.startedAt,
    );
    await breathe();
    const { conditions, comparisons } = compareConditions(metrics, { seed });
    return {
      files,
      events,
      duplicates,
      leftOut,
      sessions: metrics.map((m): ResearchSession => ({
        ...m,
        path: pathOf.get(m.sessionId)!,
        replayable: isProjectFile(pathOf.get(m.sessionId)!),
        acceptanceRate: fin(m.acceptanceRate),
        timeToFirstAcceptS: fin(m.timeToFirstAcceptS),
        regenerationsPerAccepted: fin(m.regenerationsPerAccepted),
        variantsViewedBeforeAccept: fin(m.variantsViewedBeforeAccept),
      })),
      conditions: conditions.map((c): ResearchCondition => ({
        condition: c.condition,
        sessions: c.sessions,
        participants: c.participants,
        variantsShown: c.variantsShown,
        variantsOffered: c.variantsOffered,
        variantsAccepted: c.variantsAccepted,
        variantsUndone: c.variantsUndone,
        acceptanceRate: fin(c.acceptanceRate),
        acceptanceRateCi: [fin(c.acceptanceRateCi[0]), fin(c.acceptanceRateCi[1])],
        medians: Object.fromEntries(Object.entries(c.medians).map(([k, v]) => [k, fin(v)])),
      })),
      comparisons: comparisons.map((c): ResearchComparison => ({
        ...c,
        estimateA: fin(c.estimateA),
        estimateB: fin(c.estimateB),
        difference: fin(c.difference),
        ciLow: fin(c.ciLow),
        ciHigh: fin(c.ciHigh),
        statistic: fin(c.statistic),
        p: fin(c.p),
        effectSize: fin(c.effectSize),
      })),
    };
  }

  private async sessionEvents(path: string, sessionId: string) {
    const file = await this.logFile(path, false);
    const events: ResearchEvent[] = [];
    let participantId: string | null = null;
    let condition: string | null = null;
    let found = false;
    let truncated = false;
    const seen = new Set<number>();
    try {
      for (const batch of readLogs([file])) {
        for (const event of batch) {
          if (event.sessionId !== sessionId || seen.has(event.seq)) continue;
          found = true;
          seen.add(event.seq);
          participantId = event.participantId ?? participantId;
          condition = event.condition ?? condition;
          if (events.length < MAX_SESSION_EVENTS) events.push(toEvent(event));
          else truncated = true;
        }
        await breathe();
      }
    } catch (error) {
      throw readFailure(error);
    }
    if (!found) throw new StudioError('not_found', `${basename(file)} has no session ${sessionId}`);
    return {
      path: file,
      sessionId,
      participantId,
      condition,
      replayable: isProjectFile(file),
      events,
      truncated,
    };
  }

  /** The whole log of a project file, from the cache while the file has not changed. */
  private async projectLog(file: string): Promise<LogEvent[]> {
    const info = await stat(file);
    const key = `${info.size}:${info.mtimeMs}`;
    if (this.replayCache?.path === file && this.replayCache.key === key) return this.replayCache.events;
    let db: Sqlite;
    try {
      db = new Sqlite(file, { readonly: true, mustExist: true });
    } catch {
      throw new StudioError('invalid_argument', `${basename(file)} cannot be opened as an Atelier project`);
    }
    try {
      let hasLog: unknown;
      try {
        hasLog = db.value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log'");
      } catch {
        throw new StudioError('invalid_argument', `${basename(file)} is not an Atelier project`);
      }
      if (!hasLog) throw new StudioError('invalid_argument', `${basename(file)} has no edit log`);
      const events = readEvents(db);
      this.replayCache = { path: file, key, events };
      return events;
    } catch (error) {
      if (error instanceof StudioError) throw error;
      throw new StudioError('invalid_argument', `${basename(file)}: the edit log is unreadable`);
    } finally {
      db.close();
    }
  }

  private async replayAt(path: string, seq: number) {
    const file = await this.logFile(path, true);
    const events = await this.projectLog(file);
    const lastSeq = events.at(-1)?.seq ?? 0;
    if (seq > lastSeq) {
      throw new StudioError(
        'invalid_argument',
        lastSeq === 0
          ? `${basename(file)}'s edit log is empty`
          : `event ${seq} is out of range: ${basename(file)}'s log has events 1 to ${lastSeq}`,
        'args.seq',
      );
    }
    const event = events.find((e) => e.seq === seq);
    if (!event) throw new StudioError('not_found', `${basename(file)}'s log has no event ${seq}`, 'args.seq');
    let doc;
    try {
      doc = replay(events, seq).doc;
    } catch (error) {
      if (error instanceof ReplayError) {
        throw new StudioError(
          'invalid_argument',
          `${basename(file)} cannot be replayed to event ${seq}: ${error.message}`,
        );
      }
      throw error;
    }
    return { seq, lastSeq, event: toEvent(event), document: doc };
  }

  private async asset(path: string, sha256: string) {
    const file = await this.logFile(path, true);
    let db: Sqlite;
    try {
      db = new Sqlite(file, { readonly: true, mustExist: true });
    } catch {
      throw new StudioError('invalid_argument', `${basename(file)} cannot be opened as an Atelier project`);
    }
    try {
      let row: { mime: string; data: Uint8Array } | undefined;
      try {
        row = db.get<{ mime: string; data: Uint8Array }>('SELECT mime, data FROM assets WHERE sha256 = ?', [
          sha256,
        ]);
      } catch {
        throw new StudioError('invalid_argument', `${basename(file)} is not an Atelier project`);
      }
      if (!row) throw new StudioError('not_found', `${basename(file)} has no such asset`);
      const bytes = row.data;
      return { mime: row.mime, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    } finally {
      db.close();
    }
  }

  handlers(): ResearchHandlers {
    return {
      'research.analyze': ({ paths, seed }) => this.analyze(paths, seed),
      'research.sessionEvents': ({ path, sessionId }) => this.sessionEvents(path, sessionId),
      'research.replayAt': ({ path, seq }) => this.replayAt(path, seq),
      'research.asset': ({ path, sha256 }) => this.asset(path, sha256),
    };
  }
}
