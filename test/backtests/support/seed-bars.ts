// Bars for backtest tests, written through the bar store's own write path (storeBars): a
// deterministic random walk of daily bars, one per calendar day from `start`.
import { istTime } from '../../../daemon/src/core/time';
import type { Pool } from '../../../daemon/src/db/pool';
import { storeBars } from '../../../daemon/src/market/bar-store';
import { DAY, randomWalk } from '../../fixtures/engine/bars';

export interface Seeded {
  symbol: string;
  bars: number;
  /** First and last bar dates, YYYY-MM-DD (IST). */
  from: string;
  to: string;
}

export async function seedDailyBars(
  pool: Pool,
  symbol: string,
  bars: number,
  options: { seed?: number; start?: string } = {},
): Promise<Seeded> {
  const start = options.start ?? '2015-01-01';
  const first = istTime(start, 9, 15);
  const series = randomWalk(bars, options.seed ?? 7, { symbol, timeframe: '1d', start: first, step: DAY });
  await storeBars(pool, [{ symbol, series, source: 'synthetic', synthetic: true }]);
  const last = new Date(first + (bars - 1) * DAY + 5.5 * 3600_000).toISOString().slice(0, 10);
  return { symbol, bars, from: start, to: last };
}

let ranges = 0;

/**
 * A range over the seeded bars that no earlier call returned (its last day moves back a day each
 * time). Worker threads cache bars by range (backtests/bar-cache.ts): a new range makes a run
 * read the bars table, which is where tests that hold runs in flight block them.
 */
export function freshRange(seeded: Seeded): { from: string; to: string } {
  ranges += 1;
  const to = new Date(Date.parse(`${seeded.to}T00:00:00Z`) - ranges * DAY).toISOString().slice(0, 10);
  return { from: seeded.from, to };
}
