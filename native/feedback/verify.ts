import { GENESIS_HASH, LogEventSchema, type LogEvent } from '../model/feedback-events';
import type { Sqlite } from '../project/sqlite';
import { eventHash } from './hash';
import { readRows } from './log';

export type VerifyResult =
  { ok: true; count: number } | { ok: false; count: number; seq: number; problem: string };

/**
 * Walks the hash chain. Finds a missing event (a gap in seq), an edited event (its hash no
 * longer matches its content) and a reordered or removed one (its prevHash no longer matches
 * the event before it). Reports the first bad seq.
 */
export function verifyRows(rows: Iterable<{ seq: number; event: string }>): VerifyResult {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    const bad = (problem: string): VerifyResult => ({ ok: false, count, seq: row.seq, problem });
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        count,
        seq: expectedSeq,
        problem: `event ${expectedSeq} is missing (the next one is ${row.seq})`,
      };
    }
    let event: LogEvent;
    try {
      event = LogEventSchema.parse(JSON.parse(row.event));
    } catch {
      return bad(`event ${row.seq} is not a valid log event`);
    }
    if (event.seq !== row.seq) return bad(`event ${row.seq} says it is event ${event.seq}`);
    if (event.prevHash !== prevHash)
      return bad(`event ${row.seq} does not follow event ${row.seq - 1} (reordered, or one was removed)`);
    if (eventHash(event) !== event.hash) return bad(`event ${row.seq} was changed after it was written`);
    prevHash = event.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, count };
}

/**
 * Verifies a project's log, and that it reaches the event its saved document names: a log cut
 * off at the end (the last events removed) is found this way.
 */
export function verifyLog(db: Sqlite): VerifyResult {
  const result = verifyRows(readRows(db));
  if (!result.ok) return result;
  const hasDocument = db.value<string>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'document'",
  );
  const saved = hasDocument
    ? db.get<{ log_seq: number; log_hash: string }>('SELECT log_seq, log_hash FROM document WHERE id = 1')
    : undefined;
  if (saved && saved.log_seq > 0) {
    const row = db.get<{ event: string }>('SELECT event FROM log WHERE seq = ?', [saved.log_seq]);
    if (!row) {
      return {
        ok: false,
        count: result.count,
        seq: saved.log_seq,
        problem: `the log ends at event ${result.count}, before event ${saved.log_seq} of the saved document (it was cut off)`,
      };
    }
    if ((JSON.parse(row.event) as LogEvent).hash !== saved.log_hash) {
      return {
        ok: false,
        count: result.count,
        seq: saved.log_seq,
        problem: `event ${saved.log_seq} is not the one the saved document was written with`,
      };
    }
  }
  return result;
}
