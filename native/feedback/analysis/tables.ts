// The tables of a study's analysis, as files: tidy CSV, JSON lines and Parquet (hyparquet-writer,
// pure JS). Every event is checked again on the way out, whatever the log let through: ids,
// the studio's own words and numbers pass, other text becomes its length, and prompts (kept
// only where the project allowed it) can be dropped too.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { LOGGABLE_TEXT } from '../../model/feedback-events';
import { safeIds, safeName, sanitizeArgs, type Json } from '../../model/sanitize';
import type { ExportedEvent } from '../export';
import type { SessionMetrics } from './metrics';

export interface ExportOptions {
  /** Replace the prompts the project allowed the log to keep by their length, like any free text. */
  dropFreeText?: boolean;
}

/** An event as the analysis writes it: the envelope and sanitized args, no hashes. */
export type AnalysisEvent = Omit<ExportedEvent, 'prevHash' | 'hash'>;

const LABEL = /^[A-Za-z0-9_.:@ -]{1,100}$/;
const KEY = /^[a-z][a-zA-Z0-9_]{0,40}$/;
const LOGGABLE: ReadonlySet<string> = new Set(LOGGABLE_TEXT);
/** Inline data and long base64 runs inside kept text. */
const EMBEDDED_DATA = /data:[a-z]+\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*|[A-Za-z0-9+/]{200,}={0,2}/gi;

