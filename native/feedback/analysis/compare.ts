import type { SessionMetrics } from './metrics';
import {
  bootstrapDifference,
  bootstrapInterval,
  cohensH,
  compareProportions,
  mannWhitneyU,
  median,
  type ProportionTest,
} from './stats';

/** The per-session measures compared by rank (Mann–Whitney U, difference of medians). */
export const RANKED_METRICS = [
  'timeOnTaskS',
  'timeToFirstAcceptS',
  'edits',
  'undos',
  'generations',
  'regenerationsPerAccepted',
  'variantsViewedBeforeAccept',
  'acceptanceRate',
] as const satisfies readonly (keyof SessionMetrics)[];
export type RankedMetric = (typeof RANKED_METRICS)[number];

export interface ConditionSummary {
  condition: string;
  sessions: number;
  /** Distinct participant ids among the sessions (0 when the log has none). */
  participants: number;
  variantsShown: number;
  /** Σ variants offered (shown, accepted or rejected: see SessionMetrics.variantsOffered). */
  variantsOffered: number;
  variantsAccepted: number;
  /** Σ accepts undone (counted as rejections). */
  variantsUndone: number;
  /** Pooled over the condition's sessions: Σ accepted / Σ offered; null when nothing was offered. */
  acceptanceRate: number | null;
  /**
   * Bootstrap 95% interval of the pooled acceptance rate, resampling participants (a session
   * without a participant id is its own participant): sessions when the log has no ids.
   */
  acceptanceRateCi: [number, number];
  medians: Record<RankedMetric, number | null>;
}

/** One comparison of condition `a` against condition `b` (differences are a − b). */
export interface Comparison {
  a: string;
  b: string;
  metric: 'acceptanceRate (pooled)' | RankedMetric;
  nA: number;
  nB: number;
  /** Pooled rate (proportion) or median (ranked metric) of each condition. */
  estimateA: number | null;
  estimateB: number | null;
  difference: number | null;
  /**
   * Bootstrap 95% interval of the difference, resampling participants within each condition
   * (sessions where the log has no participant ids).
   */
  ciLow: number | null;
  ciHigh: number | null;
  test: ProportionTest['test'] | 'Mann-Whitney U (exact)' | 'Mann-Whitney U (asymptotic)';
  statistic: number | null;
  p: number | null;
  effectSize: number | null;
  effectSizeName: "Cohen's h" | 'rank-biserial r';
  /**
   * What nA and nB count and the test takes as independent: variants (the pooled rate),
   * participants (a ranked measure when sessions carry participant ids: each participant's
   * mean over their sessions, their pooled rate for acceptanceRate) or sessions.
   */
  unit: 'variant' | 'participant' | 'session';
  /** What a reader must know about the test, or null. */
  note: string | null;
}

/** Sessions of one participant (or one session without a participant id): the bootstrap's unit. */
interface Unit {
  sessions: SessionMetrics[];
  offered: number;
  accepted: number;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const orNull = (v: number) => (Number.isFinite(v) ? v : null);

/** Σ accepted / Σ offered over units. */
function pooledRate(units: readonly Unit[]): number {
  let offered = 0;
  let accepted = 0;
  for (const u of units) {
    offered += u.offered;
    accepted += u.accepted;
  }
  return offered === 0 ? NaN : accepted / offered;
}

/** The sessions grouped by participant, in order of first session; a session without an id is its own unit. */
function unitsOf(sessions: readonly SessionMetrics[]): Unit[] {
  const units = new Map<string, Unit>();
  for (const s of sessions) {
    const key = s.participantId === null ? `session\0${s.sessionId}` : `participant\0${s.participantId}`;
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = { sessions: [], offered: 0, accepted: 0 }));
    unit.sessions.push(s);
    unit.offered += s.variantsOffered;
    unit.accepted += s.variantsAccepted;
  }
  return [...units.values()];
}

