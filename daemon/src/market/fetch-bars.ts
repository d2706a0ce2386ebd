// `data fetch` and the fetch branch of the data.ingest job: bars from Yahoo or Dhan for one
// symbol and range, stored in one transaction. Nothing is stored when the fetch fails midway.
import type { BarSeries } from '../core/bar';
import { AppError, validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import type { Pool } from '../db/pool';
import { storeBars, type StoredBars } from './bar-store';
import { findInstruments } from './instrument-store';
import { resampleBars } from './resample';
import { concatSeries, sliceByTime } from './series-concat';
import { createYahooClient, type YahooFetchRequest } from './sources/yahoo-chart';
import { requireDhanCredentials, type FetchDhanCandles, type SourceSettings } from './source-settings';

/** What to fetch: a Yahoo request (Dhan ignores `adjust`), the source and a progress callback. */
export interface FetchRequest extends YahooFetchRequest {
  source: 'yahoo' | 'dhan';
  onProgress?(written: number, total: number): void;
  /** The market's now (default the wall clock): a trading runner on a simulated session passes its own. */
  now?: () => number;
}

export interface FetchOutcome {
  stored: StoredBars;
  requests: number;
  /** Bars the source sent that were unusable (nulls, inconsistent OHLC). */
  skipped: number;
}

const DHAN_INSTRUMENT = { equity: 'EQUITY', index: 'INDEX' } as const;

async function fetchFromDhan(
  pool: Pool,
  request: FetchRequest,
  settings: SourceSettings,
  fetchCandles: FetchDhanCandles | undefined,
) {
  const [instrument] = await findInstruments(pool, [request.symbol]);
  if (!instrument!.securityId) {
    throw new AppError(
      'NOT_FOUND',
      `${instrument!.exchange}:${instrument!.symbol} has no Dhan security id: load the instrument master first (quanttrade data instruments)`,
    );
  }
  const kind = DHAN_INSTRUMENT[instrument!.kind as keyof typeof DHAN_INSTRUMENT];
  if (!kind)
    throw validationError([
      {
        path: 'symbol',
        value: request.symbol,
        expected: 'an equity or index (derivative history is not fetched)',
      },
    ]);
  const credentials = requireDhanCredentials(settings);
  if (!fetchCandles)
    throw new AppError(
      'INVARIANT_BROKEN',
      'Dhan history is not available here: no Dhan candle fetcher was wired in',
    );
  const result = await fetchCandles({
    symbol: instrument!.symbol,
    securityId: instrument!.securityId,
    exchangeSegment: instrument!.segment,
    instrument: kind,
    timeframe: request.timeframe,
    from: request.from,
    to: request.to,
    signal: request.signal,
    baseUrl: settings.dhanBaseUrl,
    credentials,
  });
  let series = sliceByTime(
    concatSeries(instrument!.symbol, result.fetchedTimeframe, result.parts),
    request.from,
    request.to,
  );
  const wanted = parseTimeframe(request.timeframe)?.name ?? request.timeframe;
  if (result.fetchedTimeframe !== wanted) series = resampleBars(series, wanted);
  return { series, requests: result.requests, skipped: result.skippedBars };
}

/** `fetchCandles` is broker/dhan's fetcher (createDhanCandleFetcher), given by the caller for Dhan. */
export async function fetchAndStore(
  pool: Pool,
  request: FetchRequest,
  settings: SourceSettings,
  fetchCandles?: FetchDhanCandles,
): Promise<FetchOutcome> {
  let fetched: { series: BarSeries; requests: number; skipped: number };
  if (request.source === 'dhan') fetched = await fetchFromDhan(pool, request, settings, fetchCandles);
  else {
    const result = await createYahooClient({
      baseUrl: settings.yahooBaseUrl,
      ...(request.now ? { now: request.now } : {}),
    }).fetchBars(request);
    fetched = {
      series: result.series,
      requests: result.requests,
      skipped: result.nullBars + result.inconsistentBars + result.inProgressBars,
    };
  }
  if (fetched.series.length === 0) {
    throw new AppError(
      'NOT_FOUND',
      `${request.source} returned no ${request.timeframe} bars for ${request.symbol} in the range`,
      { symbol: request.symbol },
    );
  }
  const [stored] = await storeBars(
    pool,
    [{ symbol: request.symbol, series: fetched.series, source: request.source }],
    request.onProgress,
  );
  return { stored: stored!, requests: fetched.requests, skipped: fetched.skipped };
}
