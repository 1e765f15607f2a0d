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
  /**
   * Seconds on the task: from the session's start (its `session.started`, else its first event)
   * to its `study.task-finished` (the first one) when it has one, else to its last event — so
   * the questionnaire, `study.ended` and `session.ended`, logged in the last task's project, are
   * not counted — less the time logging was paused within that span (each
   * `study.logging-paused` to its `study.logging-resumed`, by the monotonic clock; a pause
   * never resumed runs to the end of the span; a resume without its pause, the pause begun in
   * the previous task, counts its `durationMs` back from the resume, at most to the start).
   */
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
  /**
   * Distinct variants offered: shown, accepted or rejected (`variant.rejected`, whatever the
   * reason). A condition with inline results shows only the variant it places and logs the
   * others as rejected ("inline"); counting them makes its rate comparable with the staging
   * strip's: both are accepted variants per variant generated.
   */
  variantsOffered: number;
  /**
   * Distinct variants accepted and kept (`variant.accepted`; accepting several of a job counts
   * each), less those whose accept was undone (see variantsUndone).
   */
  variantsAccepted: number;
  /**
   * Distinct variants accepted and then taken back with Undo before the session's next
   * generation (`generation.requested` or `generation.regenerated`), its task's end, a pause of
   * logging or its last event, and not redone by then: they count as rejected. Found by playing
   * the session's undo stack from its `command`, `gesture`, `undo` and `redo` events: an accept
   * belongs to the "Accept variant"/"Accept all variants" gesture logged before it. Where the
   * log cannot tell which step an undo took back (an undo whose name is not the label of the
   * gesture it would undo, or edits not logged during a pause), the accepts before that point
   * are kept as accepted.
   */
  variantsUndone: number;
  /** variantsAccepted / variantsOffered; null when nothing was offered. */
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

/** Labels of the gestures that accept variants (renderer/app/fill-actions.ts). */
const ACCEPT_GESTURES: ReadonlySet<string> = new Set(['Accept variant', 'Accept all variants']);

/** One undo step of a session, as its log shows it. */
interface Step {
  /** The gesture's label; null for a command (its logged name is the command type, not its label). */
  label: string | null;
  /** Variants (keys) accepted by this step: an accept gesture's. */
  accepts: string[];
  /** For an accept gesture: how many accepts it may take (one, or any for "Accept all variants"). */
  room: number;
  /** False while undone (read for accept steps only: the shared steps below never take accepts). */
  applied: boolean;
}

