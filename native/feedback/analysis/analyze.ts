// `atelier study analyze`: many logs in, the tables, the comparisons and a report out — written
// into a temporary folder beside the target and renamed into place when all of it is done.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compareConditions, type Comparison, type ConditionSummary } from './compare';
import { SessionAccumulator, type SessionMetrics } from './metrics';
import { readLogs } from './read';
import { renderReport } from './report';
import { EventTables, safeLabel, toCsvText, writeSessionTables, type ExportOptions } from './tables';

export interface AnalyzeOptions extends ExportOptions {
  /** Seed of the bootstrap (the same seed, the same intervals). */
  seed?: number;
  resamples?: number;
  /**
   * A study's analysis: when any session has a participant id, the sessions without one (not a
   * participant's: a project opened outside the study) are left out of the sessions table and
   * the comparisons, and counted in `leftOut`. The event tables keep every event read.
   */
  participantsOnly?: boolean;
}

export interface AnalysisResult {
  files: number;
  events: number;
  /** Events met a second time (same session and seq) and counted once. */
  duplicates: number;
  /** Sessions left out for want of a participant id (see AnalyzeOptions.participantsOnly). */
  leftOut: number;
  sessions: SessionMetrics[];
  conditions: ConditionSummary[];
  comparisons: Comparison[];
}

/** The files written into the output folder. */
export const OUTPUT_FILES = [
  'events.csv',
  'events.jsonl',
  'events.parquet',
  'sessions.csv',
  'sessions.parquet',
  'comparisons.csv',
  'comparisons.json',
  'report.html',
] as const;

const COMPARISON_COLUMNS = [
  'a',
  'b',
  'metric',
  'nA',
  'nB',
  'estimateA',
  'estimateB',
  'difference',
  'ciLow',
  'ciHigh',
  'test',
  'statistic',
  'p',
  'effectSize',
  'effectSizeName',
  'unit',
  'note',
] as const satisfies readonly (keyof Comparison)[];

/**
 * The sessions a study analyses: when any has a participant id, those without one are left out.
 * Sessions with no participant ids at all (logs from outside a study) are all kept.
 */
export function participantSessions<T extends { participantId: string | null }>(
  sessions: readonly T[],
): { kept: T[]; leftOut: number } {
  if (!sessions.some((s) => s.participantId !== null)) return { kept: [...sessions], leftOut: 0 };
  const kept = sessions.filter((s) => s.participantId !== null);
  return { kept, leftOut: sessions.length - kept.length };
}

/** Condition labels as the files write them: plain labels pass, anything else is hashed. */
function labelled(conditions: ConditionSummary[], comparisons: Comparison[]) {
  return {
    conditions: conditions.map((c) => ({ ...c, condition: safeLabel(c.condition)! })),
    comparisons: comparisons.map((c) => ({ ...c, a: safeLabel(c.a)!, b: safeLabel(c.b)! })),
  };
}

/** Analyses the log files into `outDir`, which must not exist yet or be empty. */
export function analyzeStudy(
  files: readonly string[],
  outDir: string,
  options: AnalyzeOptions = {},
): AnalysisResult {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new Error(`${basename(outDir)} already exists and is not empty`);
  }
  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = join(dirname(outDir), `.${basename(outDir)}.${randomBytes(6).toString('hex')}.writing`);
  mkdirSync(tmp);
  try {
    const result = analyzeInto(files, tmp, options);
    if (existsSync(outDir)) rmSync(outDir, { recursive: true }); // empty, checked above
    renameSync(tmp, outDir);
    return result;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

function analyzeInto(files: readonly string[], dir: string, options: AnalyzeOptions): AnalysisResult {
  const sessions = new Map<string, SessionAccumulator>();
  const tables = new EventTables(dir, options);
  let duplicates = 0;
  // A session's events mostly come in a run: the last one is checked before the map.
  let last: SessionAccumulator | undefined;
  try {
    for (const batch of readLogs(files)) {
      for (const event of batch) {
        let session =
          last !== undefined && last.sessionId === event.sessionId ? last : sessions.get(event.sessionId);
        if (!session) sessions.set(event.sessionId, (session = new SessionAccumulator(event.sessionId)));
        last = session;
        if (session.add(event)) tables.add(event);
        else duplicates++;
      }
    }
  } finally {
    tables.close();
  }
  const all = [...sessions.values()].map((s) => s.result());
  const { kept, leftOut } = options.participantsOnly ? participantSessions(all) : { kept: all, leftOut: 0 };
  const metrics = kept.sort((a, b) =>
    a.condition !== b.condition ? (a.condition < b.condition ? -1 : 1) : a.startedAt - b.startedAt,
  );
  writeSessionTables(dir, metrics);
  const { conditions, comparisons } = compareConditions(metrics, options);
  const safe = labelled(conditions, comparisons);
  writeFileSync(join(dir, 'comparisons.csv'), toCsvText(safe.comparisons, COMPARISON_COLUMNS));
  writeFileSync(join(dir, 'comparisons.json'), `${JSON.stringify(safe, null, 2)}\n`);
  const result: AnalysisResult = {
    files: files.length,
    events: tables.count,
    duplicates,
    leftOut,
    sessions: metrics,
    conditions,
    comparisons,
  };
  writeFileSync(join(dir, 'report.html'), renderReport(result));
  return result;
}
