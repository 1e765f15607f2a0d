import { describe, expect, it } from 'vitest';
import {
  bootstrapDifference,
  bootstrapInterval,
  cohensH,
  compareProportions,
  fisherExact,
  mannWhitneyU,
  median,
  twoProportionZ,
  twoSidedNormalP,
} from '../../../../native/feedback/analysis/stats';

describe('statistics against known values', () => {
  it('normal tail: two-sided p of 1.96 is 0.05', () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 10);
  });

  it('two-proportion z: z² is Pearson χ² (80/100 vs 40/100 → χ² = 33.33)', () => {
    const r = twoProportionZ(80, 100, 40, 100);
    expect(r.statistic ** 2).toBeCloseTo(100 / 3, 9);
    expect(r.p).toBeLessThan(1e-7);
    // R: prop.test(c(45, 35), c(100, 100), correct = FALSE) → X-squared = 2.0833, p = 0.1489
    const s = twoProportionZ(45, 100, 35, 100);
    expect(s.statistic ** 2).toBeCloseTo(2.083333, 5);
    expect(s.p).toBeCloseTo(0.1489147, 6);
  });

  it("Fisher's exact: the lady tasting tea (p = 34/70) and a lopsided table", () => {
    expect(fisherExact(3, 1, 1, 3).p).toBeCloseTo(34 / 70, 12);
    // [[1, 9], [11, 3]]: the textbook example of R's fisher.test docs (Agresti) → p = 0.002759
    expect(fisherExact(1, 9, 11, 3).p).toBeCloseTo(0.0027594561, 8);
  });

  it('uses Fisher when an expected count is below 5, else z', () => {
    expect(compareProportions(3, 4, 1, 4).test).toBe("Fisher's exact");
    expect(compareProportions(80, 100, 40, 100).test).toBe('two-proportion z');
  });

  it("Cohen's h of 0.8 vs 0.4", () => {
    expect(cohensH(0.8, 0.4)).toBeCloseTo(2 * Math.asin(Math.sqrt(0.8)) - 2 * Math.asin(Math.sqrt(0.4)), 12);
    expect(cohensH(0.8, 0.4)).toBeCloseTo(0.8449, 4);
  });

  it("Mann–Whitney U matches scipy's documented example", () => {
    // scipy.stats.mannwhitneyu docs: U1 = 17, exact p = 0.1111111111111111, asymptotic 0.11134688653314041
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const exact = mannWhitneyU(males, females);
    // A tie-free asymptotic p, with the sample above 8: same formula as scipy's 'asymptotic'.
    const bigger = mannWhitneyU([...males, 30, 31, 32, 33], [...females, 1, 2, 3, 4, 5]);
    expect(bigger.method).toBe('asymptotic');
    expect(bigger.u).toBe(78);
    expect(bigger.p).toBeCloseTo(0.0010862466258220339, 9); // scipy
    expect(exact.method).toBe('exact');
    expect(exact.u).toBe(17);
    expect(exact.p).toBeCloseTo(0.1111111111111111, 12);
    expect(exact.rankBiserial).toBeCloseTo((2 * 17) / 20 - 1, 12);
    // With a tie the normal approximation is used (tie correction, continuity correction).
    const tied = mannWhitneyU([1, 2, 2, 3, 4, 5, 6, 7, 8, 9], [2, 3, 4, 10, 11, 12, 13, 14, 15, 16]);
    expect(tied.method).toBe('asymptotic');
    // scipy 1.x: mannwhitneyu(x, y) → statistic=20.0, pvalue=0.02541488513487454
    expect(tied.u).toBe(20);
    expect(tied.p).toBeCloseTo(0.02541488513487454, 9);
  });

  it('bootstrap is deterministic for a seed and covers the true difference', () => {
    const a = Array.from({ length: 50 }, (_, i) => 10 + (i % 7));
    const b = Array.from({ length: 50 }, (_, i) => 5 + (i % 7));
    const one = bootstrapDifference(a, b, median, { seed: 7 });
    expect(bootstrapDifference(a, b, median, { seed: 7 })).toEqual(one);
    expect(one[0]).toBeLessThanOrEqual(5);
    expect(one[1]).toBeGreaterThanOrEqual(5);
    const [lo, hi] = bootstrapInterval(a, median, { seed: 3 });
    expect(lo).toBeLessThanOrEqual(median(a));
    expect(hi).toBeGreaterThanOrEqual(median(a));
  });
});
