// The runner's source for warm-up gaps: the market data fetch of `quanttrade data fetch`
// (Yahoo's chart API at the configured base URL), stored through the bar store like any fetch.
// Synthetic instruments (the demo universe) have no market source: their gap is not asked for.
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import type { Pool } from '../../db/pool';
import { fetchAndStore } from '../../market/fetch-bars';
import { findInstruments } from '../../market/instrument-store';
import type { SourceSettings } from '../../market/source-settings';
import type { WarmupFetch } from './warm-up';

export function marketWarmupFetch(options: {
  pool: Pool;
  settings: SourceSettings;
  /** The market's now (the runner's clock). */
  now: () => number;
  log: Logger;
}): WarmupFetch {
  const { pool, settings, now, log } = options;
  return async (gap) => {
    const [instrument] = await findInstruments(pool, [gap.symbol]);
    if (instrument?.synthetic)
      throw new AppError(
        'NOT_FOUND',
        `${gap.symbol} is a synthetic instrument: no market source has its history`,
      );
    const outcome = await fetchAndStore(pool, { source: 'yahoo', ...gap, now }, settings);
    log.info(
      {
        symbol: gap.symbol,
        timeframe: gap.timeframe,
        from: new Date(gap.from),
        to: new Date(gap.to),
        bars: outcome.stored.written,
        source: 'yahoo',
      },
      'warm-up gap fetched',
    );
  };
}
