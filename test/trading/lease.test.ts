// Deployment leases on a real PostgreSQL: two pools (two "daemons") contend for one deployment,
// a lease expires when not renewed and is taken over with a new, larger token, and a stale holder's
// order writes are refused by the database in the same transaction — even a raw INSERT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, withTransaction, type Pool } from '../../daemon/src/db/pool';
import { LeaseKeeper } from '../../daemon/src/trading/lease/lease-keeper';
import {
  acquireLease,
  applyFence,
  isFenceError,
  readLease,
  releaseLease,
  renewLease,
  type Fence,
} from '../../daemon/src/trading/lease/lease-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { startTcpProxy, viaProxy } from '../support/tcp-proxy';
import { createInstrument, tradingSetup } from './support/trading-fixtures';

let db: TestDatabase;
let daemonA: Pool;
let daemonB: Pool;
let instrumentId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  daemonA = createPool({ connectionString: db.url, log: testLogger(), max: 3 });
  daemonB = createPool({ connectionString: db.url, log: testLogger(), max: 3 });
  instrumentId = (await createInstrument(db.pool)).id;
});

afterAll(async () => {
  await daemonA?.end();
  await daemonB?.end();
  await db?.drop();
});

let orderSeq = 0;
/** A raw order insert for a deployment under a fence: what any write path does at minimum. */
async function insertOrder(pool: Pool, setup: Awaited<ReturnType<typeof tradingSetup>>, fence: Fence | null) {
  return withTransaction(pool, async (client) => {
    await applyFence(client, fence);
    await client.query(
      `INSERT INTO orders (owner_id, deployment_id, broker_account_id, client_order_id, instrument_id, side, qty,
                           order_type, product)
       VALUES ($1, $2, $3, $4, $5, 'buy', 1, 'MARKET', 'CNC')`,
      [setup.ownerId, setup.deploymentId, setup.brokerAccountId, `lease-test-${++orderSeq}`, instrumentId],
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean> | boolean, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await sleep(25);
  }
}

describe('deployment leases', () => {
  it('lets exactly one of two daemons acquire a free lease when both try at once', async () => {
    const setup = await tradingSetup(db.pool);
    for (let round = 0; round < 5; round++) {
      const id = round === 0 ? setup.deploymentId : (await tradingSetup(db.pool)).deploymentId;
      const [a, b] = await Promise.all([
        acquireLease(daemonA, { deploymentId: id, holder: 'daemon-a', ttlMs: 5_000 }),
        acquireLease(daemonB, { deploymentId: id, holder: 'daemon-b', ttlMs: 5_000 }),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const stored = await readLease(db.pool, id);
      expect(stored?.holder).toBe((a ?? b)!.holder);
      expect(stored?.held).toBe(true);
    }
  });

  it('refuses a second holder while the lease is held, and hands it over with a larger token once it expired', async () => {
    const setup = await tradingSetup(db.pool);
    const a = await acquireLease(daemonA, {
      deploymentId: setup.deploymentId,
      holder: 'daemon-a',
      ttlMs: 1_000,
    });
    expect(a).toBeDefined();
    expect(
      await acquireLease(daemonB, { deploymentId: setup.deploymentId, holder: 'daemon-b', ttlMs: 1_000 }),
    ).toBeUndefined();
    // A renews in time and keeps it.
    expect(await renewLease(daemonA, a!)).toBeDefined();
    let b: Awaited<ReturnType<typeof acquireLease>>;
    await waitFor(async () => {
      b = await acquireLease(daemonB, { deploymentId: setup.deploymentId, holder: 'daemon-b', ttlMs: 5_000 });
      return b !== undefined;
    });
    expect(b!.token).toBeGreaterThan(a!.token);
    // A's renewal now fails: the token was superseded.
    expect(await renewLease(daemonA, a!)).toBeUndefined();
    expect((await readLease(db.pool, setup.deploymentId))?.holder).toBe('daemon-b');
  });

  it("refuses an order write from the stale holder and accepts the new holder's, in the database", async () => {
    const setup = await tradingSetup(db.pool);
    const a = (await acquireLease(daemonA, {
      deploymentId: setup.deploymentId,
      holder: 'daemon-a',
      ttlMs: 1_000,
    }))!;
    await insertOrder(daemonA, setup, a);
    let b: Awaited<ReturnType<typeof acquireLease>>;
    await waitFor(async () => {
      b = await acquireLease(daemonB, { deploymentId: setup.deploymentId, holder: 'daemon-b', ttlMs: 5_000 });
      return b !== undefined;
    });
    const stale = await insertOrder(daemonA, setup, a).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isFenceError(stale)).toBe(true);
    await insertOrder(daemonB, setup, b!);
    // No fence at all, or a made-up token, is refused too.
    expect(isFenceError(await insertOrder(daemonA, setup, null).catch((e: unknown) => e))).toBe(true);
    expect(
      isFenceError(
        await insertOrder(daemonA, setup, { deploymentId: setup.deploymentId, token: 999_999 }).catch(
          (e: unknown) => e,
        ),
      ),
    ).toBe(true);
    const { rows } = await db.pool.query<{ lease_token: number }>(
      'SELECT lease_token FROM orders WHERE deployment_id = $1 ORDER BY id',
      [setup.deploymentId],
    );
    expect(rows.map((r) => r.lease_token)).toEqual([a.token, b!.token]);
  });

  it('makes a takeover wait for an order write in flight instead of overtaking it', async () => {
    const setup = await tradingSetup(db.pool);
    const a = (await acquireLease(daemonA, {
      deploymentId: setup.deploymentId,
      holder: 'daemon-a',
      ttlMs: 150,
    }))!;
    const client = await daemonA.connect();
    try {
      await client.query('BEGIN');
      await applyFence(client, a);
      await client.query(
        `INSERT INTO orders (owner_id, deployment_id, broker_account_id, client_order_id, instrument_id, side, qty,
                             order_type, product)
         VALUES ($1, $2, $3, 'inflight-1', $4, 'buy', 1, 'MARKET', 'CNC')`,
        [setup.ownerId, setup.deploymentId, setup.brokerAccountId, instrumentId],
      );
      await sleep(300); // the lease has expired by the clock, but A's write holds the lease row
      let takenOver = false;
      const takeover = acquireLease(daemonB, {
        deploymentId: setup.deploymentId,
        holder: 'daemon-b',
        ttlMs: 5_000,
      }).then((l) => {
        takenOver = true;
        return l;
      });
      await sleep(200);
      expect(takenOver).toBe(false);
      await client.query('COMMIT');
      expect((await takeover)?.holder).toBe('daemon-b');
    } finally {
      client.release();
    }
  });

  it('releases a lease so another daemon takes it at once, and never reuses a token', async () => {
    const setup = await tradingSetup(db.pool);
    const a = (await acquireLease(daemonA, {
      deploymentId: setup.deploymentId,
      holder: 'daemon-a',
      ttlMs: 60_000,
    }))!;
    expect(await releaseLease(daemonA, a)).toBe(true);
    const b = (await acquireLease(daemonB, {
      deploymentId: setup.deploymentId,
      holder: 'daemon-b',
      ttlMs: 60_000,
    }))!;
    expect(b.token).toBeGreaterThan(a.token);
    expect(await releaseLease(daemonA, a)).toBe(false);
  });

  it('names a deployment that does not exist', async () => {
    await expect(acquireLease(daemonA, { deploymentId: 987_654, holder: 'x' })).rejects.toThrow(
      'deployment 987654 does not exist',
    );
    await expect(acquireLease(daemonA, { deploymentId: 1, holder: 'x', ttlMs: 5 })).rejects.toThrow(
      'ttlMs: got 5',
    );
  });
});

describe('the lease keeper', () => {
  it('keeps renewing a lease well past its ttl, and releases it on stop', async () => {
    const setup = await tradingSetup(db.pool);
    const keeper = (await LeaseKeeper.acquire({
      pool: daemonA,
      deploymentId: setup.deploymentId,
      holder: 'keeper-a',
      ttlMs: 1_500,
      log: testLogger(),
    }))!;
    await sleep(4_000);
    expect(keeper.isHeld()).toBe(true);
    await insertOrder(daemonA, setup, keeper.fence());
    await keeper.stop();
    expect(keeper.isHeld()).toBe(false);
    expect(() => keeper.fence()).toThrow(/lease lost/);
    expect(
      await acquireLease(daemonB, { deploymentId: setup.deploymentId, holder: 'keeper-b' }),
    ).toBeDefined();
  });

  it('reports the lease lost once its database connection is gone past the ttl, and refuses to fence', async () => {
    const setup = await tradingSetup(db.pool);
    const proxy = await startTcpProxy({ host: new URL(db.url).hostname, port: Number(new URL(db.url).port) });
    const pool = createPool({ connectionString: viaProxy(db.url, proxy), log: testLogger(), max: 2 });
    pool.options.connectionTimeoutMillis = 500;
    const lost: string[] = [];
    try {
      const keeper = (await LeaseKeeper.acquire({
        pool,
        deploymentId: setup.deploymentId,
        holder: 'cut-off',
        ttlMs: 600,
        log: testLogger(),
        onLost: (reason) => lost.push(reason),
      }))!;
      expect(keeper.fence().token).toBe(keeper.lease.token);
      proxy.cut();
      await waitFor(() => lost.length > 0);
      expect(lost).toHaveLength(1);
      expect(() => keeper.fence()).toThrow(/LEASE|lease lost/);
      // Meanwhile another daemon took it over once it expired in the database.
      await waitFor(
        async () =>
          (await acquireLease(daemonB, {
            deploymentId: setup.deploymentId,
            holder: 'survivor',
            ttlMs: 5_000,
          })) !== undefined,
      );
      proxy.restore();
      await keeper.stop();
    } finally {
      await pool.end().catch(() => undefined);
      await proxy.close();
    }
  });

  it('notices a takeover at its next renewal', async () => {
    const setup = await tradingSetup(db.pool);
    const lost: string[] = [];
    const keeper = (await LeaseKeeper.acquire({
      pool: daemonA,
      deploymentId: setup.deploymentId,
      holder: 'soon-superseded',
      ttlMs: 60_000,
      renewEveryMs: 50,
      log: testLogger(),
      onLost: (reason) => lost.push(reason),
    }))!;
    // An operator (or a bug) expires it by hand; the other daemon takes it.
    await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
      setup.deploymentId,
    ]);
    await acquireLease(daemonB, { deploymentId: setup.deploymentId, holder: 'new-holder', ttlMs: 60_000 });
    await waitFor(() => lost.length > 0);
    expect(lost[0]).toMatch(/another daemon/);
    expect(keeper.isHeld()).toBe(false);
    await keeper.stop();
  });
});
