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
  variantsShown: number;
  variantsAccepted: number;
  /** Pooled over the condition's sessions: Σ accepted / Σ shown; null when nothing was shown. */
  acceptanceRate: number | null;
  /** Session-bootstrap 95% interval of the pooled acceptance rate. */
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
  /** Bootstrap 95% interval of the difference, resampling sessions within each condition. */
  ciLow: number | null;
  ciHigh: number | null;
  test: ProportionTest['test'] | 'Mann-Whitney U (exact)' | 'Mann-Whitney U (asymptotic)';
  statistic: number | null;
  p: number | null;
  effectSize: number | null;
  effectSizeName: "Cohen's h" | 'rank-biserial r';
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const orNull = (v: number) => (Number.isFinite(v) ? v : null);

function pooledRate(sessions: readonly SessionMetrics[]): number {
  let shown = 0;
  let accepted = 0;
  for (const s of sessions) {
    shown += s.variantsShown;
    accepted += s.variantsAccepted;
  }
  return shown === 0 ? NaN : accepted / shown;
}

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
    const rate = pooledRate(group);
    const ci = bootstrapInterval(group, pooledRate, options);
    return {
      condition,
      sessions: group.length,
      variantsShown: group.reduce((s, m) => s + m.variantsShown, 0),
      variantsAccepted: group.reduce((s, m) => s + m.variantsAccepted, 0),
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
  const sum = (g: SessionMetrics[], k: 'variantsShown' | 'variantsAccepted') =>
    g.reduce((s, m) => s + m[k], 0);
  const [shownA, shownB] = [sum(groupA, 'variantsShown'), sum(groupB, 'variantsShown')];
  const [accA, accB] = [sum(groupA, 'variantsAccepted'), sum(groupB, 'variantsAccepted')];
  if (shownA > 0 && shownB > 0) {
    const rateA = accA / shownA;
    const rateB = accB / shownB;
    const test = compareProportions(accA, shownA, accB, shownB);
    const [low, high] = bootstrapDifference(groupA, groupB, pooledRate, options);
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
    });
  }
  for (const metric of RANKED_METRICS) {
    const x = groupA.map((s) => s[metric]).filter(finite);
    const y = groupB.map((s) => s[metric]).filter(finite);
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
    });
  }
  return out;
}
