// Seeded 1-minute sessions for runner tests: a random walk on the 0.05 tick grid with opening
// gaps, stored through the bar store's own write path.
import { barSeriesFromBars, type Bar } from '../../../daemon/src/core/bar';
import { roundToTick } from '../../../daemon/src/core/money';
import { istTime } from '../../../daemon/src/core/time';
import type { Pool } from '../../../daemon/src/db/pool';
import { storeBars } from '../../../daemon/src/market/bar-store';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** 375 one-minute bars per date (09:15–15:29 IST). */
export function sessionBars(dates: readonly string[], seed: number, start = 500): Bar[] {
  const rnd = lcg(seed);
  let close = start;
  const bars: Bar[] = [];
  for (const date of dates) {
    close = roundToTick(close * (1 + (rnd() - 0.5) * 0.01), 0.05);
    for (let m = 0; m < 375; m++) {
      const open = roundToTick(close * (1 + (rnd() - 0.5) * 0.001), 0.05);
      close = roundToTick(open * (1 + (rnd() - 0.5) * 0.004), 0.05);
      const high = roundToTick(Math.max(open, close) * (1 + rnd() * 0.001), 0.05);
      const low = roundToTick(Math.min(open, close) * (1 - rnd() * 0.001), 0.05);
      bars.push({
        time: istTime(date, 9, 15 + m),
        open,
        high,
        low,
        close,
        volume: 100 + Math.floor(rnd() * 900),
      });
    }
  }
  return bars;
}

export async function storeSessions(
  pool: Pool,
  symbols: readonly string[],
  dates: readonly string[],
  seed: number,
): Promise<void> {
  await storeBars(
    pool,
    symbols.map((symbol, k) => ({
      symbol,
      series: barSeriesFromBars(symbol, '1m', sessionBars(dates, seed + k * 7919, 300 + 200 * k)),
      source: 'synthetic',
      synthetic: true,
    })),
  );
}
