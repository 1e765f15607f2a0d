import type { LogEvent } from '../model/feedback-events';

/** An event as exported for analysis: everything but the replay payload. */
export type ExportedEvent = Omit<LogEvent, 'payload'>;

export function forExport(event: LogEvent): ExportedEvent {
  const { payload: _payload, ...rest } = event;
  return rest;
}

/** One JSON object per line. */
export function* toJsonl(events: Iterable<LogEvent>): Generator<string> {
  for (const event of events) yield `${JSON.stringify(forExport(event))}\n`;
}

export const CSV_COLUMNS = [
  'seq',
  'wall_time',
  'wall_time_ms',
  'mono_time_ms',
  'session_id',
  'participant_id',
  'condition',
  'type',
  'name',
  'target_ids',
  'args',
  'duration_ms',
  'prev_hash',
  'hash',
] as const;

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Flat CSV, one row per event (RFC 4180 quoting); `args` as a JSON cell, targets space-separated. */
export function* toCsv(events: Iterable<LogEvent>): Generator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for (const e of events) {
    yield [
      e.seq,
      new Date(e.wallTime).toISOString(),
      e.wallTime,
      e.monoTime,
      e.sessionId,
      e.participantId,
      e.condition,
      e.type,
      e.name,
      e.targetIds.join(' '),
      JSON.stringify(e.args),
      e.durationMs,
      e.prevHash,
      e.hash,
    ]
      .map(cell)
      .join(',')
      .concat('\n');
  }
}
