// Guesses a series' timeframe from its timestamps when the caller did not say (CSV files carry
// no timeframe). The smallest gap between consecutive bars is the bar length: gaps are longer
// only across missing bars, nights and holidays, never shorter.
import { IST_OFFSET_MS, DAY_MS } from '../core/time';

const SAMPLE = 1000;

export function inferTimeframe(time: Float64Array, n: number): string {
  const limit = Math.min(n, SAMPLE);
  let minGap = Infinity;
  let allMidnight = true;
  for (let i = 0; i < limit; i++) {
    if ((time[i]! + IST_OFFSET_MS) % DAY_MS !== 0) allMidnight = false;
    if (i > 0) minGap = Math.min(minGap, time[i]! - time[i - 1]!);
  }
  if (allMidnight || minGap >= DAY_MS || n < 2) return '1d';
  const minutes = Math.max(1, Math.round(minGap / 60_000));
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
