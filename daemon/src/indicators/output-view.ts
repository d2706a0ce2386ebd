// Multi-output indicators (MACD, Bollinger, Stochastic, ADX, …) expose each extra output as a
// number property for cheap reads, and also as an IndicatorOutput view so it can be passed
// where an indicator is expected — e.g. crossover(m, m.outputs.signal) — with its own warm-up.
import type { IndicatorOutput } from './indicator';

/** A read-only view whose value is `read()`, defined from index `warmup`. Built once, not per bar. */
export function outputView(read: () => number, warmup: number): IndicatorOutput {
  return {
    get value(): number {
      return read();
    },
    warmup,
  };
}
