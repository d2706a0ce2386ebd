// Shared output helper for scripts/bench/*.bench.ts (see scripts/bench/run.mjs).
export interface BenchFigure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** A baseline measured in the same run, when one exists. */
  baseline?: { name: string; value: number };
  /** value / baseline.value (or the inverse when `lowerIsBetter`, so > 1 is always "faster"). */
  ratio?: number;
  target?: string;
  /** Whether `value` meets `target`, when the target is a number. */
  meetsTarget?: boolean;
  notes?: string;
}

export function emit(figure: BenchFigure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
