/** One figure of a benchmark, as written to tests/bench/results/<name>.json. */
export interface Metric {
  value: number;
  unit: string;
  better: 'lower' | 'higher';
  target?: number;
  peer?: { name: string; value: number };
}

export type Metrics = Record<string, Metric>;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
