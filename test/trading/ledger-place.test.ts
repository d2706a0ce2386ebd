// ledger.place: an order decision in one durable commit — signal, order (as sent), its events
// and the caller's own row (the risk approval) together under the fence, committed before the
// venue sees the order; all or nothing; a repeat sends nothing; one bus notification per order
// per statement. Against a real PostgreSQL and the real paper venue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerLink } from '../../daemon/src/broker/broker-link';
import { Registry } from 'prom-client';
import { createTradingMetrics } from '../../daemon/src/metrics/trading-metrics';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { testLogger } from '../support/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ledgerRig, tickOf } from './support/ledger-setup';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query('CREATE TABLE place_hook_rows (client_order_id text PRIMARY KEY, order_id bigint)');
});
afterAll(() => db?.drop());

const count = async (sql: string, params: unknown[]) =>
  (await db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
const venueOrders = (account: number) =>
  count('SELECT count(*)::int AS n FROM paper_orders WHERE broker_account_id = $1', [account]);
const signals = (deployment: number) =>
  count('SELECT count(*)::int AS n FROM signals WHERE deployment_id = $1', [deployment]);
const orders = (deployment: number) =>
  count('SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1', [deployment]);

describe('ledger.place', () => {
  it('commits signal, order, events and the hook row together before the venue sees the order', async () => {
    const rig = await ledgerRig(db.pool);
    const seen: { status: string; signal: string; hook: number }[] = [];
    const observed: BrokerLink = Object.create(rig.venue, {
      place: {
        value: async (request: Parameters<BrokerLink['place']>[0]) => {
          // Another connection: only committed rows are visible.
          const { rows } = await db.pool.query(
            `SELECT o.status, s.status AS signal,
                    (SELECT count(*)::int FROM place_hook_rows h WHERE h.client_order_id = o.client_order_id) AS hook
               FROM orders o JOIN signals s ON s.id = o.signal_id WHERE o.client_order_id = $1`,
            [request.clientOrderId],
          );
          seen.push(rows[0] ?? { status: 'missing', signal: 'missing', hook: 0 });
          return rig.venue.place(request);
        },
      },
    });
    for (let k = 0; k < 5; k++) {
      const result = await rig.ledger.place(rig.lease, rig.order(), observed, async (client, order) => {
        await client.query('INSERT INTO place_hook_rows VALUES ($1, $2)', [order.clientOrderId, order.id]);
      });
      expect(result).toMatchObject({ created: true, outcome: 'acknowledged' });
      // The acknowledgement (one statement, see acknowledge.ts) writes what the general path does.
      expect(result.order).toMatchObject({ status: 'open', brokerOrderId: expect.stringMatching(/^P\d+$/) });
      expect(result.order.acknowledgedAt).toBeInstanceOf(Date);
      expect(result.order.sentAt!.getTime()).toBeLessThanOrEqual(result.order.acknowledgedAt!.getTime());
      const { rows } = await db.pool.query(
        'SELECT kind, status, lease_token FROM order_events WHERE order_id = $1 ORDER BY id',
        [result.order.id],
      );
      expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual([
        'created:new',
        'sent:sent',
        'acknowledged:open',
      ]);
      expect(Number(rows[1]!.lease_token)).toBe(rig.lease.token);
    }
    expect(seen).toEqual(Array(5).fill({ status: 'sent', signal: 'accepted', hook: 1 }));
    expect(await venueOrders(rig.brokerAccountId)).toBe(5);
  });

  it('writes nothing and sends nothing when the hook fails', async () => {
    const rig = await ledgerRig(db.pool);
    await expect(
      rig.ledger.place(rig.lease, rig.order(), rig.venue, async () => {
        throw new Error('approval refused by the database');
      }),
    ).rejects.toThrow('approval refused by the database');
    expect(await signals(rig.deploymentId)).toBe(0);
    expect(await orders(rig.deploymentId)).toBe(0);
    expect(await venueOrders(rig.brokerAccountId)).toBe(0);
  });

  it('refuses a stale lease: no signal, no order, nothing at the venue', async () => {
    const rig = await ledgerRig(db.pool);
    await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    const next = (await acquireLease(db.pool, {
      deploymentId: rig.deploymentId,
      holder: 'other-daemon',
      ttlMs: 60_000,
    }))!;
    await expect(rig.ledger.place(rig.lease, rig.order(), rig.venue)).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
    expect(await signals(rig.deploymentId)).toBe(0);
    expect(await venueOrders(rig.brokerAccountId)).toBe(0);
    expect((await rig.ledger.place(next, rig.order(), rig.venue)).outcome).toBe('acknowledged');
    expect(await venueOrders(rig.brokerAccountId)).toBe(1);
  });

  it('returns the recorded order for a repeated signal and sends nothing more', async () => {
    const rig = await ledgerRig(db.pool);
    const input = rig.order();
    const first = await rig.ledger.place(rig.lease, input, rig.venue);
    const again = await rig.ledger.place(rig.lease, { ...input, clientOrderId: 'other-id-2' }, rig.venue);
    expect(again).toMatchObject({ created: false, outcome: 'not_new' });
    expect(again.order.id).toBe(first.order.id);
    // The same client order id for another signal is a conflict, not a second order.
    await expect(
      rig.ledger.place(rig.lease, { ...rig.order(), clientOrderId: input.clientOrderId }, rig.venue),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await venueOrders(rig.brokerAccountId)).toBe(1);
    expect(await orders(rig.deploymentId)).toBe(1);
  });

  it('announces an order decision once (its latest event), then the acknowledgement', async () => {
    const rig = await ledgerRig(db.pool);
    const listener = await db.pool.connect();
    const heard: { clientOrderId: string; kind: string; status: string }[] = [];
    listener.on('notification', (m) => {
      const e = JSON.parse(m.payload ?? '{}') as { type: string; payload: Record<string, string> };
      if (e.type === 'trading.order')
        heard.push({
          clientOrderId: e.payload.clientOrderId!,
          kind: e.payload.kind!,
          status: e.payload.status!,
        });
    });
    await listener.query('LISTEN quanttrade_events');
    try {
      const input = rig.order();
      await rig.ledger.place(rig.lease, input, rig.venue);
      const deadline = Date.now() + 10_000;
      while (heard.filter((h) => h.clientOrderId === input.clientOrderId).length < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      // Give a duplicate the chance to arrive before checking there is none.
      await listener.query('SELECT 1');
      expect(heard.filter((h) => h.clientOrderId === input.clientOrderId)).toEqual([
        { clientOrderId: input.clientOrderId, kind: 'sent', status: 'sent' },
        { clientOrderId: input.clientOrderId, kind: 'acknowledged', status: 'open' },
      ]);
    } finally {
      await listener.query('UNLISTEN *');
      listener.release();
    }
  });

  it('keeps the open-positions gauge up to date off the fill path', async () => {
    const rig = await ledgerRig(db.pool);
    rig.detach();
    const registry = new Registry();
    const ledger = createLedger({
      pool: db.pool,
      log: testLogger(),
      metrics: createTradingMetrics(registry),
    });
    ledger.attach(rig.venue);
    const gauge = async () =>
      (await registry.getSingleMetric('quanttrade_open_positions')!.get()).values.find(
        (v) => v.labels.deployment === String(rig.deploymentId),
      )?.value;
    const waitFor = async (want: number) => {
      const deadline = Date.now() + 15_000;
      while ((await gauge()) !== want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return gauge();
    };
    await ledger.place(rig.lease, rig.order({ qty: 10 }), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 250));
    expect(await waitFor(1)).toBe(1);
    // A burst of fills: the gauge settles on the last state (here flat again).
    await ledger.place(rig.lease, rig.order({ side: 'sell', qty: 4 }), rig.venue);
    await ledger.place(rig.lease, rig.order({ side: 'sell', qty: 6 }), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 2_000, 251));
    expect(await waitFor(0)).toBe(0);
    // Each acknowledged decision is timed from before its commit, so never shorter than its send.
    const histogram = async (name: string) =>
      (await registry.getSingleMetric(name)!.get()).values.filter(
        (v) => (v as { metricName?: string }).metricName === `${name}_count`,
      );
    const decisions = await histogram('quanttrade_order_decision_to_ack_seconds');
    expect(decisions.map((v) => v.value)).toEqual([3]);
    const sum = async (name: string) =>
      (await registry.getSingleMetric(name)!.get()).values.find(
        (v) => (v as { metricName?: string }).metricName === `${name}_sum`,
      )!.value;
    expect(await sum('quanttrade_order_decision_to_ack_seconds')).toBeGreaterThan(
      await sum('quanttrade_order_ack_seconds'),
    );
  });
});
