import { describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import { createYahooClient } from '../../daemon/src/market/sources/yahoo-chart';
import { startFakeHttpServer, useFakeHttpServer } from '../support/fake-http-server';

// india-market.md §5: bars of 6, 7 and 8 Jan 2025 at 09:15 IST, the third all nulls, a
// dividend ex on bar 2 so bar 1's adjusted close is below its close.
const FIXTURE = {
  chart: {
    result: [
      {
        meta: {
          currency: 'INR',
          symbol: 'TCS.NS',
          exchangeName: 'NSI',
          fullExchangeName: 'NSE',
          gmtoffset: 19800,
          dataGranularity: '1d',
          range: '',
        },
        timestamp: [1736135100, 1736221500, 1736307900],
        events: { dividends: { '1736221500': { amount: 10.0, date: 1736221500 } } },
        indicators: {
          quote: [
            {
              open: [3990.0, 4001.05, null],
              high: [4020.0, 4030.0, null],
              low: [3975.5, 3995.0, null],
              close: [4005.1, 4012.5, null],
              volume: [1523400, 1311200, null],
            },
          ],
          adjclose: [{ adjclose: [3995.13, 4012.5, null] }],
        },
      },
    ],
    error: null,
  },
};
const NOT_FOUND = {
  chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } },
};
const NOW = istTime('2025-01-31', 16, 0);
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 2_000 };

const server = useFakeHttpServer();

function client() {
  return createYahooClient({ baseUrl: server.baseUrl, retry: FAST_RETRY, now: () => NOW });
}

const JAN = { symbol: 'TCS', timeframe: '1d', from: istTime('2025-01-06'), to: istTime('2025-01-09') };

