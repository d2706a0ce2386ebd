// Restart recovery against the real paper venue: orders committed but never sent, sends whose
// outcome was unknown (the venue timed out after acting, or before), updates missed while the
// daemon was down — each resolved by asking the venue, never by sending again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError, type BrokerLink } from '../../daemon/src/broker/broker-link';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { ledgerRig, tickOf, type LedgerRig } from './support/ledger-setup';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const venueOrders = async (accountId: number) =>
  (
    await db.pool.query<{ client_order_id: string; status: string }>(
      'SELECT client_order_id, status FROM paper_orders WHERE broker_account_id = $1 ORDER BY id',
      [accountId],
    )
  ).rows;

/** The venue answering place() with a timeout: after acting, or without ever receiving it. */
function timingOut(rig: LedgerRig, acts: boolean): BrokerLink {
  return Object.create(rig.venue, {
    place: {
      value: async (request: Parameters<BrokerLink['place']>[0]) => {
        if (acts) await rig.venue.place(request);
        throw new BrokerError('unknown', 'timeout after 5000 ms');
      },
    },
  });
}

const scope = (rig: LedgerRig) => ({ brokerAccountId: rig.brokerAccountId, deploymentId: rig.deploymentId });

describe('restart recovery', () => {
  it('closes an order that was committed but never sent, and does not send it', async () => {
    const rig = await ledgerRig(db.pool);
    const { order } = await rig.ledger.submit(rig.lease, rig.order());
    const report = await rig.ledger.recover(rig.venue, scope(rig), rig.lease);
    expect(report).toMatchObject({ checked: 1, closedNeverSent: 1 });
    expect(await rig.ledger.order({ id: order.id })).toMatchObject({
      status: 'cancelled',
      endSource: 'recovery',
      reason: 'never_sent_before_restart',
    });
    expect(await venueOrders(rig.brokerAccountId)).toEqual([]);
    expect((await rig.ledger.send(rig.lease, order.id, rig.venue)).outcome).toBe('not_new');
    expect(await venueOrders(rig.brokerAccountId)).toEqual([]);
  });

  it('brings a send that timed out after the venue acted up to date, fills included, without resending', async () => {
    const rig = await ledgerRig(db.pool);
    rig.detach(); // the daemon "dies" after the timeout: no updates reach it
    const out = await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 7 }), timingOut(rig, true));
    expect(out.outcome).toBe('unknown');
    expect(out.order.status).toBe('sent');
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 321.5));

    // A new daemon: a new venue connection and a new ledger, the lease taken over.
    await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    const lease = (await acquireLease(db.pool, {
      deploymentId: rig.deploymentId,
      holder: 'restarted',
      ttlMs: 60_000,
    }))!;
    const venue = await PaperVenue.open({
      pool: db.pool,
      brokerAccountId: rig.brokerAccountId,
      log: testLogger(),
      clock: rig.clock,
    });
    const ledger = createLedger({ pool: db.pool, log: testLogger() });
    const report = await ledger.recover(venue, scope(rig), lease);
    expect(report).toMatchObject({ checked: 1, updated: 1 });
    expect(await ledger.order({ id: out.order.id })).toMatchObject({
      status: 'filled',
      filledQty: 7,
      filledValue: '2250.50',
    });
    expect(await venueOrders(rig.brokerAccountId)).toHaveLength(1);
    const { rows } = await db.pool.query(
      'SELECT source, kind FROM order_events WHERE order_id = $1 ORDER BY id',
      [out.order.id],
    );
    expect(rows.map((r) => `${r.kind}/${r.source}`)).toEqual([
      'created/ledger',
      'sent/ledger',
      'send_unknown/ledger',
      'fill/recovery',
      'status/recovery',
    ]);
    // A second pass finds nothing to do.
    expect(await ledger.recover(venue, scope(rig), lease)).toMatchObject({ checked: 0 });
  });

  it('leaves a recent unknown send pending, then closes it once the grace has passed and the venue never had it', async () => {
    const rig = await ledgerRig(db.pool);
    const out = await rig.ledger.submitAndSend(rig.lease, rig.order(), timingOut(rig, false));
    expect(out.outcome).toBe('unknown');
    expect(await rig.ledger.recover(rig.venue, scope(rig), rig.lease, { sentGraceMs: 60_000 })).toMatchObject(
      { pending: 1 },
    );
    expect((await rig.ledger.order({ id: out.order.id }))!.status).toBe('sent');
    expect(await rig.ledger.recover(rig.venue, scope(rig), rig.lease, { sentGraceMs: 0 })).toMatchObject({
      closedNotFound: 1,
    });
    expect(await rig.ledger.order({ id: out.order.id })).toMatchObject({
      status: 'cancelled',
      endSource: 'recovery',
      reason: 'not_found_at_broker',
    });
    expect(await venueOrders(rig.brokerAccountId)).toEqual([]);
  });

  it('catches up on fills and cancellations missed while the daemon was down', async () => {
    const rig = await ledgerRig(db.pool, { tickLiquidity: true });
    const a = await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 50 }), rig.venue);
    const b = await rig.ledger.submitAndSend(
      rig.lease,
      rig.order({ orderType: 'LIMIT', limitPrice: 1 }),
      rig.venue,
    );
    rig.detach();
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 1_000, 100, 20));
    await rig.venue.onTick(tickOf(rig.instrument, rig.clock.now + 2_000, 101, 20));
    await rig.venue.cancel(b.order.brokerOrderId!);
    const report = await rig.ledger.recover(rig.venue, scope(rig), rig.lease);
    expect(report).toMatchObject({ checked: 2, updated: 2 });
    expect(await rig.ledger.order({ id: a.order.id })).toMatchObject({
      status: 'partially_filled',
      filledQty: 40,
      filledValue: '4020.00',
    });
    expect(await rig.ledger.order({ id: b.order.id })).toMatchObject({
      status: 'cancelled',
      endSource: 'broker',
    });
    const { rows } = await db.pool.query('SELECT net_qty FROM positions WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    expect(rows[0].net_qty).toBe(40);
  });

  it('refuses to close orders for a daemon that no longer holds the lease', async () => {
    const rig = await ledgerRig(db.pool);
    await rig.ledger.submit(rig.lease, rig.order());
    await db.pool.query('UPDATE leases SET expires_at = clock_timestamp() WHERE deployment_id = $1', [
      rig.deploymentId,
    ]);
    await acquireLease(db.pool, { deploymentId: rig.deploymentId, holder: 'usurper', ttlMs: 60_000 });
    await expect(rig.ledger.recover(rig.venue, scope(rig), rig.lease)).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
  });
});
