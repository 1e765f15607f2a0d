import { randomUUID } from 'node:crypto';
import {
  EVENT_SCHEMA_VERSION,
  GENESIS_HASH,
  type LogEvent,
  type LogEventInput,
} from '../model/feedback-events';
import { consentedText, safeIds, safeName, sanitizeArgs } from '../model/sanitize';
import type { Sqlite } from '../project/sqlite';
import { eventHash } from './hash';

export const LOG_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, event TEXT NOT NULL)';

export interface LogSession {
  sessionId: string;
  participantId: string | null;
  condition: string | null;
}

export function newSession(participantId: string | null = null, condition: string | null = null): LogSession {
  return { sessionId: `session:${randomUUID()}`, participantId, condition };
}

/**
 * The append-only edit log of one project, in its SQLite file. Each append is its own small
 * transaction (durable against a crash of the process: at most the event being written is
 * lost), chained to the previous event by SHA-256.
 */
export class FeedbackLog {
  private seq: number;
  private lastHash: string;
  private readonly started = performance.now();
  private insert: { run(params: (string | number)[]): void };

  constructor(
    private db: Sqlite,
    readonly session: LogSession,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(LOG_TABLE_SQL);
    this.seq = 0;
    this.lastHash = GENESIS_HASH;
    this.resync();
    this.insert = db.statement('INSERT INTO log (seq, event) VALUES (?, ?)');
  }

  /**
   * Reads the end of the chain back from the database: after a transaction that appended events
   * was rolled back (a failed save), the next event must follow what was really committed.
   */
  resync(): void {
    const last = this.db.get<{ seq: number; event: string }>(
      'SELECT seq, event FROM log ORDER BY seq DESC LIMIT 1',
    );
    this.seq = last?.seq ?? 0;
    this.lastHash = last ? (JSON.parse(last.event) as LogEvent).hash : GENESIS_HASH;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** The hash of the last event: a saved document records it, so a cut-off log is detected. */
  get lastHashValue(): string {
    return this.lastHash;
  }

  /** Builds the next event (seq, times, hash) without writing it. */
  private next(input: LogEventInput): LogEvent {
    const event: Omit<LogEvent, 'hash'> = {
      v: EVENT_SCHEMA_VERSION,
      seq: this.seq + 1,
      wallTime: Math.round(this.now()),
      monoTime: Math.round((performance.now() - this.started) * 1000) / 1000,
      sessionId: this.session.sessionId,
      participantId: this.session.participantId,
      condition: this.session.condition,
      type: input.type,
      name: safeName(input.name),
      targetIds: safeIds(input.targetIds ?? []),
      args: {
        ...((sanitizeArgs(input.args ?? {}) ?? {}) as LogEvent['args']),
        ...consentedText(input.text),
      },
      durationMs: input.durationMs ?? null,
      payload: (input.payload ?? null) as LogEvent['payload'],
      prevHash: this.lastHash,
    };
    return { ...event, hash: eventHash(event) };
  }

  append(input: LogEventInput): LogEvent {
    const event = this.next(input);
    this.insert.run([event.seq, JSON.stringify(event)]);
    this.seq = event.seq;
    this.lastHash = event.hash;
    return event;
  }

  /**
   * Writes the next event into another database that holds a copy of this log (the file a
   * "save as" is writing), inside that database's transaction. Call `resync` if that
   * transaction fails, `switchTo` once it is committed.
   */
  appendInto(target: Sqlite, input: LogEventInput): LogEvent {
    const event = this.next(input);
    target.run('INSERT INTO log (seq, event) VALUES (?, ?)', [event.seq, JSON.stringify(event)]);
    this.seq = event.seq;
    this.lastHash = event.hash;
    return event;
  }

  /** Appends several events in one transaction (all or none). */
  appendMany(inputs: LogEventInput[]): LogEvent[] {
    try {
      return this.db.transaction(() => inputs.map((input) => this.append(input)));
    } catch (error) {
      this.resync();
      throw error;
    }
  }

  /**
   * Goes on appending in another database that already holds a copy of this log (after "save
   * as" or the first save of a new project). Refuses a copy that is not the same chain.
   */
  switchTo(target: Sqlite): void {
    const last = target.get<{ seq: number; event: string }>(
      'SELECT seq, event FROM log ORDER BY seq DESC LIMIT 1',
    );
    const lastHash = last ? (JSON.parse(last.event) as LogEvent).hash : GENESIS_HASH;
    if ((last?.seq ?? 0) !== this.seq || lastHash !== this.lastHash) {
      throw new Error('the log in the new file does not continue this log');
    }
    this.db = target;
    this.insert = target.statement('INSERT INTO log (seq, event) VALUES (?, ?)');
  }
}

export function readRows(
  db: Sqlite,
  fromSeq = 1,
  toSeq = Number.MAX_SAFE_INTEGER,
): { seq: number; event: string }[] {
  return db.all('SELECT seq, event FROM log WHERE seq >= ? AND seq <= ? ORDER BY seq', [fromSeq, toSeq]);
}

export function readEvents(db: Sqlite, toSeq?: number): LogEvent[] {
  return readRows(db, 1, toSeq).map((row) => JSON.parse(row.event) as LogEvent);
}
