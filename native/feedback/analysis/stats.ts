// The statistics of a study's comparison. The distributions come from stdlib (normal CDF,
// hypergeometric PMF); the tests on top of them (two-proportion z, Fisher's exact, Mann–Whitney U,
// the bootstrap) are written here because no well-kept npm package offers them.
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** Two-sided p of a standard normal statistic. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

export interface ProportionTest {
  test: 'two-proportion z' | "Fisher's exact";
  /** z for the z test, the conditional odds ratio's sample estimate for Fisher's. */
  statistic: number;
  p: number;
}

/**
 * Two-proportion z test with the pooled standard error (no continuity correction; z² is
 * Pearson's χ² of the 2×2 table, R's `prop.test(correct = FALSE)`).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (x1 / n1 - x2 / n2) / se;
  return { test: 'two-proportion z', statistic: z, p: se === 0 ? 1 : twoSidedNormalP(z) };
}

/**
 * Fisher's exact test of the 2×2 table [[a, b], [c, d]], two-sided as in R and scipy: the sum of
 * the probabilities of every table (same margins) no more likely than the one observed.
 */
export function fisherExact(a: number, b: number, c: number, d: number): ProportionTest {
  const total = a + b + c + d;
  const row1 = a + b;
  const col1 = a + c;
  const lo = Math.max(0, row1 + col1 - total);
  const hi = Math.min(row1, col1);
  const observed = hypergeometricPmf(a, total, col1, row1);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const px = hypergeometricPmf(x, total, col1, row1);
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  const odds = b * c === 0 ? (a * d === 0 ? NaN : Infinity) : (a * d) / (b * c);
  return { test: "Fisher's exact", statistic: odds, p: Math.min(1, p) };
}

/**
 * Compares two proportions x1/n1 and x2/n2: the z test, or Fisher's exact test when any expected
 * count of the 2×2 table is below 5 (where the normal approximation is poor).
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  const total = n1 + n2;
  const successes = x1 + x2;
  const expected = [n1, n2].flatMap((n) => [(n * successes) / total, (n * (total - successes)) / total]);
  if (expected.some((e) => e < 5)) return fisherExact(x1, n1 - x1, x2, n2 - x2);
  return twoProportionZ(x1, n1, x2, n2);
}

/** Cohen's h, the effect size of two proportions: 2·asin√p1 − 2·asin√p2. */
export function cohensH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

export interface MannWhitney {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting ½. */
  u: number;
  p: number;
  method: 'exact' | 'asymptotic';
  /** Rank-biserial correlation 2·U/(n1·n2) − 1: +1 when every x is above every y. */
  rankBiserial: number;
}

/** Midranks (1-based) of the values, and Σ(t³ − t) over the groups of ties. */
function ranks(values: number[]): { ranks: Float64Array; tieTerm: number } {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const out = new Float64Array(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) out[order[k]!] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks: out, tieTerm };
}

/** The number of arrangements of m x's and n y's with each U = 0…m·n. */
function exactUCounts(m: number, n: number): Float64Array {
  // f[i][j][u]: arrangements of i x's and j y's with statistic u; built up over j for each i.
  let prev: Float64Array[] = [];
  for (let i = 0; i <= m; i++) {
    const row: Float64Array[] = [];
    for (let j = 0; j <= n; j++) {
      const counts = new Float64Array(i * j + 1);
      if (i === 0 || j === 0) counts[0] = 1;
      else {
        // The largest of the i+j values is an x (beating all j y's) or a y.
        const withX = prev[j]!;
        const withY = row[j - 1]!;
        for (let u = 0; u < withX.length; u++) counts[u + j] = (counts[u + j] ?? 0) + withX[u]!;
        for (let u = 0; u < withY.length; u++) counts[u] = counts[u]! + withY[u]!;
      }
      row.push(counts);
    }
    prev = row;
  }
  return prev[n]!;
}

/**
 * The Mann–Whitney U test, two-sided, as scipy's `mannwhitneyu(x, y)` with its defaults: exact
 * when there are no ties and one sample has at most 8 values, else the normal approximation
 * with the tie correction and a continuity correction.
 */
export function mannWhitneyU(x: number[], y: number[]): MannWhitney {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: NaN, p: NaN, method: 'asymptotic', rankBiserial: NaN };
  const { ranks: r, tieTerm } = ranks([...x, ...y]);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) rankSum += r[i]!;
  const u1 = rankSum - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const rankBiserial = (2 * u1) / (n1 * n2) - 1;
  const big = Math.max(u1, u2);
  if (tieTerm === 0 && Math.min(n1, n2) <= 8) {
    const counts = exactUCounts(n1, n2);
    let total = 0;
    let atLeast = 0;
    for (let u = 0; u < counts.length; u++) {
      total += counts[u]!;
      if (u >= big) atLeast += counts[u]!;
    }
    return { u: u1, p: Math.min(1, (2 * atLeast) / total), method: 'exact', rankBiserial };
  }
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  // The continuity correction never crosses zero: at U = n1·n2/2, z = 0 and p = 1 (as scipy).
  const z = sd === 0 ? 0 : Math.max(0, big - mean - 0.5) / sd;
  return { u: u1, p: sd === 0 || z === 0 ? 1 : twoSidedNormalP(z), method: 'asymptotic', rankBiserial };
}

/** A small seeded generator (mulberry32): the same seed gives the same bootstrap. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The value at quantile q (0…1) of sorted values, interpolated linearly (R type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function median(values: readonly number[]): number {
  // A typed array sorts numbers natively, several times faster than with a comparator (the
  // bootstraps take medians of thousands of resamples); NaN goes last there but anywhere with
  // the comparator, so values with NaN keep the comparator's order.
  const sorted = new Float64Array(values).sort();
  if (sorted.length > 0 && Number.isNaN(sorted[sorted.length - 1]))
    return quantileSorted(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  return quantileSorted(sorted, 0.5);
}

/**
 * Percentile bootstrap 95% interval of `statistic(a') − statistic(b')`, where a' and b' are
 * resamples (with replacement, each of its own size) of the two groups. Deterministic for a seed.
 */
export function bootstrapDifference<T>(
  a: readonly T[],
  b: readonly T[],
  statistic: (sample: T[]) => number,
  { resamples = 2000, seed = 1 }: { resamples?: number; seed?: number } = {},
): [number, number] {
  if (a.length === 0 || b.length === 0) return [NaN, NaN];
  const random = seededRandom(seed);
  const draw = (group: readonly T[]) => {
    const out = new Array<T>(group.length);
    for (let i = 0; i < group.length; i++) out[i] = group[Math.floor(random() * group.length)]!;
    return out;
  };
  const diffs: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const d = statistic(draw(a)) - statistic(draw(b));
    if (Number.isFinite(d)) diffs.push(d);
  }
  diffs.sort((x, y) => x - y);
  return [quantileSorted(diffs, 0.025), quantileSorted(diffs, 0.975)];
}

/** Percentile bootstrap 95% interval of `statistic` over resamples of one group. */
export function bootstrapInterval<T>(
  group: readonly T[],
  statistic: (sample: T[]) => number,
  { resamples = 2000, seed = 1 }: { resamples?: number; seed?: number } = {},
): [number, number] {
  if (group.length === 0) return [NaN, NaN];
  const random = seededRandom(seed);
  const values: number[] = [];
  const sample = new Array<T>(group.length);
  for (let i = 0; i < resamples; i++) {
    for (let k = 0; k < group.length; k++) sample[k] = group[Math.floor(random() * group.length)]!;
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  return [quantileSorted(values, 0.025), quantileSorted(values, 0.975)];
}
