// Warm-up gaps (issue 10 §2): a deployment starting with a gap in its stored history has the
// missing range fetched from the market source (Yahoo's chart API, a local server speaking its
// wire format) and runs; when the source cannot fill it, the start fails with a message naming
// the symbol and the missing range, and the deployment is in `error`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyntheticFeed } from '../../daemon/src/broker/feeds/synthetic-feed';
import { barSeriesFromBars } from '../../daemon/src/core/bar';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { istTime } from '../../daemon/src/core/time';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { storeBars } from '../../daemon/src/market/bar-store';
import { loadDeployment, transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { scaledClock } from '../../daemon/src/trading/runner/scaled-clock';
import { TradingSupervisor } from '../../daemon/src/trading/runner/supervisor';
import { marketWarmupFetch } from '../../daemon/src/trading/runner/warm-up-fetch';
import { warmupWindowStart } from '../../daemon/src/trading/runner/warm-up-window';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { useFakeHttpServer, type FakeResponse, type ReceivedRequest } from '../support/fake-http-server';
import { testLogger } from '../support/logger';
import { sessionBars } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const server = useFakeHttpServer();
let db: TestDatabase;
let ownerId: number;
const START = istTime('2025-01-09', 9, 20);
// What "Yahoo" has of WUPA: 1-minute bars of 7–9 Jan.
const REMOTE = sessionBars(['2025-01-07', '2025-01-08', '2025-01-09'], 31, 800);

beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await createUser(db.pool, 'admin');
  // Stored: WUPA's 7 Jan session only (8 Jan and the start of 9 Jan are the gap); WUPB: five bars.
  await storeBars(db.pool, [
    {
      symbol: 'WUPA',
      series: barSeriesFromBars(
        'WUPA',
        '1m',
        REMOTE.filter((b) => b.time < istTime('2025-01-08')),
      ),
      source: 'yahoo',
    },
    {
      symbol: 'WUPB',
      series: barSeriesFromBars('WUPB', '1m', sessionBars(['2025-01-08'], 5, 300).slice(-5)),
      source: 'yahoo',
    },
  ]);
});
afterAll(() => db?.drop());

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Yahoo's chart answer for WUPA.NS: the 1m bars in [period1, period2); Not Found for others. */
function yahoo(request: ReceivedRequest): FakeResponse {
  const symbol = decodeURIComponent(request.url.pathname.split('/').at(-1)!);
  if (symbol !== 'WUPA.NS')
    return {
      status: 404,
      body: {
        chart: {
          result: null,
          error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
        },
      },
    };
  const from = Number(request.url.searchParams.get('period1')) * 1000;
  const to = Number(request.url.searchParams.get('period2')) * 1000;
  const bars = REMOTE.filter((b) => b.time >= from && b.time < to);
  return {
    body: {
      chart: {
        result: [
          {
            meta: {
              currency: 'INR',
              symbol,
              exchangeName: 'NSI',
              fullExchangeName: 'NSE',
              gmtoffset: 19800,
              dataGranularity: '1m',
            },
            timestamp: bars.map((b) => b.time / 1000),
            indicators: {
              quote: [
                {
                  open: bars.map((b) => b.open),
                  high: bars.map((b) => b.high),
                  low: bars.map((b) => b.low),
                  close: bars.map((b) => b.close),
                  volume: bars.map((b) => b.volume),
                },
              ],
            },
          },
        ],
        error: null,
      },
    },
  };
}

async function run(symbol: string, name: string) {
  const deployment = await createPaperDeployment(db.pool, {
    ownerId,
    name,
    template: 'sma-cross',
    params: { fast: 5, slow: 30, size: 1 },
    symbols: [symbol],
    timeframe: '1m',
    product: 'CNC',
    capital: 1_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  await transitionDeployment(db.pool, {
    deploymentId: deployment.id,
    from: ['stopped'],
    to: 'starting',
    actor: 'user',
    actorUserId: ownerId,
  });
  return deployment.id;
}

describe('warm-up gaps', () => {
  it('fetches the missing range from the market source, or fails naming the symbol and the range', async () => {
    server.fallback(yahoo);
    const clock = scaledClock(START, 60);
    const feed = createSyntheticFeed({
      universe: ['WUPA', 'WUPB'].map((symbol) => ({
        symbol,
        segment: 'NSE_EQ' as const,
        price: 800,
        volatility: 0.5,
      })),
      seed: 9,
      clock,
    });
    const log = testLogger();
    const supervisor = new TradingSupervisor({
      pool: db.pool,
      bus: createEventBus({ log }),
      log,
      daemonId: 'warm',
      ticks: feed,
      clock,
      leaseTtlMs: 2000,
      scanEveryMs: 200,
      warmupFetch: marketWarmupFetch({
        pool: db.pool,
        settings: { yahooBaseUrl: server.baseUrl },
        now: () => clock.now(),
        log,
      }),
    });
    try {
      const a = await run('WUPA', 'gap filled');
      const b = await run('WUPB', 'gap unfillable');
      supervisor.start();
      await until('A running', async () => (await loadDeployment(db.pool, a)).status === 'running');
      const failed = await until('B in error', async () => {
        const row = await loadDeployment(db.pool, b);
        return row.status === 'error' && row;
      });

      // A: one request for exactly the window its warm-up needs, at 1m; the 8 Jan bars stored.
      const asked = server.requests.filter((r) => r.url.pathname.endsWith('/WUPA.NS'));
      expect(asked).toHaveLength(1);
      const period1 = Number(asked[0]!.url.searchParams.get('period1')) * 1000;
      const period2 = Number(asked[0]!.url.searchParams.get('period2')) * 1000;
      expect(asked[0]!.url.searchParams.get('interval')).toBe('1m');
      expect(period2).toBeGreaterThanOrEqual(START);
      expect(period1).toBe(warmupWindowStart(nseCalendar, '1m', period2, 30));
      expect(period1).toBeLessThan(istTime('2025-01-09', 9, 15)); // reaches into 8 Jan
      const stored = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bars b JOIN instruments i ON i.id = b.instrument_id
          WHERE i.symbol = 'WUPA' AND b.timeframe = '1m' AND b.ts >= $1 AND b.ts < $2`,
        [new Date(istTime('2025-01-08')), new Date(istTime('2025-01-09'))],
      );
      expect(stored.rows[0]!.n).toBeGreaterThan(0);

      // B: asked, refused by the source; the start failed naming the symbol and the range.
      expect(server.requests.some((r) => r.url.pathname.endsWith('/WUPB.NS'))).toBe(true);
      expect(failed.error).toMatch(
        /WUPB: 5 of 30 bars, missing 2025-01-08 15:0\d IST – 2025-01-09 09:2\d(:\d\d)? IST; fetching it failed/,
      );
      expect(failed.error).toMatch(/Yahoo has no data for WUPB\.NS/);
    } finally {
      await supervisor.stop();
      feed.close();
    }
  }, 90_000);
});
