// The tables of a study's analysis, as files: tidy CSV, JSON lines and Parquet (hyparquet-writer,
// pure JS). Every event is checked again on the way out, whatever the log let through: ids,
// the studio's own words and numbers pass, other text becomes its length, and prompts (kept
// only where the project allowed it) can be dropped too.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { LOGGABLE_TEXT } from '../../model/feedback-events';
import { safeIds, safeName, sanitizeArgs, type Json } from '../../model/sanitize';
import type { ExportedEvent } from '../export';
import type { SessionMetrics } from './metrics';
import { isDuration, isVersion } from './read';
import {
  DictionaryStrings,
  Numbers,
  ParquetStream,
  PlainStrings,
  type ColumnType,
  type ParquetColumn,
} from './parquet';
import { BackgroundWriter } from './writer';

export interface ExportOptions {
  /** Replace the prompts the project allowed the log to keep by their length, like any free text. */
  dropFreeText?: boolean;
}

/** An event as the analysis writes it: the envelope and sanitized args, no hashes. */
export type AnalysisEvent = Omit<ExportedEvent, 'prevHash' | 'hash' | 'v'> & {
  /** The schema version; left out when the log's is not a whole number. */
  v?: ExportedEvent['v'];
};

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

/** True when `recheck(value, depth)` would return an equal value (the common case: ids and numbers). */
function unchanged(value: unknown, depth: number): boolean {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return true;
  if (typeof value === 'string') return sanitizeArgs(value) === value;
  if (typeof value !== 'object' || depth > 6) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!unchanged(value[i], depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key) || !KEY.test(key) || !unchanged(record[key], depth + 1)) return false;
  }
  return true;
}

/** The args as the analysis writes them: the same object when nothing in it needs changing. */
function sanitizeArgsForAnalysis(
  source: ExportedEvent['args'],
  options: ExportOptions,
): Record<string, Json> {
  let clean = !Array.isArray(source);
  if (clean)
    for (const key in source) {
      const value = source[key];
      if (
        !Object.hasOwn(source, key) ||
        (LOGGABLE.has(key) && typeof value === 'string') ||
        !KEY.test(key) ||
        !unchanged(value, 1)
      ) {
        clean = false;
        break;
      }
    }
  if (clean) return source as Record<string, Json>;
  const args: Record<string, Json> = {};
  for (const [key, value] of Object.entries(source)) {
    if (LOGGABLE.has(key) && typeof value === 'string') {
      args[key] = options.dropFreeText ? { text: value.length } : value.replace(EMBEDDED_DATA, '[data]');
    } else {
      args[KEY.test(key) ? key : `key${Object.keys(args).length}`] = recheck(value as Json, 1);
    }
  }
  return args;
}

export function sanitizeForAnalysis(event: ExportedEvent, options: ExportOptions = {}): AnalysisEvent {
  return {
    ...(isVersion(event.v) ? { v: event.v } : {}),
    seq: event.seq,
    wallTime: event.wallTime,
    monoTime: event.monoTime,
    sessionId: safeLabel(event.sessionId)!,
    participantId: safeLabel(event.participantId),
    condition: safeLabel(event.condition),
    type: event.type,
    name: safeName(event.name),
    targetIds: safeIds(event.targetIds),
    args: sanitizeArgsForAnalysis(event.args, options),
    durationMs: isDuration(event.durationMs) ? event.durationMs : null,
  };
}

/** One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Appends text to a file through a buffer of a megabyte: each line is encoded into it at once
 * (so no line outlives its call: joining strings instead keeps them alive, and costs the garbage
 * collector more than the copy) and the full buffer is handed to the background writer.
 */
class TextFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafeSlow(1 << 20);
  private length = 0;

  constructor(
    path: string,
    private readonly writer: BackgroundWriter,
  ) {
    this.fd = writer.open(path);
  }

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.writer.write(this.fd, Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.length += this.buffer.write(text, this.length);
  }

  /**
   * Writes `head`, then `json` (JSON text holding a `"`) as a quoted CSV cell, then a line break:
   * the same bytes as `head + '"' + json.replaceAll('"', '""') + '"\n'`, with the quotes doubled
   * in the buffer instead of in a new string.
   */
  writeQuotedLine(head: string, json: string): void {
    // Doubling the quotes takes at most 6 bytes per UTF-16 unit (3 bytes each, quotes 2).
    if (this.length + head.length * 3 + json.length * 6 + 3 > this.buffer.length) {
      this.flush();
      if (head.length * 3 + json.length * 6 + 3 > this.buffer.length) {
        this.write(`${head}"${json.replaceAll('"', '""')}"\n`);
        return;
      }
    }
    const buffer = this.buffer;
    let at = this.length + buffer.write(head, this.length);
    buffer[at++] = 0x22;
    const start = at;
    const end = start + buffer.write(json, start);
    let quotes = 0;
    for (let i = start; i < end; i++) if (buffer[i] === 0x22) quotes++;
    at = end + quotes;
    // Moves the bytes right, from the end, doubling each quote on the way.
    for (let i = end - 1, to = at; quotes > 0; i--) {
      const byte = buffer[i]!;
      buffer[--to] = byte;
      if (byte === 0x22) {
        buffer[--to] = 0x22;
        quotes--;
      }
    }
    buffer[at++] = 0x22;
    buffer[at++] = 0x0a;
    this.length = at;
  }

  private flush(): void {
    if (this.length === 0) return;
    this.writer.write(this.fd, this.buffer.subarray(0, this.length), true);
    this.buffer = Buffer.allocUnsafeSlow(1 << 20);
    this.length = 0;
  }

  /** Hands over what is left; the writer closes the file. */
  close(): void {
    this.flush();
  }
}

interface Column<Row> {
  name: string;
  type: ColumnType;
  get(row: Row): string | number | boolean | null;
}

function parquetColumn(name: string, type: ColumnType, plain = false): ParquetColumn {
  if (type !== 'STRING') return new Numbers(name, type);
  return plain ? new PlainStrings(name) : new DictionaryStrings(name);
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
  { name: 'variants_offered', type: 'INT32', get: (s) => s.variantsOffered },
  { name: 'variants_undone', type: 'INT32', get: (s) => s.variantsUndone },
];

const header = (columns: Column<never>[]) => `${columns.map((c) => c.name).join(',')}\n`;

