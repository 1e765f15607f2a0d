import { createHash } from 'node:crypto';
import type { LogEvent } from '../model/feedback-events';

/** JSON with object keys sorted, so that equal events hash equally whatever built them. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The chain link: SHA-256 over the event without its own hash (prevHash included). */
export function eventHash(event: Omit<LogEvent, 'hash'> | LogEvent): string {
  const { hash: _ignored, ...rest } = event as LogEvent;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
