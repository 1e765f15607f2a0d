import type { ExportedEvent } from '../export';

/** The condition of a session whose events carry none (no study yet). */
export const NO_CONDITION = 'none';

/**
 * What one session did, from its events. A session is one `sessionId` of the log's envelope
 * (one opening of a project). Times come from `monoTime` (a monotonic clock, milliseconds since
 * the session started), so a change of the wall clock does not move them.
 */
export interface SessionMetrics {
  sessionId: string;
  /** The envelope's `participantId` (the last non-null one of the session), or null. */
  participantId: string | null;
  /**
   * The envelope's `condition` field (the last non-null one of the session), or "none". The
   * study feature fills it when it starts a session (FeedbackLog's `LogSession.condition`).
   */
  condition: string;
  /** Wall time (epoch ms) of the session's first event. */
  startedAt: number;
  events: number;
  /** Seconds from the session's start (its `session.started`, else its first event) to its last event. */
  timeOnTaskS: number;
  /** Document changes: `command` and `gesture` events. */
  edits: number;
  undos: number;
  redos: number;
  /** Generations asked for: `generation.requested` plus `generation.regenerated`. */
  generations: number;
  /** `generation.regenerated` events (Regenerate of an earlier job). */
  regenerations: number;
  failedGenerations: number;
  /**
   * Distinct variants (job id + variant index) shown: those of `variant.shown` events, and any
   * accepted without a `variant.shown` (accepting one implies seeing it).
   */
  variantsShown: number;
  /** Distinct variants accepted (`variant.accepted`; accepting several of a job counts each). */
  variantsAccepted: number;
  /** variantsAccepted / variantsShown; null when nothing was shown. */
  acceptanceRate: number | null;
  /** Seconds from the session's start to its first `variant.accepted`; null if none. */
  timeToFirstAcceptS: number | null;
  /** regenerations / variantsAccepted; null when nothing was accepted. */
  regenerationsPerAccepted: number | null;
  /**
   * For each generation (job) with an accepted variant: the distinct variants of that job shown
   * up to its first accept, the accepted one included (so at least 1); averaged over those jobs.
   * Null when nothing was accepted.
   */
  variantsViewedBeforeAccept: number | null;
}

/** The job id of a variant event: its first target that is a job. */
function jobOf(event: ExportedEvent): string | null {
  for (const id of event.targetIds) if (id.startsWith('job:')) return id;
  return null;
}

function variantKey(event: ExportedEvent): string | null {
  const job = jobOf(event);
  const index = event.args['index'];
  return job === null ? null : `${job}#${typeof index === 'number' ? index : '?'}`;
}

interface JobState {
  shown: Set<string>;
  /** Distinct variants shown at the first accept; -1 before it. */
  viewedAtAccept: number;
}

/** Builds one session's metrics from its events, fed one at a time in log order. */
export class SessionAccumulator {
  private participantId: string | null = null;
  private condition: string | null = null;
  private startedAt = Number.NaN;
  private firstMono = Number.POSITIVE_INFINITY;
  private startMono: number | null = null;
  private lastMono = 0;
  private events = 0;
  private edits = 0;
  private undos = 0;
  private redos = 0;
  private generations = 0;
  private regenerations = 0;
  private failed = 0;
  private readonly shown = new Set<string>();
  private readonly accepted = new Set<string>();
  private firstAcceptMono: number | null = null;
  private readonly jobs = new Map<string, JobState>();
  /** Seqs seen, so an event read twice (a file and its export, a copy) counts once. */
  private readonly seqs = new Set<number>();

  constructor(readonly sessionId: string) {}

  /** Adds an event; false (and nothing counted) when the session already had this seq. */
  add(event: ExportedEvent): boolean {
    if (this.seqs.has(event.seq)) return false;
    this.seqs.add(event.seq);
    this.events++;
    if (event.participantId !== null) this.participantId = event.participantId;
    if (event.condition !== null) this.condition = event.condition;
    if (Number.isNaN(this.startedAt) || event.wallTime < this.startedAt) this.startedAt = event.wallTime;
    this.firstMono = Math.min(this.firstMono, event.monoTime);
    this.lastMono = Math.max(this.lastMono, event.monoTime);
    switch (event.type) {
      case 'session.started':
        this.startMono ??= event.monoTime;
        break;
      case 'command':
      case 'gesture':
        this.edits++;
        break;
      case 'undo':
        this.undos++;
        break;
      case 'redo':
        this.redos++;
        break;
      case 'generation.requested':
        this.generations++;
        break;
      case 'generation.regenerated':
        this.generations++;
        this.regenerations++;
        break;
      case 'generation.failed':
        this.failed++;
        break;
      case 'variant.shown': {
        const key = variantKey(event);
        if (key === null) break;
        this.shown.add(key);
        const job = this.job(jobOf(event)!);
        if (job.viewedAtAccept < 0) job.shown.add(key);
        break;
      }
      case 'variant.accepted': {
        const key = variantKey(event);
        if (key === null) break;
        this.shown.add(key);
        this.accepted.add(key);
        if (this.firstAcceptMono === null || event.monoTime < this.firstAcceptMono)
          this.firstAcceptMono = event.monoTime;
        const job = this.job(jobOf(event)!);
        if (job.viewedAtAccept < 0) {
          job.shown.add(key);
          job.viewedAtAccept = job.shown.size;
        }
        break;
      }
      default:
        break;
    }
    return true;
  }

  private job(id: string): JobState {
    let job = this.jobs.get(id);
    if (!job) this.jobs.set(id, (job = { shown: new Set(), viewedAtAccept: -1 }));
    return job;
  }

  result(): SessionMetrics {
    const start = this.startMono ?? this.firstMono;
    const accepted = this.accepted.size;
    const viewed = [...this.jobs.values()].filter((j) => j.viewedAtAccept > 0).map((j) => j.viewedAtAccept);
    return {
      sessionId: this.sessionId,
      participantId: this.participantId,
      condition: this.condition ?? NO_CONDITION,
      startedAt: this.startedAt,
      events: this.events,
      timeOnTaskS: Math.max(0, this.lastMono - start) / 1000,
      edits: this.edits,
      undos: this.undos,
      redos: this.redos,
      generations: this.generations,
      regenerations: this.regenerations,
      failedGenerations: this.failed,
      variantsShown: this.shown.size,
      variantsAccepted: accepted,
      acceptanceRate: this.shown.size === 0 ? null : accepted / this.shown.size,
      timeToFirstAcceptS:
        this.firstAcceptMono === null ? null : Math.max(0, this.firstAcceptMono - start) / 1000,
      regenerationsPerAccepted: accepted === 0 ? null : this.regenerations / accepted,
      variantsViewedBeforeAccept:
        viewed.length === 0 ? null : viewed.reduce((s, v) => s + v, 0) / viewed.length,
    };
  }
}
