// Research mode, the researcher's side: what the `research` group of StudioApi takes and answers
// (the dashboard of a study's sessions and the replay of one of them). Pure (zod only): the
// reading and the statistics live in native/feedback.
import { z } from 'zod';
import { DocumentSchema } from '../model/document';
import { EventTypeSchema } from '../model/feedback-events';

const PathSchema = z.string().min(1).max(4096);
const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
/** A number, or null where it is not defined (nothing shown, one condition, too few sessions). */
const Num = z.number().nullable();

/** Folders (searched with their subfolders) and `.atelier` or `.jsonl` files; none: the loaded study's data. */
export const ResearchAnalyzeArgsSchema = z
  .strictObject({
    paths: z.array(PathSchema).max(200).default([]),
    /** Seed of the bootstrap intervals (the same seed, the same intervals). */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(1),
  })
  .prefault({});

/** One session (one opening of a project) and what it did; see native/feedback/analysis/metrics.ts. */
export const ResearchSessionSchema = z.strictObject({
  sessionId: z.string(),
  participantId: z.string().nullable(),
  condition: z.string(),
  /** The file the session was read from (a project file where there is one: it can be replayed). */
  path: z.string(),
  /** True when the file is a project file, whose log carries what replay needs. */
  replayable: z.boolean(),
  startedAt: z.number(),
  events: z.number().int(),
  timeOnTaskS: z.number(),
  edits: z.number().int(),
  undos: z.number().int(),
  redos: z.number().int(),
  generations: z.number().int(),
  regenerations: z.number().int(),
  failedGenerations: z.number().int(),
  variantsShown: z.number().int(),
  /** Shown, accepted or rejected: the acceptance rate's denominator. */
  variantsOffered: z.number().int(),
  /** Accepted and kept (accepts undone before the next generation are not counted). */
  variantsAccepted: z.number().int(),
  /** Accepts undone before the next generation: counted as rejections. */
  variantsUndone: z.number().int(),
  acceptanceRate: Num,
  timeToFirstAcceptS: Num,
  regenerationsPerAccepted: Num,
  variantsViewedBeforeAccept: Num,
});
export type ResearchSession = z.infer<typeof ResearchSessionSchema>;

export const ResearchConditionSchema = z.strictObject({
  condition: z.string(),
  sessions: z.number().int(),
  /** Distinct participant ids among the sessions. */
  participants: z.number().int(),
  variantsShown: z.number().int(),
  variantsOffered: z.number().int(),
  variantsAccepted: z.number().int(),
  variantsUndone: z.number().int(),
  /** Pooled over the condition's sessions: Σ accepted / Σ offered. */
  acceptanceRate: Num,
  /** Bootstrap 95% interval of the pooled rate (resampling participants); nulls when it cannot be computed. */
  acceptanceRateCi: z.tuple([Num, Num]),
  /** Medians of the per-session measures, by measure name. */
  medians: z.record(z.string(), Num),
});
export type ResearchCondition = z.infer<typeof ResearchConditionSchema>;

/** One comparison of condition `a` against `b` (differences are a − b). */
export const ResearchComparisonSchema = z.strictObject({
  a: z.string(),
  b: z.string(),
  metric: z.string(),
  nA: z.number().int(),
  nB: z.number().int(),
  estimateA: Num,
  estimateB: Num,
  difference: Num,
  ciLow: Num,
  ciHigh: Num,
  test: z.string(),
  statistic: Num,
  p: Num,
  effectSize: Num,
  effectSizeName: z.string(),
  /** What nA and nB count and the test takes as independent: variant, participant or session. */
  unit: z.string(),
  /** What a reader must know about the test (the pooled rate's ignores clustering), or null. */
  note: z.string().nullable(),
});
export type ResearchComparison = z.infer<typeof ResearchComparisonSchema>;

export const ResearchAnalysisSchema = z.strictObject({
  /** The log files read, in the order read. */
  files: z.array(z.string()),
  events: z.number().int(),
  /** Events met a second time (same session and seq) and counted once. */
  duplicates: z.number().int(),
  /**
   * Sessions left out for want of a participant id (the study's own data folder, when some
   * session has one: projects opened outside the study).
   */
  leftOut: z.number().int(),
  sessions: z.array(ResearchSessionSchema),
  conditions: z.array(ResearchConditionSchema),
  comparisons: z.array(ResearchComparisonSchema),
});
export type ResearchAnalysis = z.infer<typeof ResearchAnalysisSchema>;

export const ResearchSessionEventsArgsSchema = z.strictObject({
  path: PathSchema,
  sessionId: z.string().min(1).max(100),
});

/** An event as the timeline shows it: the log's sanitised fields, never the replay payload. */
export const ResearchEventSchema = z.strictObject({
  seq: z.number().int().min(1),
  type: EventTypeSchema,
  name: z.string().nullable(),
  wallTime: z.number(),
  /** Milliseconds since the session started (monotonic clock). */
  monoTime: z.number(),
  durationMs: z.number().nullable(),
  targetIds: z.array(z.string()),
  args: z.record(z.string(), z.json()),
});
export type ResearchEvent = z.infer<typeof ResearchEventSchema>;

/** Most events one call answers for a session (the timeline of a very long session is cut). */
export const MAX_SESSION_EVENTS = 20_000;

export const ResearchSessionEventsSchema = z.strictObject({
  path: z.string(),
  sessionId: z.string(),
  participantId: z.string().nullable(),
  condition: z.string().nullable(),
  replayable: z.boolean(),
  events: z.array(ResearchEventSchema),
  /** True when the session had more than MAX_SESSION_EVENTS events (the first ones are given). */
  truncated: z.boolean(),
});
export type ResearchSessionEvents = z.infer<typeof ResearchSessionEventsSchema>;

export const ResearchReplayAtArgsSchema = z.strictObject({
  path: PathSchema,
  seq: z.number().int().min(1),
});

export const ResearchReplayAtSchema = z.strictObject({
  seq: z.number().int(),
  /** The last seq of the file's log. */
  lastSeq: z.number().int(),
  event: ResearchEventSchema,
  /** The document after the event at `seq`, as replay rebuilds it. */
  document: DocumentSchema,
});
export type ResearchReplayAt = z.infer<typeof ResearchReplayAtSchema>;

export const ResearchAssetArgsSchema = z.strictObject({ path: PathSchema, sha256: Sha256Schema });
