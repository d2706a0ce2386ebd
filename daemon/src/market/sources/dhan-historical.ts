// Dhan historical data client (../shared/reference/dhan-api.md §5, §9, §10): daily candles from
// POST /charts/historical, intraday from POST /charts/intraday in chunks of at most 90 days over
// the last 5 years, every request through a 5/s token bucket (the Data API limit).
import { DHAN_BASE_URL } from '../../config/default-endpoints';
import { AppError, validationError } from '../../core/errors';
import { formatDays, formatIstDateTime, istDayNumber } from '../../core/calendar/civil-date';
import { IST_OFFSET_MS } from '../../core/time';
import { parseTimeframe } from '../../core/timeframe';
import { resampleBars } from '../resample';
import { concatSeries, sliceByTime } from '../series-concat';
import { dhanError, isNoDataError, readDhanError } from './dhan-errors';
import { parseDhanCandles } from './dhan-candles';
import { fetchWithRetry, parseJsonBody, type RetryPolicy } from './http-retry';
import { createRateLimiter, type RateLimiter } from './rate-limiter';

const DAY = 86_400_000;
const CHUNK_DAYS = 90;
const INTRADAY_HISTORY_DAYS = 5 * 365;
const INTERVALS = [1, 5, 15, 25, 60];

export interface DhanClientOptions {
  baseUrl?: string;
  accessToken: string;
  clientId: string;
  retry?: Partial<RetryPolicy>;
  /** Shared across clients of one account; default: 5 requests/second. */
  limiter?: RateLimiter;
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

// Dhan's limit (5 requests/second) is per account, not per client object: every client of one
// account in this process shares one bucket. Daemons on other machines have their own.
const accountLimiters = new Map<string, RateLimiter>();

function accountLimiter(baseUrl: string, clientId: string): RateLimiter {
  const key = `${baseUrl} ${clientId}`;
  let limiter = accountLimiters.get(key);
  if (!limiter) accountLimiters.set(key, (limiter = createRateLimiter(5)));
  return limiter;
}

export function createDhanHistoricalClient(options: DhanClientOptions) {
  const baseUrl = (options.baseUrl ?? DHAN_BASE_URL).replace(/\/$/, '');
  const limiter = options.limiter ?? accountLimiter(baseUrl, options.clientId);
  const now = options.now ?? Date.now;
  const headers = {
    'access-token': options.accessToken,
    'client-id': options.clientId,
    'content-type': 'application/json',
    accept: 'application/json',
  };

  async function post(path: string, body: object, request: DhanFetchRequest, timeframe: string) {
    const url = `${baseUrl}${path}`;
    const what = `${path} for ${request.symbol} (security id ${request.securityId})`;
    const response = await fetchWithRetry({
      source: 'Dhan',
      url,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
      retry: options.retry,
      signal: request.signal,
      // Every attempt, retries included, waits for the account's bucket.
      beforeAttempt: () => limiter.take(request.signal),
    });
    const json = parseJsonBody('Dhan', url, response);
    const error = readDhanError(json);
    if (error && isNoDataError(error)) return undefined;
    if (error) throw dhanError(error, what, response.status);
    if (response.status >= 400) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `Dhan ${what} failed with HTTP ${response.status}: ${response.text.slice(0, 200)}`,
      );
    }
    return parseDhanCandles(json, request.symbol, timeframe);
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
    async fetchBars(request: DhanFetchRequest) {
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
      let series = sliceByTime(
        concatSeries(
          request.symbol,
          fetchedTf,
          got.map((p) => p.series),
        ),
        request.from,
        request.to,
      );
      if (fetchedTf !== tf.name) series = resampleBars(series, tf.name);
      return { series, requests: parts.length, skippedBars: got.reduce((n, p) => n + p.skippedBars, 0) };
    },
  };
}

export type DhanHistoricalClient = ReturnType<typeof createDhanHistoricalClient>;