/** A unit's value of a measure: its pooled rate for acceptanceRate, else the mean over its sessions. */
function unitValue(unit: Unit, metric: RankedMetric): number {
  if (metric === 'acceptanceRate') return unit.offered === 0 ? NaN : unit.accepted / unit.offered;
  let sum = 0;
  let n = 0;
  for (const s of unit.sessions) {
    const v = s[metric];
    if (finite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

const POOLED_NOTE_CLUSTERED =
  'pooled over variants: treats every variant as independent, so ignores that they cluster in participants; the acceptanceRate row (Mann–Whitney on per-participant rates) respects it';
const POOLED_NOTE =
  'pooled over variants: treats every variant as independent, so ignores that they cluster in sessions; the acceptanceRate row (Mann–Whitney on per-session rates) respects it';

export interface CompareOptions {
  resamples?: number;
  seed?: number;
}

/** Summaries per condition (sorted by name) and every pair's comparisons. */
export function compareConditions(
  sessions: readonly SessionMetrics[],
  options: CompareOptions = {},
): { conditions: ConditionSummary[]; comparisons: Comparison[] } {
  const groups = new Map<string, SessionMetrics[]>();
  for (const s of sessions) {
    const group = groups.get(s.condition) ?? [];
    group.push(s);
    groups.set(s.condition, group);
  }
  const names = [...groups.keys()].sort();
  const conditions = names.map((condition): ConditionSummary => {
    const group = groups.get(condition)!;
    const units = unitsOf(group);
    const rate = pooledRate(units);
    const ci = bootstrapInterval(units, pooledRate, options);
    return {
      condition,
      sessions: group.length,
      participants: new Set(group.flatMap((s) => (s.participantId === null ? [] : [s.participantId]))).size,
      variantsShown: group.reduce((s, m) => s + m.variantsShown, 0),
      variantsOffered: group.reduce((s, m) => s + m.variantsOffered, 0),
      variantsAccepted: group.reduce((s, m) => s + m.variantsAccepted, 0),
      variantsUndone: group.reduce((s, m) => s + m.variantsUndone, 0),
      acceptanceRate: orNull(rate),
      acceptanceRateCi: ci,
      medians: Object.fromEntries(
        RANKED_METRICS.map((metric) => {
          const values = group.map((s) => s[metric]).filter(finite);
          return [metric, values.length === 0 ? null : median(values)];
        }),
      ) as Record<RankedMetric, number | null>,
    };
  });
  const comparisons: Comparison[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      comparisons.push(
        ...comparePair(names[i]!, groups.get(names[i]!)!, names[j]!, groups.get(names[j]!)!, options),
      );
    }
  }
  return { conditions, comparisons };
}

function comparePair(
  a: string,
  groupA: SessionMetrics[],
  b: string,
  groupB: SessionMetrics[],
  options: CompareOptions,
): Comparison[] {
  const out: Comparison[] = [];
  const sum = (g: SessionMetrics[], k: 'variantsOffered' | 'variantsAccepted') =>
    g.reduce((s, m) => s + m[k], 0);
  const [shownA, shownB] = [sum(groupA, 'variantsOffered'), sum(groupB, 'variantsOffered')];
  const [accA, accB] = [sum(groupA, 'variantsAccepted'), sum(groupB, 'variantsAccepted')];
  const [unitsA, unitsB] = [unitsOf(groupA), unitsOf(groupB)];
  const clustered = [...groupA, ...groupB].some((s) => s.participantId !== null);
  if (shownA > 0 && shownB > 0) {
    const rateA = accA / shownA;
    const rateB = accB / shownB;
    const test = compareProportions(accA, shownA, accB, shownB);
    const [low, high] = bootstrapDifference(unitsA, unitsB, pooledRate, options);
    out.push({
      a,
      b,
      metric: 'acceptanceRate (pooled)',
      nA: shownA,
      nB: shownB,
      estimateA: rateA,
      estimateB: rateB,
      difference: rateA - rateB,
      ciLow: orNull(low),
      ciHigh: orNull(high),
      test: test.test,
      statistic: orNull(test.statistic),
      p: orNull(test.p),
      effectSize: cohensH(rateA, rateB),
      effectSizeName: "Cohen's h",
      unit: 'variant',
      note: clustered ? POOLED_NOTE_CLUSTERED : POOLED_NOTE,
    });
  }
  for (const metric of RANKED_METRICS) {
    // With participant ids, one value per participant: their sessions (one per task) are not
    // independent observations.
    const x = unitsA.map((u) => unitValue(u, metric)).filter(finite);
    const y = unitsB.map((u) => unitValue(u, metric)).filter(finite);
    if (x.length === 0 || y.length === 0) continue;
    const mw = mannWhitneyU(x, y);
    const [low, high] = bootstrapDifference(x, y, median, options);
    const [mA, mB] = [median(x), median(y)];
    out.push({
      a,
      b,
      metric,
      nA: x.length,
      nB: y.length,
      estimateA: mA,
      estimateB: mB,
      difference: mA - mB,
      ciLow: orNull(low),
      ciHigh: orNull(high),
      test: mw.method === 'exact' ? 'Mann-Whitney U (exact)' : 'Mann-Whitney U (asymptotic)',
      statistic: orNull(mw.u),
      p: orNull(mw.p),
      effectSize: orNull(mw.rankBiserial),
      effectSizeName: 'rank-biserial r',
      unit: clustered ? 'participant' : 'session',
      note: !clustered
        ? null
        : metric === 'acceptanceRate'
          ? "per participant: Σ accepted / Σ offered over the participant's sessions"
          : "per participant: the mean over the participant's sessions",
    });
  }
  return out;
}
