// The daemon holding a Dhan link loses its database (a restart, a network cut): it stops the link
// at once — it can no longer prove it holds it — and takes it back when the database returns.
// The rate-limit counters being unreachable refuses requests unsent instead of guessing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgRateStore, createRateLimiter } from '../../daemon/src/broker/dhan';
import { createPool } from '../../daemon/src/db/pool';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { clientOrderId, dhanClientFor, eventually, LIMIT_BUY } from '../support/dhan';
import { testLogger } from '../support/logger';
import { startTcpProxy, viaProxy, type TcpProxy } from '../support/tcp-proxy';

let fake: FakeDhan;
let db: TestDatabase;
let proxy: TcpProxy;
let t: TestDaemon;

beforeAll(async () => {
  fake = await startFakeDhan({ pingMs: 1000 });
  db = await createTestDatabase();
  const target = new URL(db.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  t = await startTestDaemon({
    database: { ...db, url: viaProxy(db.url, proxy) },
    config: {
      brokerKey: randomBytes(32).toString('hex'),
      dhanBaseUrl: fake.restUrl,
      dhanFeedUrl: fake.feedUrl,
      dhanOrderUpdateUrl: fake.orderUpdateUrl,
    },
  });
});

afterAll(async () => {
  proxy?.restore();
  await t?.stop();
  await proxy?.close();
  await db?.drop();
  await fake?.close();
});

describe('a database cut under a held link', () => {
  it('stops the link at once and takes it back when the database returns', async () => {
    const account = await t
      .api('operator')
      .broker.add.mutate({ label: 'main', clientId: fake.clientId, accessToken: fake.token });
    await t.api('operator').broker.connect.mutate({ id: account.id });
    await eventually(
      async () =>
        (await t.api('operator').broker.status.query({ id: account.id })).link.state === 'connected',
      15_000,
      'connected',
    );
    await eventually(() => fake.orderUpdates.connections() === 1, 5000, 'order updates open');

    proxy.cut();
    await eventually(() => fake.orderUpdates.connections() === 0, 10_000, 'link stopped (fenced)');
    expect(t.daemon.deps.broker.supervisor!.held()).toEqual([]);

    proxy.restore();
    await eventually(() => fake.orderUpdates.connections() === 1, 20_000, 'link taken back');
    await eventually(
      async () =>
        (await t.api('operator').broker.status.query({ id: account.id })).link.state === 'connected',
      15_000,
      'connected again',
    );
  });

  it('unreachable rate-limit counters refuse a place unsent', async () => {
    const local = await startTcpProxy({ host: new URL(db.url).hostname, port: Number(new URL(db.url).port) });
    const pool = createPool({ connectionString: viaProxy(db.url, local), log: testLogger(), max: 2 });
    try {
      const client = dhanClientFor(fake, {
        limiter: createRateLimiter({ store: createPgRateStore(pool), key: 'cut-key' }),
      });
      local.cut();
      const id = clientOrderId('cut');
      const err = await client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id }).catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', sent: 'not_sent' });
      expect((err as Error).message).toContain('the rate-limit counters cannot be reached');
      expect(fake.broker.placesOf(id)).toBe(0);
      local.restore();
      await expect(client.rest.placeOrder({ ...LIMIT_BUY, clientOrderId: id })).resolves.toMatchObject({
        sends: 1,
      });
      expect(fake.broker.placesOf(id)).toBe(1);
      client.close();
    } finally {
      await pool.end();
      await local.close();
    }
  });
});
