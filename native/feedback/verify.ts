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

export function verifyLog(db: Sqlite): VerifyResult {
  return verifyRows(readRows(db));
}
