// Reading edit logs for analysis: project files (.atelier, read-only, through our Sqlite) and
// exported JSON lines (`atelier log export --format jsonl`), a batch at a time so millions of
// events never sit in memory together.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EventTypeSchema, type LogEvent } from '../../model/feedback-events';
import { Sqlite } from '../../project/sqlite';
import { forExport, type ExportedEvent } from '../export';
import { readRows } from '../log';

/** A log that cannot be read: named in the message, without its folder. */
export class LogReadError extends Error {
  override name = 'LogReadError';
}

const EVENT_TYPES: ReadonlySet<string> = new Set(EventTypeSchema.options);
/** Events per batch: few enough that a batch dies young (cheap for the garbage collector). */
const BATCH = 1000;

/** A schema version: a small whole number. */
export const isVersion = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000;

/** A duration: a finite, non-negative number of milliseconds. */
export const isDuration = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < Infinity;

/**
 * Checks the fields the analysis reads (cheaper than the full schema, for millions of events)
 * and drops the replay payload.
 */
function toEvent(value: unknown, where: () => string): ExportedEvent {
  const e = value as Partial<LogEvent> | null;
  if (
    !e ||
    typeof e !== 'object' ||
    typeof e.seq !== 'number' ||
    typeof e.wallTime !== 'number' ||
    typeof e.monoTime !== 'number' ||
    typeof e.sessionId !== 'string' ||
    typeof e.type !== 'string' ||
    !EVENT_TYPES.has(e.type) ||
    !Array.isArray(e.targetIds) ||
    !e.args ||
    typeof e.args !== 'object'
  ) {
    throw new LogReadError(`${where()}: not an edit-log event`);
  }
  e.participantId ??= null;
  e.condition ??= null;
  e.name ??= null;
  // Written out as they come: a schema version that is not a whole number, or a duration that
  // is not a number of milliseconds, is dropped (never passed on as text).
  if (e.durationMs !== null && !isDuration(e.durationMs)) e.durationMs = null;
  if (e.v !== undefined && !isVersion(e.v)) delete e.v;
  return 'payload' in e ? forExport(e as LogEvent) : (e as ExportedEvent);
}

/** The events of a project file's log, in seq order, in batches. */
export function* readProjectFile(path: string): Generator<ExportedEvent[]> {
  let db: Sqlite;
  try {
    db = new Sqlite(path, { readonly: true, mustExist: true });
  } catch (error) {
    throw new LogReadError(`${basename(path)}: cannot be opened (${(error as Error).message})`);
  }
  try {
    let hasLog: unknown;
    try {
      hasLog = db.value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log'");
    } catch {
      throw new LogReadError(`${basename(path)}: not an Atelier project`);
    }
    if (!hasLog) throw new LogReadError(`${basename(path)}: has no edit log`);
    const last = db.value<number>('SELECT MAX(seq) FROM log') ?? 0;
    for (let from = 1; from <= last; from += BATCH) {
      const rows = readRows(db, from, from + BATCH - 1);
      if (rows.length > 0)
        yield rows.map((row) => toEvent(JSON.parse(row.event), () => `${basename(path)} event ${row.seq}`));
    }
  } finally {
    db.close();
  }
}

/** The events of a JSON-lines export, in file order, in batches; blank lines are skipped. */
export function* readJsonl(path: string): Generator<ExportedEvent[]> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new LogReadError(
      `${basename(path)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    let rest = '';
    let line = 0;
    let batch: ExportedEvent[] = [];
    const take = (text: string) => {
      line++;
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new LogReadError(`${basename(path)} line ${line}: not JSON`);
      }
      batch.push(toEvent(value, () => `${basename(path)} line ${line}`));
    };
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      // Cut at the last newline so a multi-byte character is never split.
      const end = buffer.lastIndexOf(10, n - 1);
      if (end < 0) {
        rest += buffer.toString('utf8', 0, n);
        continue;
      }
      // Logs are mostly ASCII: for a chunk that is, Latin-1 decodes the same text, several times
      // faster than UTF-8.
      const encoding = isAscii(buffer.subarray(0, n)) ? 'latin1' : 'utf8';
      const text = rest + buffer.toString(encoding, 0, end);
      rest = buffer.toString(encoding, end + 1, n);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        take(text.slice(start, nl));
        start = nl + 1;
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      take(text.slice(start));
    }
    if (rest !== '') take(rest);
    if (batch.length > 0) yield batch;
  } finally {
    closeSync(fd);
  }
}

const isLog = (name: string) => name.endsWith('.atelier') || name.endsWith('.jsonl');

/**
 * The log files named: files as given, folders searched (with their subfolders) for `.atelier`
 * and `.jsonl` files, sorted so the order does not depend on the file system.
 */
export function findLogFiles(inputs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && isLog(entry.name)) found.push(path);
    }
  };
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input);
    } catch {
      throw new LogReadError(`${basename(input)}: no such file or folder`);
    }
    if (stat.isDirectory()) walk(input);
    else if (isLog(input)) found.push(input);
    else throw new LogReadError(`${basename(input)}: not a .atelier or .jsonl file`);
  }
  return [...new Set(found)];
}

/** Every event of the files, a batch at a time. */
export function* readLogs(files: readonly string[]): Generator<ExportedEvent[]> {
  for (const file of files) yield* file.endsWith('.atelier') ? readProjectFile(file) : readJsonl(file);
}
