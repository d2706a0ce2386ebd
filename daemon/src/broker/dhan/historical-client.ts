// Dhan historical data client (../shared/reference/dhan-api.md §5, §9, §10): daily candles from
// POST /charts/historical, intraday from POST /charts/intraday in chunks of at most 90 days over
// the last 5 years. Requests go through the account's REST caller (rest-caller.ts), so they take
// slots from the same per-account limits as orders (Data APIs: 5/s) and are retried like reads.
import { z } from 'zod';
import { validationError } from '../../core/errors';
import { formatDays, formatIstDateTime, istDayNumber } from '../../core/calendar/civil-date';
import { IST_OFFSET_MS } from '../../core/time';
import { parseTimeframe } from '../../core/timeframe';
import type { BarSeries } from '../../core/bar';
import { DhanError, isNoDataError } from './dhan-errors';
import { parseDhanCandles } from './dhan-candles';
import { DEFAULT_READ_RETRY, withRetry, type RetryPolicy } from './read-retry';
import type { RestCaller } from './rest-caller';

const DAY = 86_400_000;
const CHUNK_DAYS = 90;
const INTRADAY_HISTORY_DAYS = 5 * 365;
const INTERVALS = [1, 5, 15, 25, 60];

export interface HistoricalClientOptions {
  caller: RestCaller;
  retry?: RetryPolicy;
  now?: () => number;
}

export interface DhanFetchRequest {
  /** Names the series. */
  symbol: string;
  securityId: string;
  exchangeSegment: string;
  /** EQUITY, INDEX, FUTIDX, … */
  instrument: string;
  timeframe: string;
  from: number;
  to: number;
  signal?: AbortSignal;
}

function istWall(ms: number): string {
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function createDhanHistoricalClient(options: HistoricalClientOptions) {
  const now = options.now ?? Date.now;
  const retry = options.retry ?? DEFAULT_READ_RETRY;

  async function post(
    path: string,
    body: Record<string, unknown>,
    request: DhanFetchRequest,
    timeframe: string,
  ) {
    try {
      const json = await withRetry(
        retry,
        () =>
          options.caller.call({
            method: 'POST',
            path,
            endpoint: `POST ${path}`,
            category: 'data',
            body,
            schema: z.unknown(),
            signal: request.signal,
          }),
        request.signal,
      );
      return parseDhanCandles(json, request.symbol, timeframe);
    } catch (err) {
      if (err instanceof DhanError && isNoDataError(err)) return undefined;
      throw err;
    }
  }

  function checkRequest(request: DhanFetchRequest) {
    const tf = parseTimeframe(request.timeframe);
    if (!tf)
      throw validationError([
        { path: 'timeframe', value: request.timeframe, expected: 'a timeframe like 1m, 5m, 15m, 1h or 1d' },
      ]);
    if (!(request.from < request.to)) {
      throw validationError([
        {
          path: 'from',
          value: formatIstDateTime(request.from),
          expected: `a time before to (${formatIstDateTime(request.to)})`,
        },
      ]);
    }
    if (!/^\d+$/.test(request.securityId))
      throw validationError([
        { path: 'securityId', value: request.securityId, expected: 'a numeric Dhan security id' },
      ]);
    return tf;
  }

  return {
    /** Candles of [from, to) at the nearest interval Dhan serves (the caller resamples). */
    async fetchBars(request: DhanFetchRequest): Promise<DhanCandleChunks> {
      const tf = checkRequest(request);
      const base = {
        securityId: request.securityId,
        exchangeSegment: request.exchangeSegment,
        instrument: request.instrument,
        oi: false,
      };
      const parts = [];
      let fetchedTf = tf.name;
      if (tf.daily) {
        // toDate is exclusive and a date: the day after the last IST date wanted.
        const toDay = istDayNumber(request.to - 1) + 1;
        const body = {
          ...base,
          expiryCode: 0,
          fromDate: formatDays(istDayNumber(request.from)),
          toDate: formatDays(toDay),
        };
        parts.push(await post('/charts/historical', body, request, '1d'));
      } else {
        const minutes = tf.seconds / 60;
        const interval = [...INTERVALS].reverse().find((i) => minutes % i === 0)!;
        fetchedTf = interval === 60 ? '1h' : `${interval}m`;
        if (request.from < now() - INTRADAY_HISTORY_DAYS * DAY) {
          throw validationError([
            {
              path: 'from',
              value: formatIstDateTime(request.from),
              expected:
                'within the last 5 years: Dhan keeps intraday bars that long (use 1d for older history)',
            },
          ]);
        }
        for (let start = request.from; start < request.to; start += CHUNK_DAYS * DAY) {
          const end = Math.min(request.to, start + CHUNK_DAYS * DAY);
          const body = {
            ...base,
            interval: String(interval),
            fromDate: istWall(start),
            toDate: istWall(end),
          };
          parts.push(await post('/charts/intraday', body, request, fetchedTf));
        }
      }
      const got = parts.filter((p) => p !== undefined);
      return {
        /** Candle chunks in time order, at `fetchedTimeframe`; the caller joins, trims and resamples. */
        parts: got.map((p) => p.series),
        fetchedTimeframe: fetchedTf,
        requests: parts.length,
        skippedBars: got.reduce((n, p) => n + p.skippedBars, 0),
      };
    },
  };
}

export interface DhanCandleChunks {
  parts: BarSeries[];
  fetchedTimeframe: string;
  requests: number;
  skippedBars: number;
}

export type DhanHistoricalClient = ReturnType<typeof createDhanHistoricalClient>;
