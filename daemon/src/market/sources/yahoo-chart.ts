// Yahoo Finance chart API client (unofficial; ../shared/reference/india-market.md §4). NSE
// symbols map to `TCS.NS`, BSE to `TCS.BO`, indices (`^NSEI`, `BSE:^BSESN`) go as `^NSEI`, `^BSESN`. Requests are split
// to Yahoo's per-request limits, history limits are checked before asking, and timeframes Yahoo
// does not serve (10m, 2h …) are fetched at a finer interval and resampled.
import { YAHOO_BASE_URL } from '../../config/default-endpoints';
import { AppError, validationError } from '../../core/errors';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { parseTimeframe } from '../../core/timeframe';
import { resampleBars } from '../resample';
import { concatSeries, sliceByTime } from '../series-concat';
import { isIndexSymbol, parseSymbolRef } from '../symbol-ref';
import { fetchWithRetry, parseJsonBody, type RetryPolicy } from './http-retry';
import { parseYahooChart, yahooError, type CorporateAction, type YahooChart } from './yahoo-chart-parse';

const DAY = 86_400_000;

/**
 * Yahoo intervals in minutes, with how far back each reaches and how much one request may span.
 * No 30m: Yahoo has answered 30m requests with 60m bars, so 30m is fetched at 15m and resampled
 * (as yfinance does).
 */
const INTERVALS = [
  { minutes: 1, name: '1m', historyDays: 30, chunkDays: 7 },
  { minutes: 2, name: '2m', historyDays: 60, chunkDays: 60 },
  { minutes: 5, name: '5m', historyDays: 60, chunkDays: 60 },
  { minutes: 15, name: '15m', historyDays: 60, chunkDays: 60 },
  { minutes: 60, name: '60m', historyDays: 730, chunkDays: 730 },
  { minutes: 90, name: '90m', historyDays: 60, chunkDays: 60 },
] as const;

export interface YahooClientOptions {
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** Yahoo refuses requests without a browser User-Agent. */
  userAgent?: string;
  now?: () => number;
}

export interface YahooFetchRequest {
  symbol: string;
  timeframe: string;
  /** Epoch ms, inclusive / exclusive. */
  from: number;
  to: number;
  /** Back-adjust daily prices for splits and dividends (adjclose). Default true. */
  adjust?: boolean;
  signal?: AbortSignal;
}

export type YahooBars = YahooChart & { requests: number; actions: CorporateAction[] };

export function yahooSymbol(symbol: string): string {
  // Checked here, before any request, by the rules the bar store applies when storing.
  const ref = parseSymbolRef(symbol);
  if (isIndexSymbol(ref.symbol)) return ref.symbol;
  return `${ref.symbol}.${ref.exchange === 'NSE' ? 'NS' : 'BO'}`;
}

function chooseInterval(timeframe: string) {
  const tf = parseTimeframe(timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: timeframe, expected: 'a timeframe like 1m, 5m, 1h or 1d' },
    ]);
  if (tf.daily)
    return { tf, interval: { name: '1d', historyDays: Infinity, chunkDays: Infinity, minutes: 1440 } };
  const minutes = tf.seconds / 60;
  const exact = INTERVALS.find((i) => i.minutes === minutes);
  const divisor = [...INTERVALS].reverse().find((i) => minutes % i.minutes === 0 && i.minutes !== 90);
  return { tf, interval: exact ?? divisor! };
}

export function createYahooClient(options: YahooClientOptions = {}) {
  const baseUrl = (options.baseUrl ?? YAHOO_BASE_URL).replace(/\/$/, '');
  const now = options.now ?? Date.now;
  const headers = {
    'user-agent':
      options.userAgent ??
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Safari/537.36',
    accept: 'application/json',
  };

  async function fetchChunk(
    symbol: string,
    interval: string,
    from: number,
    to: number,
    adjust: boolean,
    signal?: AbortSignal,
  ) {
    const params = new URLSearchParams({
      period1: String(Math.floor(from / 1000)),
      period2: String(Math.ceil(to / 1000)),
      interval,
      events: 'div,splits',
      includeAdjustedClose: 'true',
      includePrePost: 'false',
    });
    const url = `${baseUrl}/v8/finance/chart/${encodeURIComponent(symbol)}?${params}`;
    const response = await fetchWithRetry({
      source: 'Yahoo',
      url,
      init: { headers },
      retry: options.retry,
      signal,
    });
    const body = parseJsonBody('Yahoo', url, response);
    const error = yahooError(body);
    if (response.status === 404 || error?.code === 'Not Found') {
      throw new AppError(
        'NOT_FOUND',
        `Yahoo has no data for ${symbol}: ${error?.description ?? 'Not Found'} (check the symbol; NSE symbols are like TCS.NS)`,
        { symbol },
      );
    }
    if (error || response.status >= 400) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Yahoo refused ${symbol} ${interval}: ${error?.description || `HTTP ${response.status}`}`,
        { symbol, status: response.status },
      );
    }
    return parseYahooChart(body, symbol, interval === '60m' ? '1h' : interval, adjust, now());
  }

  return {
    async fetchBars(request: YahooFetchRequest): Promise<YahooBars> {
      const { tf, interval } = chooseInterval(request.timeframe);
      if (!(request.from < request.to))
        throw validationError([
          {
            path: 'from',
            value: formatIstDateTime(request.from),
            expected: `a time before to (${formatIstDateTime(request.to)})`,
          },
        ]);
      const oldest = now() - interval.historyDays * DAY;
      if (request.from < oldest) {
        throw validationError([
          {
            path: 'from',
            value: formatIstDateTime(request.from),
            expected: `within the last ${interval.historyDays} days: Yahoo keeps ${interval.name} bars that long (use 1d for older history)`,
          },
        ]);
      }
      const symbol = yahooSymbol(request.symbol);
      const adjust = request.adjust ?? true;
      const parts: YahooChart[] = [];
      for (let start = request.from; start < request.to; start += interval.chunkDays * DAY) {
        const end = Math.min(request.to, start + interval.chunkDays * DAY);
        parts.push(await fetchChunk(symbol, interval.name, start, end, adjust, request.signal));
      }
      const fetchedTf = interval.name === '60m' ? '1h' : interval.name;
      const joined = concatSeries(
        request.symbol,
        fetchedTf,
        parts.map((p) => p.series),
      );
      let series = sliceByTime(joined, request.from, request.to);
      if (fetchedTf !== tf.name) series = resampleBars(series, tf.name);
      return {
        series,
        nullBars: parts.reduce((n, p) => n + p.nullBars, 0),
        inconsistentBars: parts.reduce((n, p) => n + p.inconsistentBars, 0),
        inProgressBars: parts.reduce((n, p) => n + p.inProgressBars, 0),
        actions: parts.flatMap((p) => p.actions),
        currency: parts[0]?.currency,
        exchange: parts[0]?.exchange,
        name: parts[0]?.name,
        requests: parts.length,
      };
    },
  };
}

export type YahooClient = ReturnType<typeof createYahooClient>;
