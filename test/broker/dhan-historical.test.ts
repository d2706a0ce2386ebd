import { describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import {
  createDhanClient,
  createMemoryRateStore,
  createRateLimiter,
  type RateLimitStore,
} from '../../daemon/src/broker/dhan';
import { useFakeHttpServer } from '../support/fake-http-server';

const NOW = istTime('2025-06-30', 18, 0);
const server = useFakeHttpServer();

function historical(store: RateLimitStore = createMemoryRateStore(), dataPerSecond = 1000) {
  const limiter = createRateLimiter({
    store,
    key: 'account-1',
    limits: {
      orders: { perSecond: 10 },
      data: { perSecond: dataPerSecond },
      quotes: { perSecond: 1 },
      others: { perSecond: 20 },
    },
  });
  return createDhanClient({
    baseUrl: server.baseUrl,
    credentials: () => ({ accessToken: 'jwt-token', clientId: '1000000001' }),
    limiter,
    readRetry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
    now: () => NOW,
  }).historical;
}
const client = () => historical();

const TCS = { symbol: 'TCS', securityId: '11536', exchangeSegment: 'NSE_EQ', instrument: 'EQUITY' };
// Daily candles fall on IST midnight: 1736101800 = 2025-01-06 00:00 IST.
const DAILY = {
  open: [3990, 4001.05],
  high: [4020, 4030],
  low: [3975.5, 3995],
  close: [4005.1, 4012.5],
  volume: [1523400, 1311200],
  timestamp: [1736101800, 1736188200],
  open_interest: [0, 0],
};

describe('Dhan historical client against a local server', () => {
  it('posts the documented daily request with auth headers and an exclusive toDate', async () => {
    server.queue({ body: DAILY });
    const { parts, fetchedTimeframe } = await client().fetchBars({
      ...TCS,
      timeframe: '1d',
      from: istTime('2025-01-06'),
      to: istTime('2025-01-08'),
    });
    const series = parts[0]!;
    expect(fetchedTimeframe).toBe('1d');
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe('/charts/historical');
    expect(request.headers['access-token']).toBe('jwt-token');
    expect(request.headers['client-id']).toBe('1000000001');
    expect(JSON.parse(request.body)).toEqual({
      dhanClientId: '1000000001',
      securityId: '11536',
      exchangeSegment: 'NSE_EQ',
      instrument: 'EQUITY',
      oi: false,
      expiryCode: 0,
      fromDate: '2025-01-06',
      toDate: '2025-01-08',
    });
    expect(Array.from(series.time)).toEqual([istTime('2025-01-06'), istTime('2025-01-07')]);
    expect(Array.from(series.close)).toEqual([4005.1, 4012.5]);
  });

  it('splits intraday requests into chunks of at most 90 days', async () => {
    server.fallback(() => ({ body: { open: [], high: [], low: [], close: [], volume: [], timestamp: [] } }));
    await client().fetchBars({
      ...TCS,
      timeframe: '5m',
      from: istTime('2025-01-01'),
      to: istTime('2025-06-20'),
    });
    const bodies = server.requests.map((r) => JSON.parse(r.body));
    expect(server.requests.every((r) => r.url.pathname === '/charts/intraday')).toBe(true);
    expect(bodies.map((b) => [b.fromDate, b.toDate])).toEqual([
      ['2025-01-01 00:00:00', '2025-04-01 00:00:00'],
      ['2025-04-01 00:00:00', '2025-06-20 00:00:00'],
    ]);
    expect(bodies[0].interval).toBe('5');
  });

  it('fetches 15m for 30m (the caller resamples); refuses intraday history older than 5 years', async () => {
    const t0 = istTime('2025-06-02', 9, 15) / 1000;
    server.queue({
      body: {
        open: [10, 11],
        high: [11, 12],
        low: [9, 10],
        close: [11, 12],
        volume: [5, 6],
        timestamp: [t0, t0 + 900],
      },
    });
    const { parts, fetchedTimeframe } = await client().fetchBars({
      ...TCS,
      timeframe: '30m',
      from: istTime('2025-06-02'),
      to: istTime('2025-06-03'),
    });
    expect(JSON.parse(server.requests[0]!.body).interval).toBe('15');
    expect(fetchedTimeframe).toBe('15m');
    expect(Array.from(parts[0]!.close)).toEqual([11, 12]);
    await expect(
      client().fetchBars({ ...TCS, timeframe: '1m', from: istTime('2019-01-01'), to: istTime('2019-02-01') }),
    ).rejects.toThrow(/within the last 5 years: Dhan keeps intraday bars that long/);
  });

  it('maps DH-901 to an authentication error naming the code and message', async () => {
    server.queue({
      status: 401,
      body: {
        errorType: 'Invalid_Authentication',
        errorCode: 'DH-901',
        errorMessage: 'Client ID or user generated access token is invalid or expired.',
      },
    });
    await expect(
      client().fetchBars({ ...TCS, timeframe: '1d', from: istTime('2025-01-06'), to: istTime('2025-01-08') }),
    ).rejects.toMatchObject({
      code: 'BROKER_AUTH_EXPIRED',
      action: 'reauthenticate',
      message: expect.stringContaining(
        'HTTP 401, DH-901 Invalid_Authentication: Client ID or user generated access token is invalid or expired.',
      ),
    });
  });

  it('understands the data-API error shape', async () => {
    server.queue({ status: 400, body: { status: 'failed', data: { '806': 'Data APIs not subscribed' } } });
    await expect(
      client().fetchBars({ ...TCS, timeframe: '1d', from: istTime('2025-01-06'), to: istTime('2025-01-08') }),
    ).rejects.toMatchObject({
      code: 'BROKER_ACCESS_DENIED',
      action: 'stop',
      message: expect.stringContaining('806: Data APIs not subscribed'),
    });
  });

  it('retries 429 (DH-904) after Retry-After and treats DH-907 no-data chunks as empty', async () => {
    server.queue(
      {
        status: 429,
        headers: { 'retry-after': '0' },
        body: { errorType: 'Rate_Limit', errorCode: 'DH-904', errorMessage: 'Too many requests' },
      },
      { body: DAILY },
    );
    const { parts } = await client().fetchBars({
      ...TCS,
      timeframe: '1d',
      from: istTime('2025-01-06'),
      to: istTime('2025-01-08'),
    });
    expect(parts[0]!.length).toBe(2);
    expect(server.requests).toHaveLength(2);
    server.queue({
      status: 400,
      body: { errorType: 'Data_Error', errorCode: 'DH-907', errorMessage: 'No data present' },
    });
    const empty = await client().fetchBars({
      ...TCS,
      timeframe: '1d',
      from: istTime('2025-01-11'),
      to: istTime('2025-01-13'),
    });
    expect(empty.parts).toEqual([]);
  });

  it('reports malformed JSON and a bad security id', async () => {
    // Retried like any unreadable answer, then reported with the start of the body.
    server.fallback(() => ({ body: '<html>gateway</html>' }));
    await expect(
      client().fetchBars({ ...TCS, timeframe: '1d', from: istTime('2025-01-06'), to: istTime('2025-01-08') }),
    ).rejects.toThrow(
      'Dhan POST /charts/historical answered an unexpected shape (HTTP 200): not JSON: "<html>gateway</html>"',
    );
    expect(server.requests).toHaveLength(3);
    await expect(
      client().fetchBars({
        ...TCS,
        securityId: 'TCS',
        timeframe: '1d',
        from: istTime('2025-01-06'),
        to: istTime('2025-01-08'),
      }),
    ).rejects.toThrow(/securityId: got "TCS", expected a numeric Dhan security id/);
  });
});

describe('Dhan request rate', () => {
  const daily = { ...TCS, timeframe: '1d', from: istTime('2025-01-06'), to: istTime('2025-01-08') };

  it('holds the Data API limit (5/s) across every client of one account', async () => {
    server.fallback(() => ({ body: DAILY }));
    const store = createMemoryRateStore();
    const [a, b] = [historical(store, 5), historical(store, 5)];
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).fetchBars(daily)));
    const times = server.requests.map((r) => r.at).sort((x, y) => x - y);
    expect(times).toHaveLength(8);
    // 5 in the first window (1 s plus the 100 ms margin); the 6th waits for it to slide.
    expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('takes a slot for every retry too', async () => {
    server.queue({ status: 500, body: 'oops' }, { status: 503, body: 'busy' }, { body: DAILY });
    expect((await historical(createMemoryRateStore(), 2).fetchBars(daily)).parts[0]!.length).toBe(2);
    expect(server.requests).toHaveLength(3);
    // Two slots at once, the third when the first leaves its window.
    expect(server.requests[2]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(1000);
  });
});