/** A value as `JSON.stringify` writes it (numbers without the call). */
function json(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : 'null';
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/** A cell's value in its three forms: as written to Parquet, in JSON and in CSV. */
interface Cell {
  value: string | null;
  json: string;
  csv: string;
}

const cellOf = (value: string | null): Cell => ({ value, json: json(value)!, csv: csvCell(value) });

/**
 * Cells by their raw value, for the few distinct labels, types and names of a log: one cell per
 * distinct value (PiecesCache keys on them).
 */
class CellCache {
  private readonly cells = new Map<unknown, Cell>();
  /** Cells of objects (never in a well-formed log), by their JSON: each object is its own key. */
  private readonly objects = new Map<string, Cell>();
  private lastRaw: unknown = undefined;
  private lastCell: Cell | null = null;

  constructor(private readonly make: (raw: never) => string | null) {}

  get(raw: unknown): Cell {
    // Runs of one value (a session's labels) skip the lookup.
    if (raw === this.lastRaw && this.lastCell !== null) return this.lastCell;
    const cell = this.lookup(raw);
    this.lastRaw = raw;
    this.lastCell = cell;
    return cell;
  }

  private lookup(raw: unknown): Cell {
    let cell = this.cells.get(raw);
    if (cell === undefined) {
      cell = cellOf(this.make(raw as never));
      if (raw === null || typeof raw !== 'object') this.cells.set(raw, cell);
      else {
        const same = this.objects.get(cell.json);
        if (same === undefined) this.objects.set(cell.json, cell);
        else cell = same;
      }
    }
    return cell;
  }
}

const DAY_MS = 86_400_000;
/** 10000-01-01: up to here, toISOString writes four-digit years. */
const ISO_FAST_END = 253_402_300_800_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `new Date(ms).toISOString()`, without a Date per call (the day's prefix is kept). */
class IsoFormatter {
  private day = Number.NaN;
  private prefix = '';

  format(ms: number): string {
    if (!(ms >= 0 && ms < ISO_FAST_END && Number.isInteger(ms))) return new Date(ms).toISOString();
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = ms - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    return `${this.prefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}Z`;
  }
}

/**
 * `${ms}` for a wall time: whole milliseconds keep their millions (16 minutes) as text, so only
 * the last six digits are looked up.
 */
class WallTimeText {
  private high = Number.NaN;
  private highText = '';

  format(ms: number): string {
    if (!(ms >= 1e6 && ms < 1e15 && Number.isInteger(ms))) return `${ms}`;
    const high = Math.floor(ms / 1e6);
    const low = ms - high * 1e6;
    if (!(low >= 0 && low < 1e6)) return `${ms}`;
    if (high !== this.high) {
      this.high = high;
      this.highText = `${high}`;
    }
    const thousands = Math.floor(low / 1000);
    return `${this.highText}${PAD3[thousands]}${PAD3[low - thousands * 1000]}`;
  }
}

const needsQuotes = /[",\n\r]/;
const quote = (text: string) => (needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The text between the numbers and the target ids of a line, for one session, type and name. */
interface Pieces {
  /** `,"sessionId":…,"participantId":…,"condition":…,"type":…,"name":…,"targetIds":` */
  jsonl: string;
  /** `participant,condition,type,name,` */
  csv: string;
}

/**
 * The pieces of the lines that change rarely (a session's labels; its event's type and name),
 * joined once: fewer pieces to join and encode per line. Keyed by the cells, which CellCache
 * gives out once per raw value.
 */
class PiecesCache {
  private readonly sessions = new Map<Cell, Map<Cell, Map<Cell, SessionPieces>>>();
  private last: SessionPieces | null = null;

  get(session: Cell, participant: Cell, condition: Cell): SessionPieces {
    const last = this.last;
    if (
      last !== null &&
      last.session === session &&
      last.participant === participant &&
      last.condition === condition
    )
      return last;
    let byParticipant = this.sessions.get(session);
    if (byParticipant === undefined) this.sessions.set(session, (byParticipant = new Map()));
    let byCondition = byParticipant.get(participant);
    if (byCondition === undefined) byParticipant.set(participant, (byCondition = new Map()));
    let pieces = byCondition.get(condition);
    if (pieces === undefined)
      byCondition.set(condition, (pieces = new SessionPieces(session, participant, condition)));
    return (this.last = pieces);
  }
}

class SessionPieces {
  /** `session,` */
  readonly csv: string;
  private readonly jsonl: string;
  private readonly byType = new Map<Cell, Map<Cell, Pieces>>();

  constructor(
    readonly session: Cell,
    readonly participant: Cell,
    readonly condition: Cell,
  ) {
    this.csv = `${session.csv},`;
    this.jsonl = `,"sessionId":${session.json},"participantId":${participant.json},"condition":${condition.json},"type":`;
  }

  get(type: Cell, name: Cell): Pieces {
    let byName = this.byType.get(type);
    if (byName === undefined) this.byType.set(type, (byName = new Map()));
    let pieces = byName.get(name);
    if (pieces === undefined)
      byName.set(
        name,
        (pieces = {
          jsonl: `${this.jsonl}${type.json},"name":${name.json},"targetIds":`,
          csv: `${this.participant.csv},${this.condition.csv},${type.csv},${name.csv},`,
        }),
      );
    return pieces;
  }
}

/** `{"v":N,"seq":` for the usual schema versions. */
const VERSION_HEADS = Array.from({ length: 16 }, (_, v) => `{"v":${v},"seq":`);

/** events.csv, events.jsonl and events.parquet, written as the events stream by. */
export class EventTables {
  private readonly csv: TextFile;
  private readonly jsonl: TextFile;
  private readonly parquet: ParquetStream;
  private readonly pq: {
    sessionId: DictionaryStrings;
    seq: Numbers;
    wallTime: PlainStrings;
    wallTimeMs: Numbers;
    monoTimeMs: Numbers;
    participantId: DictionaryStrings;
    condition: DictionaryStrings;
    type: DictionaryStrings;
    name: DictionaryStrings;
    targetIds: DictionaryStrings;
    jobId: DictionaryStrings;
    variantIndex: Numbers;
    durationMs: Numbers;
    args: DictionaryStrings;
  };
  private readonly sessionIds = new CellCache(safeLabel);
  private readonly participantIds = new CellCache(safeLabel);
  private readonly conditions = new CellCache(safeLabel);
  private readonly names = new CellCache(safeName);
  private readonly types = new CellCache((type: string) => type);
  private readonly iso = new IsoFormatter();
  private readonly pieces = new PiecesCache();
  private readonly wallTimes = new WallTimeText();
  private readonly writer = new BackgroundWriter();
  count = 0;

  constructor(
    dir: string,
    private readonly options: ExportOptions = {},
  ) {
    this.csv = new TextFile(join(dir, 'events.csv'), this.writer);
    this.jsonl = new TextFile(join(dir, 'events.jsonl'), this.writer);
    const columns = EVENT_COLUMNS.map((c) => parquetColumn(c.name, c.type, c.name === 'wall_time'));
    const at = (name: string) => columns[EVENT_COLUMNS.findIndex((c) => c.name === name)]!;
    this.pq = {
      sessionId: at('session_id') as DictionaryStrings,
      seq: at('seq') as Numbers,
      wallTime: at('wall_time') as PlainStrings,
      wallTimeMs: at('wall_time_ms') as Numbers,
      monoTimeMs: at('mono_time_ms') as Numbers,
      participantId: at('participant_id') as DictionaryStrings,
      condition: at('condition') as DictionaryStrings,
      type: at('type') as DictionaryStrings,
      name: at('name') as DictionaryStrings,
      targetIds: at('target_ids') as DictionaryStrings,
      jobId: at('job_id') as DictionaryStrings,
      variantIndex: at('variant_index') as Numbers,
      durationMs: at('duration_ms') as Numbers,
      args: at('args') as DictionaryStrings,
    };
    this.parquet = new ParquetStream(join(dir, 'events.parquet'), columns, 100_000);
    this.csv.write(header(EVENT_COLUMNS as Column<never>[]));
  }

  /**
   * Writes one event to the three tables: the same values as `sanitizeForAnalysis` and
   * EVENT_COLUMNS give, each serialised once.
   */
  add(event: ExportedEvent): void {
    const sessionCell = this.sessionIds.get(event.sessionId);
    const participant = this.participantIds.get(event.participantId);
    const condition = this.conditions.get(event.condition);
    const type = this.types.get(event.type);
    const name = this.names.get(event.name);
    const ids = safeIds(event.targetIds);
    let idsJson: string;
    let idsText: string;
    let idsCsv: string;
    let jobId: string | null = null;
    let plainIds = true;
    for (let i = 0; i < ids.length; i++) if (typeof ids[i] !== 'string') plainIds = false;
    if (plainIds) {
      // Ids match the id pattern: nothing in them to escape or quote.
      idsText = ids.join(' ');
      idsCsv = idsText;
      idsJson = ids.length === 0 ? '[]' : `["${ids.join('","')}"]`;
      for (let i = 0; i < ids.length; i++)
        if (ids[i]!.startsWith('job:')) {
          jobId = ids[i]!;
          break;
        }
    } else {
      idsText = ids.join(' ');
      idsCsv = csvCell(idsText);
      idsJson = JSON.stringify(ids);
      jobId = ids.find((id) => id.startsWith('job:')) ?? null;
    }
    const args = sanitizeArgsForAnalysis(event.args, this.options);
    const argsJson = JSON.stringify(args);
    const index = args['index'];
    const variantIndex = typeof index === 'number' && type.value!.startsWith('variant.') ? index : null;
    const iso = this.iso.format(event.wallTime);
    const duration = isDuration(event.durationMs) ? event.durationMs : null;
    // Each number turned into text once, for both files (the reader checked they are numbers;
    // JSON writes those that are not finite as null, CSV as String does).
    const seq = `${event.seq}`;
    const wallTime = this.wallTimes.format(event.wallTime);
    const monoTime = `${event.monoTime}`;
    const durationText = duration === null ? '' : `${duration}`;
    const v = event.v;
    const open = isVersion(v)
      ? v < VERSION_HEADS.length
        ? VERSION_HEADS[v]!
        : `{"v":${v},"seq":`
      : '{"seq":';
    const session = this.pieces.get(sessionCell, participant, condition);
    const pieces = session.get(type, name);

    this.jsonl.write(
      `${open}${Number.isFinite(event.seq) ? seq : 'null'},"wallTime":${Number.isFinite(event.wallTime) ? wallTime : 'null'},"monoTime":${Number.isFinite(event.monoTime) ? monoTime : 'null'}${pieces.jsonl}${idsJson},"args":${argsJson},"durationMs":${duration === null ? 'null' : durationText}}\n`,
    );
    const head = `${session.csv}${seq},${iso},${wallTime},${monoTime},${pieces.csv}${idsCsv},${jobId ?? ''},${variantIndex ?? ''},${durationText},`;
    // Args are an object: their JSON holds a quote unless it is `{}`.
    if (argsJson.includes('"')) this.csv.writeQuotedLine(head, argsJson);
    else this.csv.write(`${head}${quote(argsJson)}\n`);
    const pq = this.pq;
    pq.sessionId.add(sessionCell.value);
    pq.seq.add(event.seq);
    pq.wallTime.add(iso);
    pq.wallTimeMs.add(event.wallTime);
    pq.monoTimeMs.add(event.monoTime);
    pq.participantId.add(participant.value);
    pq.condition.add(condition.value);
    pq.type.add(type.value);
    pq.name.add(name.value);
    pq.targetIds.add(idsText);
    pq.jobId.add(jobId);
    pq.variantIndex.add(variantIndex);
    pq.durationMs.add(duration);
    pq.args.add(argsJson);
    this.parquet.endRow();
    this.count++;
  }

  close(): void {
    try {
      this.csv.close();
      this.jsonl.close();
      this.parquet.close();
    } finally {
      this.writer.close();
    }
  }
}

/** sessions.csv and sessions.parquet. */
export function writeSessionTables(dir: string, sessions: readonly SessionMetrics[]): void {
  const writer = new BackgroundWriter(false);
  const csv = new TextFile(join(dir, 'sessions.csv'), writer);
  const columns = SESSION_COLUMNS.map((c) => parquetColumn(c.name, c.type));
  const parquet = new ParquetStream(join(dir, 'sessions.parquet'), columns);
  csv.write(header(SESSION_COLUMNS as Column<never>[]));
  for (const s of sessions) {
    const values = SESSION_COLUMNS.map((c) => c.get(s));
    csv.write(`${values.map(csvCell).join(',')}\n`);
    for (let i = 0; i < columns.length; i++) (columns[i]!.add as (v: unknown) => void)(values[i]);
    parquet.endRow();
  }
  csv.close();
  writer.close();
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
