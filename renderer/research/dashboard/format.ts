import type { EventType } from '../../../native/model/feedback-events';

/** A number for a table or a label: three significant digits, "—" where it is not defined. */
export const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(digits)).toString();

export const fmtP = (p: number | null): string => (p === null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

export const fmtInterval = (low: number | null, high: number | null): string =>
  low === null || high === null ? '—' : `[${fmt(low)}, ${fmt(high)}]`;

/** Seconds from milliseconds, for the timeline: "12.3 s". */
export const fmtSeconds = (ms: number): string => `${fmt(ms / 1000)} s`;

/** The lanes of a session's timeline: what kind of thing each event is. */
export const EVENT_KINDS = ['session', 'edit', 'generation', 'variant', 'study', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const KIND_LABELS: Record<EventKind, string> = {
  session: 'Session',
  edit: 'Edits',
  generation: 'Generation',
  variant: 'Variants',
  study: 'Study',
  other: 'Other',
};

export const KIND_COLOURS: Record<EventKind, string> = {
  session: '#9aa3b5',
  edit: '#5b8cff',
  generation: '#f0a03c',
  variant: '#3cc28a',
  study: '#b57cf0',
  other: '#d0d0d0',
};

export function kindOf(type: EventType): EventKind {
  if (type.startsWith('project.') || type.startsWith('session.')) return 'session';
  if (type === 'command' || type === 'gesture' || type === 'undo' || type === 'redo') return 'edit';
  if (type === 'gesture.cancelled') return 'edit';
  if (type.startsWith('generation.')) return 'generation';
  if (type.startsWith('variant.')) return 'variant';
  if (type.startsWith('study.')) return 'study';
  return 'other';
}

/** What an event is, in a few words: its type and its name (the command, the step). */
export const describeEvent = (e: { type: string; name: string | null }): string =>
  e.name ? `${e.type} · ${e.name}` : e.type;