describe('Yahoo chart client against a local server', () => {
  it('asks for TCS.NS with the documented parameters, skips null bars and back-adjusts', async () => {
    server.queue({ body: FIXTURE });
    const result = await client().fetchBars(JAN);
    const request = server.requests[0]!;
    expect(request.url.pathname).toBe('/v8/finance/chart/TCS.NS');
    expect(Object.fromEntries(request.url.searchParams)).toMatchObject({
      period1: String(JAN.from / 1000),
      period2: String(JAN.to / 1000),
      interval: '1d',
      events: 'div,splits',
      includeAdjustedClose: 'true',
    });
    expect(request.headers['user-agent']).toMatch(/Mozilla/);
    expect(result.nullBars).toBe(1);
    expect(result.series.length).toBe(2);
    expect(Array.from(result.series.time)).toEqual([istTime('2025-01-06'), istTime('2025-01-07')]);
    expect(result.series.close[0]).toBeCloseTo(3995.13, 10);
    expect(result.series.open[0]).toBeCloseTo((3990 * 3995.13) / 4005.1, 10);
    expect(result.series.close[1]).toBe(4012.5);
    // Volume is scaled the other way, as `data import --adjust` does: turnover stays the same.
    expect(result.series.volume[0]).toBe(Math.round(1523400 / (3995.13 / 4005.1)));
    expect(result.series.volume[1]).toBe(1311200);
    expect(result.actions).toEqual([{ time: 1736221500000, kind: 'dividend', amount: 10 }]);
  });

  it('keeps raw prices when not adjusting', async () => {
    server.queue({ body: FIXTURE });
    const result = await client().fetchBars({ ...JAN, adjust: false });
    expect(result.series.close[0]).toBe(4005.1);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    server.queue(
      { status: 429, headers: { 'retry-after': '1' }, body: 'Edge: Too Many Requests' },
      { body: FIXTURE },
    );
    const result = await client().fetchBars(JAN);
    expect(result.series.length).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries 500s, and gives up with a clear error after the last attempt', async () => {
    server.queue({ status: 500, body: 'oops' }, { status: 502, body: 'bad gateway' }, { body: FIXTURE });
    expect((await client().fetchBars(JAN)).series.length).toBe(2);
    server.requests.length = 0;
    await expect(client().fetchBars(JAN)).rejects.toThrow(
      /Yahoo http:\/\/127\.0\.0\.1:\d+\/v8\/finance\/chart\/TCS\.NS failed after 3 attempts: HTTP 500/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on persistent 429 as RATE_LIMITED', async () => {
    server.fallback(() => ({ status: 429, headers: { 'retry-after': '0' }, body: 'Too Many Requests' }));
    await expect(client().fetchBars(JAN)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('names an unknown symbol', async () => {
    server.queue({ status: 404, body: NOT_FOUND });
    await expect(client().fetchBars({ ...JAN, symbol: 'NOSUCH' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(
        'Yahoo has no data for NOSUCH.NS: No data found, symbol may be delisted',
      ),
    });
  });

  it('reports malformed JSON with the start of the body', async () => {
    server.queue({ body: '{"chart": {"result": [' });
    await expect(client().fetchBars(JAN)).rejects.toThrow(
      /returned malformed JSON \(HTTP 200\): "\{"chart": \{"result": \["/,
    );
  });

  it('returns an empty series when Yahoo has no bars in the range', async () => {
    server.queue({
      body: { chart: { result: [{ meta: { currency: 'INR' }, indicators: { quote: [{}] } }], error: null } },
    });
    const result = await client().fetchBars(JAN);
    expect(result.series.length).toBe(0);
  });

  it('refuses 1m bars older than 30 days before asking, and splits 1m requests into 7-day chunks', async () => {
    await expect(
      client().fetchBars({ ...JAN, timeframe: '1m', from: istTime('2024-12-01') }),
    ).rejects.toThrow(
      /from: got "2024-12-01 00:00 IST", expected within the last 30 days: Yahoo keeps 1m bars that long/,
    );
    expect(server.requests).toHaveLength(0);
    server.fallback(() => ({ body: { chart: { result: [{ indicators: { quote: [{}] } }], error: null } } }));
    await client().fetchBars({
      symbol: 'TCS',
      timeframe: '1m',
      from: istTime('2025-01-10'),
      to: istTime('2025-01-30'),
    });
    expect(server.requests.map((r) => r.url.searchParams.get('interval'))).toEqual(['1m', '1m', '1m']);
  });

  it('fetches 5m bars and resamples them for 10m, and maps BSE symbols to .BO', async () => {
    const t0 = istTime('2025-01-30', 9, 15) / 1000;
    server.queue({
      body: {
        chart: {
          result: [
            {
              timestamp: [t0, t0 + 300, t0 + 600],
              indicators: {
                quote: [
                  {
                    open: [10, 11, 12],
                    high: [11, 13, 12.5],
                    low: [9, 10.5, 11],
                    close: [11, 12, 12],
                    volume: [1, 2, 3],
                  },
                ],
              },
            },
          ],
          error: null,
        },
      },
    });
    const result = await client().fetchBars({
      symbol: 'BSE:TCS',
      timeframe: '10m',
      from: istTime('2025-01-30'),
      to: istTime('2025-01-31'),
    });
    expect(server.requests[0]!.url.pathname).toBe('/v8/finance/chart/TCS.BO');
    expect(server.requests[0]!.url.searchParams.get('interval')).toBe('5m');
    expect(result.series.timeframe).toBe('10m');
    expect(Array.from(result.series.close)).toEqual([12, 12]);
    expect(Array.from(result.series.high)).toEqual([13, 12.5]);
    expect(Array.from(result.series.volume)).toEqual([3, 3]);
  });

  it('fetches 30m at 15m and resamples (Yahoo has answered 30m with 60m bars)', async () => {
    const t0 = istTime('2025-01-30', 9, 15) / 1000;
    server.queue({
      body: {
        chart: {
          result: [
            {
              timestamp: [t0, t0 + 900, t0 + 1800, t0 + 2700],
              indicators: {
                quote: [
                  {
                    open: [10, 11, 12, 13],
                    high: [11, 12, 13, 14],
                    low: [9, 10, 11, 12],
                    close: [11, 12, 13, 14],
                    volume: [1, 2, 3, 4],
                  },
                ],
              },
            },
          ],
          error: null,
        },
      },
    });
    const result = await client().fetchBars({
      symbol: 'TCS',
      timeframe: '30m',
      from: istTime('2025-01-30'),
      to: istTime('2025-01-31'),
    });
    expect(server.requests[0]!.url.searchParams.get('interval')).toBe('15m');
    expect(result.series.timeframe).toBe('30m');
    expect(Array.from(result.series.close)).toEqual([12, 14]);
    expect(Array.from(result.series.volume)).toEqual([3, 7]);
  });

  it('skips a bar whose volume is null (never stored as 0)', async () => {
    const body = structuredClone(FIXTURE);
    body.chart.result[0]!.indicators.quote[0]!.volume = [1523400, null, null];
    server.queue({ body });
    const result = await client().fetchBars(JAN);
    expect(result.nullBars).toBe(2);
    expect(Array.from(result.series.time)).toEqual([istTime('2025-01-06')]);
  });

  it('drops the last bar while it is still forming, and keeps it once final', async () => {
    const day = (d: string) => istTime(d, 9, 15) / 1000;
    const body = {
      chart: {
        result: [
          {
            timestamp: [day('2025-01-30'), day('2025-01-31')],
            indicators: {
              quote: [
                { open: [100, 101], high: [102, 103], low: [99, 100], close: [101, 102], volume: [10, 20] },
              ],
            },
          },
        ],
        error: null,
      },
    };
    const window = { symbol: 'TCS', timeframe: '1d', from: istTime('2025-01-30'), to: istTime('2025-02-01') };
    const at = (hour: number) =>
      createYahooClient({
        baseUrl: server.baseUrl,
        retry: FAST_RETRY,
        now: () => istTime('2025-01-31', hour, 0),
      });
    server.queue({ body }, { body });
    const during = await at(11).fetchBars(window);
    expect(during.inProgressBars).toBe(1);
    expect(Array.from(during.series.time)).toEqual([istTime('2025-01-30')]);
    const after = await at(16).fetchBars(window);
    expect(after.inProgressBars).toBe(0);
    expect(Array.from(after.series.time)).toEqual([istTime('2025-01-30'), istTime('2025-01-31')]);
  });

  it('names a server that cannot be reached', async () => {
    const closed = await startFakeHttpServer();
    await closed.close();
    const unreachable = createYahooClient({
      baseUrl: closed.baseUrl,
      retry: { attempts: 2, baseDelayMs: 5 },
      now: () => NOW,
    });
    await expect(unreachable.fetchBars(JAN)).rejects.toThrow(
      /could not be reached after 2 attempts: .*ECONNREFUSED/,
    );
  });
});