/** A session id, participant id or condition as written: plain labels pass, anything else is hashed. */
export function safeLabel(value: string | null): string | null {
  if (value === null) return null;
  return LABEL.test(value)
    ? value
    : `redacted:${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

/** Walks sanitized args again: strings that are not ids or studio words become `{text: length}`. */
function recheck(value: Json, depth: number): Json {
  if (typeof value === 'string') return sanitizeArgs(value);
  if (value === null || typeof value !== 'object' || depth > 6)
    return typeof value === 'object' ? null : value;
  if (Array.isArray(value)) return value.map((item) => recheck(item, depth + 1));
  const out: Record<string, Json> = {};
  let index = 0;
  for (const [key, item] of Object.entries(value))
    out[KEY.test(key) ? key : `key${index++}`] = recheck(item, depth + 1);
  return out;
}

export function sanitizeForAnalysis(event: ExportedEvent, options: ExportOptions = {}): AnalysisEvent {
  const args: Record<string, Json> = {};
  for (const [key, value] of Object.entries(event.args)) {
    if (LOGGABLE.has(key) && typeof value === 'string') {
      args[key] = options.dropFreeText ? { text: value.length } : value.replace(EMBEDDED_DATA, '[data]');
    } else {
      args[KEY.test(key) ? key : `key${Object.keys(args).length}`] = recheck(value as Json, 1);
    }
  }
  return {
    v: event.v,
    seq: event.seq,
    wallTime: event.wallTime,
    monoTime: event.monoTime,
    sessionId: safeLabel(event.sessionId)!,
    participantId: safeLabel(event.participantId),
    condition: safeLabel(event.condition),
    type: event.type,
    name: safeName(event.name),
    targetIds: safeIds(event.targetIds),
    args,
    durationMs: event.durationMs,
  };
}

/** One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Appends text to a file through a buffer of about a megabyte. */
class TextFile {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

type ColumnType = 'STRING' | 'DOUBLE' | 'INT32' | 'BOOLEAN';
interface Column<Row> {
  name: string;
  type: ColumnType;
  get(row: Row): string | number | boolean | null;
}

/** A Parquet file written a row group at a time (rows are held only until their group is full). */
class ParquetTable<Row> {
  private readonly writer: ParquetWriter;
  private data: (string | number | boolean | null)[][];
  private count = 0;

  constructor(
    path: string,
    private readonly columns: Column<Row>[],
    private readonly groupSize = 100_000,
  ) {
    const specs: ColumnSource[] = columns.map((c) => ({
      name: c.name,
      type: c.type,
      data: [],
      nullable: true,
    }));
    this.writer = new ParquetWriter({
      writer: fileWriter(path),
      schema: schemaFromColumnData({ columnData: specs }),
      createdBy: 'atelier',
    });
    this.data = columns.map(() => []);
  }

  add(row: Row): void {
    for (let i = 0; i < this.columns.length; i++) this.data[i]!.push(this.columns[i]!.get(row));
    if (++this.count >= this.groupSize) this.flush();
  }

  private flush(): void {
    if (this.count === 0) return;
    void this.writer.write({
      columnData: this.columns.map((c, i) => ({
        name: c.name,
        type: c.type,
        data: this.data[i]!,
        nullable: true,
      })),
      rowGroupSize: this.count,
    });
    this.data = this.columns.map(() => []);
    this.count = 0;
  }

  close(): void {
    this.flush();
    void this.writer.finish();
  }
}

/** The columns of events.csv and events.parquet, in order. */
export const EVENT_COLUMNS: Column<AnalysisEvent & { iso: string }>[] = [
  { name: 'session_id', type: 'STRING', get: (e) => e.sessionId },
  { name: 'seq', type: 'INT32', get: (e) => e.seq },
  { name: 'wall_time', type: 'STRING', get: (e) => e.iso },
  { name: 'wall_time_ms', type: 'DOUBLE', get: (e) => e.wallTime },
  { name: 'mono_time_ms', type: 'DOUBLE', get: (e) => e.monoTime },
  { name: 'participant_id', type: 'STRING', get: (e) => e.participantId },
  { name: 'condition', type: 'STRING', get: (e) => e.condition },
  { name: 'type', type: 'STRING', get: (e) => e.type },
  { name: 'name', type: 'STRING', get: (e) => e.name },
  { name: 'target_ids', type: 'STRING', get: (e) => e.targetIds.join(' ') },
  {
    name: 'job_id',
    type: 'STRING',
    get: (e) => e.targetIds.find((id) => id.startsWith('job:')) ?? null,
  },
  {
    name: 'variant_index',
    type: 'INT32',
    get: (e) =>
      e.type.startsWith('variant.') && typeof e.args['index'] === 'number'
        ? (e.args['index'] as number)
        : null,
  },
  { name: 'duration_ms', type: 'DOUBLE', get: (e) => e.durationMs },
  { name: 'args', type: 'STRING', get: (e) => JSON.stringify(e.args) },
];

/** The columns of sessions.csv and sessions.parquet, in order. */
export const SESSION_COLUMNS: Column<SessionMetrics>[] = [
  { name: 'session_id', type: 'STRING', get: (s) => safeLabel(s.sessionId) },
  { name: 'participant_id', type: 'STRING', get: (s) => safeLabel(s.participantId) },
  { name: 'condition', type: 'STRING', get: (s) => safeLabel(s.condition) },
  { name: 'started_at', type: 'STRING', get: (s) => new Date(s.startedAt).toISOString() },
  { name: 'events', type: 'INT32', get: (s) => s.events },
  { name: 'time_on_task_s', type: 'DOUBLE', get: (s) => s.timeOnTaskS },
  { name: 'edits', type: 'INT32', get: (s) => s.edits },
  { name: 'undos', type: 'INT32', get: (s) => s.undos },
  { name: 'redos', type: 'INT32', get: (s) => s.redos },
  { name: 'generations', type: 'INT32', get: (s) => s.generations },
  { name: 'regenerations', type: 'INT32', get: (s) => s.regenerations },
  { name: 'failed_generations', type: 'INT32', get: (s) => s.failedGenerations },
  { name: 'variants_shown', type: 'INT32', get: (s) => s.variantsShown },
  { name: 'variants_accepted', type: 'INT32', get: (s) => s.variantsAccepted },
  { name: 'acceptance_rate', type: 'DOUBLE', get: (s) => s.acceptanceRate },
  { name: 'time_to_first_accept_s', type: 'DOUBLE', get: (s) => s.timeToFirstAcceptS },
  { name: 'regenerations_per_accepted', type: 'DOUBLE', get: (s) => s.regenerationsPerAccepted },
  { name: 'variants_viewed_before_accept', type: 'DOUBLE', get: (s) => s.variantsViewedBeforeAccept },
];

const header = (columns: Column<never>[]) => `${columns.map((c) => c.name).join(',')}\n`;

/** events.csv, events.jsonl and events.parquet, written as the events stream by. */
export class EventTables {
  private readonly csv: TextFile;
  private readonly jsonl: TextFile;
  private readonly parquet: ParquetTable<AnalysisEvent & { iso: string }>;
  count = 0;

  constructor(
    dir: string,
    private readonly options: ExportOptions = {},
  ) {
    this.csv = new TextFile(join(dir, 'events.csv'));
    this.jsonl = new TextFile(join(dir, 'events.jsonl'));
    this.parquet = new ParquetTable(join(dir, 'events.parquet'), EVENT_COLUMNS);
    this.csv.write(header(EVENT_COLUMNS as Column<never>[]));
  }

  add(event: ExportedEvent): void {
    const clean = sanitizeForAnalysis(event, this.options);
    this.jsonl.write(`${JSON.stringify(clean)}\n`);
    const row = Object.assign(clean, { iso: new Date(clean.wallTime).toISOString() });
    let line = '';
    for (let i = 0; i < EVENT_COLUMNS.length; i++) {
      line += (i === 0 ? '' : ',') + csvCell(EVENT_COLUMNS[i]!.get(row));
    }
    this.csv.write(`${line}\n`);
    this.parquet.add(row);
    this.count++;
  }

  close(): void {
    this.csv.close();
    this.jsonl.close();
    this.parquet.close();
  }
}

/** sessions.csv and sessions.parquet. */
export function writeSessionTables(dir: string, sessions: readonly SessionMetrics[]): void {
  const csv = new TextFile(join(dir, 'sessions.csv'));
  const parquet = new ParquetTable<SessionMetrics>(join(dir, 'sessions.parquet'), SESSION_COLUMNS);
  csv.write(header(SESSION_COLUMNS as Column<never>[]));
  for (const s of sessions) {
    csv.write(`${SESSION_COLUMNS.map((c) => csvCell(c.get(s))).join(',')}\n`);
    parquet.add(s);
  }
  csv.close();
  parquet.close();
}

/** A small table (comparisons) as CSV text. */
export function toCsvText<Row extends object>(
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[],
): string {
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n'
  );
}
