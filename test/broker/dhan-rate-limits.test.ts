// Dhan's limits belong to the account: two daemons on one database (each with its own pool,
// limiter and HTTP connections) share one set of counters in PostgreSQL, so together they cannot
// exceed a limit. The fake broker records when each request arrived; the test checks every
// sliding second it saw, not the limiter's own bookkeeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgRateStore, createRateLimiter, DHAN_LIMITS, limiterKey } from '../../daemon/src/broker/dhan';
import { ruleFor } from '../../daemon/src/broker/dhan/rate-limiter';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { clientOrderId, dhanClientFor, LIMIT_BUY, useFakeDhan } from '../support/dhan';
import { testLogger } from '../support/logger';

const fake = useFakeDhan();
let db: TestDatabase;
let second: Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  second = createPool({ connectionString: db.url, log: testLogger(), max: 4 });
});

afterAll(async () => {
  await second?.end();
  await db?.drop();
});

function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('limits shared through PostgreSQL', () => {
  it('two daemons placing at once stay within 10 orders/second together', async () => {
    const key = limiterKey(fake.current.clientId);
    // The margin covers the time between a reservation and the request's arrival; on a loaded
    // 2-core test machine that can exceed the production default (100 ms).
    const marginMs = 400;
    const daemonA = dhanClientFor(fake.current, {
      limiter: createRateLimiter({
        store: createPgRateStore(db.pool),
        key,
        marginMs,
        maxWaitMs: { orders: 30_000 },
      }),
    });
    const daemonB = dhanClientFor(fake.current, {
      limiter: createRateLimiter({
        store: createPgRateStore(second),
        key,
        marginMs,
        maxWaitMs: { orders: 30_000 },
      }),
    });
    const started = Date.now();
    const ids = Array.from({ length: 30 }, (_, i) => clientOrderId(`p${i}`));
    await Promise.all(
      ids.map((id, i) => (i % 2 ? daemonA : daemonB).rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id })),
    );
    const elapsed = Date.now() - started;
    daemonA.close();
    daemonB.close();
    const places = fake.current.requests.filter(
      (r) => r.method === 'POST' && r.path === '/orders' && ids.includes(r.body.correlationId as string),
    );
    const arrivals = places.map((p) => `${p.at - started}:${p.status}`).join(' ');
    expect(
      places.map((p) => p.status).filter((s) => s !== 200),
      arrivals,
    ).toEqual([]);
    expect(places).toHaveLength(30);
    expect(
      maxInWindow(
        places.map((p) => p.at),
        1000,
      ),
    ).toBeLessThanOrEqual(10);
    // 30 orders at 10 per (1 s + margin) need at least two full windows.
    expect(elapsed).toBeGreaterThanOrEqual(2 * (1000 + marginMs));
    expect(ids.every((id) => fake.current.broker.placesOf(id) === 1)).toBe(true);
  });

  it('counts minutes, hours and the IST day in the database, for every daemon', async () => {
    const a = createPgRateStore(db.pool);
    const b = createPgRateStore(second);
    const rule = ruleFor({ perSecond: 100, perMinute: 3, perDay: 5 }, 0);
    expect(await a.reserve('minute-key', 'orders', rule)).toBe(0);
    expect(await b.reserve('minute-key', 'orders', rule)).toBe(0);
    expect(await a.reserve('minute-key', 'orders', rule)).toBe(0);
    const wait = await b.reserve('minute-key', 'orders', rule);
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    // A day limit that is reached makes acquire fail at once rather than wait for midnight.
    const dayRule = {
      orders: { perSecond: 100, perDay: 2 },
      data: DHAN_LIMITS.data,
      quotes: DHAN_LIMITS.quotes,
      others: DHAN_LIMITS.others,
    };
    const limiterA = createRateLimiter({ store: a, key: 'day-key', limits: dayRule });
    const limiterB = createRateLimiter({ store: b, key: 'day-key', limits: dayRule });
    await limiterA.acquire('orders');
    await limiterB.acquire('orders');
    await expect(limiterA.acquire('orders')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/Dhan orders limit reached: the next slot is \d+ s away/),
    });
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM broker_rate_events WHERE limit_key = 'day-key'",
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('a 429 seen by one daemon slows the category for the other', async () => {
    const key = 'penalty-key';
    const limiterA = createRateLimiter({ store: createPgRateStore(db.pool), key });
    const limiterB = createRateLimiter({ store: createPgRateStore(second), key });
    await limiterA.penalize('others', 600);
    const waited = await limiterB.acquire('others');
    expect(waited).toBeGreaterThanOrEqual(400);
    // Then half rate: 10 per window instead of 20.
    for (let i = 0; i < 9; i++) expect(await limiterB.acquire('others')).toBe(0);
    expect(
      await createPgRateStore(second).reserve(key, 'others', ruleFor(DHAN_LIMITS.others, 100)),
    ).toBeGreaterThan(0);
  });

  it('neither the app role nor the read-only role can read the counters', async () => {
    for (const role of ['quanttrade_app', 'quanttrade_readonly']) {
      await expect(
        db.pool.query(`BEGIN; SET LOCAL ROLE ${role}; SELECT * FROM broker_rate_events; COMMIT;`),
      ).rejects.toThrow(/permission denied/);
      await db.pool.query('ROLLBACK').catch(() => undefined);
    }
  });
});
