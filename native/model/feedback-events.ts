import { z } from 'zod';

/** Version of the edit-log event format (not of the document). */
export const EVENT_SCHEMA_VERSION = 1;

/** Every kind of event in the edit log: a closed union (STYLE.md 4). */
export const EventTypeSchema = z.enum([
  'project.created',
  'session.started',
  'session.ended',
  'project.saved',
  'command',
  'gesture',
  'gesture.cancelled',
  'undo',
  'redo',
  'generation.requested',
  'generation.finished',
  'generation.failed',
  'variant.shown',
  'variant.accepted',
  'variant.rejected',
  'generation.regenerated',
  'export',
  'tool.changed',
  // Research mode (native/study): a participant's way through a study, without content.
  'study.started',
  'study.consented',
  'study.task-started',
  'study.task-finished',
  'study.logging-paused',
  'study.logging-resumed',
  'study.questionnaire',
  'study.answer',
  'study.ended',
]);
export type EventType = z.infer<typeof EventTypeSchema>;

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One event of the append-only edit log. `payload` holds what replay needs (the full command,
 * the first document) and stays inside the project file: exports for analysis leave it out
 * and keep only the sanitized `args`.
 */
export const LogEventSchema = z.strictObject({
  v: z.literal(EVENT_SCHEMA_VERSION),
  seq: z.number().int().min(1),
  /** Epoch milliseconds. */
  wallTime: z.number().int().min(0),
  /** Milliseconds since the session started, from a monotonic clock. */
  monoTime: z.number().min(0),
  sessionId: z.string().min(1).max(100),
  participantId: z.string().max(100).nullable(),
  condition: z.string().max(100).nullable(),
  type: EventTypeSchema,
  /** The command type, or the gesture's or step's label. */
  name: z.string().max(200).nullable(),
  targetIds: z.array(z.string().max(100)).max(1000),
  args: z.record(z.string(), z.json()),
  durationMs: z.number().min(0).nullable(),
  payload: z.json().nullable(),
  prevHash: Hash,
  hash: Hash,
});
export type LogEvent = z.infer<typeof LogEventSchema>;

/** What a caller supplies; the log adds seq, times, session, participant and the hashes. */
export interface LogEventInput {
  type: EventType;
  name?: string | null;
  targetIds?: string[];
  args?: Record<string, unknown>;
  /**
   * Free text the project allows the log to keep as typed (prompts, when Document.logPrompts is
   * on), merged into `args` after they are sanitized. Only the fields of {@link LOGGABLE_TEXT}
   * are kept; the caller decides whether to pass them at all.
   */
  text?: Partial<Record<LoggableText, string>>;
  durationMs?: number | null;
  payload?: unknown;
}

/**
 * The free-text fields an event may carry as typed: prompts with the project's consent, and a
 * study participant's own answer to a questionnaire's text item (`study.answer`). The analysis
 * drops them all with --drop-free-text.
 */
export const LOGGABLE_TEXT = ['prompt', 'negativePrompt', 'referencePrompt', 'answer'] as const;
export type LoggableText = (typeof LOGGABLE_TEXT)[number];

export const GENESIS_HASH = '0'.repeat(64);
