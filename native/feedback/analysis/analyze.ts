// `atelier study analyze`: many logs in, the tables, the comparisons and a report out — written
// into a temporary folder beside the target and renamed into place when all of it is done.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compareConditions, type Comparison, type ConditionSummary } from './compare';
import { SessionAccumulator, type SessionMetrics } from './metrics';
import { readLogs } from './read';
import { renderReport } from './report';
import { EventTables, toCsvText, writeSessionTables, type ExportOptions } from './tables';

export interface AnalyzeOptions extends ExportOptions {
  /** Seed of the bootstrap (the same seed, the same intervals). */
  seed?: number;
  resamples?: number;
}

export interface AnalysisResult {
  files: number;
  events: number;
  /** Events met a second time (same session and seq) and counted once. */
  duplicates: number;
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
] as const satisfies readonly (keyof Comparison)[];

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
  try {
    for (const batch of readLogs(files)) {
      for (const event of batch) {
        let session = sessions.get(event.sessionId);
        if (!session) sessions.set(event.sessionId, (session = new SessionAccumulator(event.sessionId)));
        if (session.add(event)) tables.add(event);
        else duplicates++;
      }
    }
  } finally {
    tables.close();
  }
  const metrics = [...sessions.values()]
    .map((s) => s.result())
    .sort((a, b) =>
      a.condition !== b.condition ? (a.condition < b.condition ? -1 : 1) : a.startedAt - b.startedAt,
    );
  writeSessionTables(dir, metrics);
  const { conditions, comparisons } = compareConditions(metrics, options);
  writeFileSync(join(dir, 'comparisons.csv'), toCsvText(comparisons, COMPARISON_COLUMNS));
  writeFileSync(join(dir, 'comparisons.json'), `${JSON.stringify({ conditions, comparisons }, null, 2)}\n`);
  const result: AnalysisResult = {
    files: files.length,
    events: tables.count,
    duplicates,
    sessions: metrics,
    conditions,
    comparisons,
  };
  writeFileSync(join(dir, 'report.html'), renderReport(result));
  return result;
}
