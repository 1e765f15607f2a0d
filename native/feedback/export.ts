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
  'duration_ms',
  'prev_hash',
  'hash',
] as const;

/** At most this many `args.*` columns; further ones are left out of the CSV (JSONL has all). */
export const MAX_ARG_COLUMNS = 200;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `{patch: {transform: {x: 1}}}` → `{"patch.transform.x": 1}`; arrays stay whole (one JSON cell). */
export function flattenArgs(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value))
      flattenArgs(item, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

/**
 * Flat CSV, one row per event (RFC 4180 quoting): the fixed columns, then one `args.<path>`
 * column per argument seen in the log (sorted), so analysis tools read them as plain columns.
 */
export function* toCsv(events: readonly LogEvent[]): Generator<string> {
  const flat = events.map((e) => flattenArgs(e.args));
  const argColumns = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort().slice(0, MAX_ARG_COLUMNS);
  yield `${[...CSV_COLUMNS, ...argColumns.map((c) => `args.${c}`)].map(cell).join(',')}\n`;
  for (const [index, e] of events.entries()) {
    const args = flat[index]!;
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
      e.durationMs,
      e.prevHash,
      e.hash,
      ...argColumns.map((column) => args[column]),
    ]
      .map(cell)
      .join(',')
      .concat('\n');
  }
}