/** A command's step: its logged name is the command type, not the step's label, so none is checked. */
const COMMAND_STEP: Step = { label: null, accepts: [], room: 0, applied: true };
/** A step the log did not show (made while logging was paused): undo and redo move it as any other. */
const UNKNOWN_STEP: Step = { label: null, accepts: [], room: 0, applied: true };
/** Steps kept on the played undo stack; the editor keeps fewer (500), so none it can undo is lost. */
const MAX_STEPS = 4096;

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
  private readonly rejected = new Set<string>();
  /** Accepts taken back with Undo and not redone when their decision closed. */
  private readonly undone = new Set<string>();
  private finishedMono: number | null = null;
  private readonly pausedAt: number[] = [];
  private readonly resumed: { mono: number; durationMs: number | null }[] = [];
  /** The session's undo and redo stacks, as far as the log shows them. */
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  /** Accept steps whose fate is still open (until the next generation, pause or end). */
  private open: Step[] = [];
  /** The last accept gesture logged, while it can still take accepts. */
  private acceptStep: Step | null = null;
  /**
   * Accepts logged before their accept gesture: the studio logs \`variant.accepted\` as it sends
   * the gesture, and the gesture may reach the log a moment later. The next accept gesture takes them.
   */
  private unplaced: string[] = [];
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
      case 'study.task-finished':
        if (this.finishedMono === null || event.monoTime < this.finishedMono)
          this.finishedMono = event.monoTime;
        this.closeDecisions();
        break;
      case 'study.logging-paused':
        this.pausedAt.push(event.monoTime);
        // Edits made while paused are not logged: from here the stacks are not known.
        this.closeDecisions();
        this.undoStack = [];
        this.redoStack = [];
        break;
      case 'study.logging-resumed':
        this.resumed.push({
          mono: event.monoTime,
          durationMs:
            typeof event.durationMs === 'number' && Number.isFinite(event.durationMs) && event.durationMs >= 0
              ? event.durationMs
              : null,
        });
        break;
      case 'command':
        this.edits++;
        this.push(COMMAND_STEP);
        break;
      case 'gesture': {
        this.edits++;
        const label = event.name ?? '';
        const step: Step = {
          label,
          accepts: [],
          room: !ACCEPT_GESTURES.has(label) ? 0 : label === 'Accept variant' ? 1 : Infinity,
          applied: true,
        };
        this.push(step);
        if (step.room > 0) {
          this.acceptStep = step;
          while (this.unplaced.length > 0 && step.accepts.length < step.room) {
            step.accepts.push(this.unplaced.shift()!);
            if (step.accepts.length === 1) this.open.push(step);
          }
        }
        this.unplaced = [];
        break;
      }
      case 'undo': {
        this.undos++;
        this.acceptStep = null;
        const step = this.undoStack.pop() ?? UNKNOWN_STEP;
        const name = event.name ?? '';
        if (step.label !== null ? step.label !== name : step === COMMAND_STEP && ACCEPT_GESTURES.has(name)) {
          // Not the step the log says: the stacks are out of step with the editor's.
          this.closeDecisions();
          this.undoStack = [];
          this.redoStack = [];
          break;
        }
        step.applied = false;
        this.redoStack.push(step);
        break;
      }
      case 'redo': {
        this.redos++;
        this.acceptStep = null;
        const step = this.redoStack.pop() ?? UNKNOWN_STEP;
        step.applied = true;
        this.undoStack.push(step);
        break;
      }
      case 'generation.requested':
        this.generations++;
        this.closeDecisions();
        break;
      case 'generation.regenerated':
        this.generations++;
        this.regenerations++;
        this.closeDecisions();
        break;
      case 'variant.rejected': {
        const key = variantKey(event);
        if (key !== null) this.rejected.add(key);
        break;
      }
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
        if (!this.accepted.has(key)) {
          this.accepted.add(key);
          const step = this.acceptStep;
          if (step !== null && step.accepts.length < step.room) {
            step.accepts.push(key);
            if (step.accepts.length === 1) this.open.push(step);
          } else if (step === null) {
            this.unplaced.push(key);
          }
        }
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

  /** A new undo step: the redo stack goes, as in the editor. */
  private push(step: Step): void {
    this.undoStack.push(step);
    if (this.undoStack.length > MAX_STEPS) this.undoStack.splice(0, MAX_STEPS / 2);
    if (this.redoStack.length > 0) this.redoStack = [];
    this.acceptStep = null;
  }

  /** The open accepts are decided: those whose step is not on the undo stack were undone. */
  private closeDecisions(): void {
    if (this.open.length > 0) {
      for (const step of this.open) if (!step.applied) for (const key of step.accepts) this.undone.add(key);
      this.open = [];
    }
    this.acceptStep = null;
  }

  /** Milliseconds of [start, end] during which logging was paused. */
  private pausedWithin(start: number, end: number): number {
    const spans: [number, number][] = [];
    const pauses = [...this.pausedAt].sort((a, b) => a - b);
    const resumes = [...this.resumed].sort((a, b) => a.mono - b.mono);
    let p = 0;
    for (const resume of resumes) {
      // The last pause before this resume (earlier ones without a resume of their own merge in).
      let from: number | null = null;
      while (p < pauses.length && pauses[p]! <= resume.mono) {
        const at = pauses[p++]!;
        from ??= at;
      }
      if (from === null) {
        if (resume.durationMs === null) continue;
        from = resume.mono - resume.durationMs; // paused in the previous task's session
      }
      spans.push([from, resume.mono]);
    }
    if (p < pauses.length) spans.push([pauses[p]!, end]); // never resumed
    let total = 0;
    let reached = start;
    for (const [from, to] of spans.sort((a, b) => a[0] - b[0])) {
      const lo = Math.max(from, reached);
      const hi = Math.min(to, end);
      if (hi > lo) {
        total += hi - lo;
        reached = hi;
      }
    }
    return total;
  }

  private job(id: string): JobState {
    let job = this.jobs.get(id);
    if (!job) this.jobs.set(id, (job = { shown: new Set(), viewedAtAccept: -1 }));
    return job;
  }

  result(): SessionMetrics {
    const start = this.startMono ?? this.firstMono;
    const end = this.finishedMono ?? this.lastMono;
    // The decisions still open close at the session's end (without changing the stacks).
    const open = this.open;
    const undone = new Set(this.undone);
    for (const step of open) if (!step.applied) for (const key of step.accepts) undone.add(key);
    const accepted = this.accepted.size - undone.size;
    const offered = new Set([...this.shown, ...this.rejected]).size;
    const viewed = [...this.jobs.values()].filter((j) => j.viewedAtAccept > 0).map((j) => j.viewedAtAccept);
    return {
      sessionId: this.sessionId,
      participantId: this.participantId,
      condition: this.condition ?? NO_CONDITION,
      startedAt: this.startedAt,
      events: this.events,
      timeOnTaskS: Math.max(0, end - start - this.pausedWithin(start, end)) / 1000,
      edits: this.edits,
      undos: this.undos,
      redos: this.redos,
      generations: this.generations,
      regenerations: this.regenerations,
      failedGenerations: this.failed,
      variantsShown: this.shown.size,
      variantsOffered: offered,
      variantsAccepted: accepted,
      variantsUndone: undone.size,
      acceptanceRate: offered === 0 ? null : accepted / offered,
      timeToFirstAcceptS:
        this.firstAcceptMono === null
          ? null
          : Math.max(0, this.firstAcceptMono - start - this.pausedWithin(start, this.firstAcceptMono)) / 1000,
      regenerationsPerAccepted: accepted === 0 ? null : this.regenerations / accepted,
      variantsViewedBeforeAccept:
        viewed.length === 0 ? null : viewed.reduce((s, v) => s + v, 0) / viewed.length,
    };
  }
}
