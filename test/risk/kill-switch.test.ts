// The kill switch against a real PostgreSQL, with two pools standing for two daemons: what one
// engages, the other's order write refuses in its own transaction (no notification needed), and
// the other's watch hears of it through LISTEN/NOTIFY. Release rules, audit and flatten orders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, createPool, type Pool } from '../../daemon/src/db/pool';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { startPgBridge, type PgBridge } from '../../daemon/src/events/pg-bridge';
import { engageKillSwitch, releaseKillSwitch } from '../../daemon/src/risk-control/kill-switch-service';
import { SYSTEM_ACTOR, type RiskActor } from '../../daemon/src/risk-control/risk-actor';
import { startRiskWatch, type RiskWatch } from '../../daemon/src/risk-control/risk-watch';
import type { KillSwitchRow } from '../../daemon/src/risk-control/kill-switch-store';
import type { Transaction } from '../../daemon/src/risk-control/profile-service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { insertManualOrder, insertUser, seedTradingRows, type TradingRows } from '../support/trading-rows';

let db: TestDatabase;
let second: Pool;
let rows: TradingRows;
let other: TradingRows;
let admin: number;

const asSystem =
  (pool: Pool): Transaction =>
  (fn) =>
    withTransaction(pool, fn);
const asUser =
  (pool: Pool, userId: number, role: 'admin' | 'operator' | 'viewer'): Transaction =>
  (fn) =>
    withUserScope(pool, { userId, role }, fn);
const actor = (userId: number, role: 'admin' | 'operator'): RiskActor => ({
  label: `user:${userId}`,
  userId,
  role,
});

async function until<T>(read: () => T | undefined, what: string, deadlineMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  second = createPool({ connectionString: db.url, log: testLogger(), max: 3 });
  rows = await seedTradingRows(db.pool, { email: 'op@example.com' });
  other = await seedTradingRows(db.pool, { email: 'op2@example.com', symbol: 'OTHER' });
  admin = await insertUser(db.pool, 'admin@example.com', 'admin');
});
afterAll(async () => {
  await second?.end();
  await db?.drop();
});

describe('kill switch: the order write checks it', () => {
  it("stops the other daemon's order write at once, leaves other accounts alone, and lets it through after release", async () => {
    await insertManualOrder(second, rows);
    const { killSwitch, created } = await engageKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'account',
      accountId: rows.accountId,
      flatten: false,
      reason: 'broker outage',
    });
    expect(created).toBe(true);
    const refused = await insertManualOrder(second, rows).catch(
      (err: { code?: string; message: string }) => err,
    );
    expect(refused).toMatchObject({ code: 'QTK01' });
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^kill switch ${killSwitch.id} \\(account ${rows.accountId}\\) engaged by system at .*: no orders for account ${rows.accountId}$`,
      ),
    );
    // The record of a refused order is still written; another account still trades.
    await insertManualOrder(second, rows, 'rejected');
    await insertManualOrder(second, other);

    await releaseKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'account',
      accountId: rows.accountId,
      reason: 'outage over',
    });
    await insertManualOrder(second, rows);
  });

  it('an engagement waits for the order writes under way; every later write sees it', async () => {
    const writer = await second.connect();
    try {
      await writer.query('BEGIN');
      const early = await insertManualOrder(writer, rows);
      const engaging = engageKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
        scope: 'account',
        accountId: rows.accountId,
        flatten: false,
        reason: 'race',
      });
      // The engagement queues behind the open order write (an ungranted advisory lock), not after a guess of time.
      const start = Date.now();
      for (;;) {
        const { rows: waiting } = await db.pool.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        if (waiting[0].n > 0) break;
        if (Date.now() - start > 15_000) throw new Error('the engagement never waited for the order write');
        await new Promise((r) => setTimeout(r, 10));
      }
      await writer.query('COMMIT');
      const { killSwitch } = await engaging;
      const order = await db.pool.query('SELECT created_at FROM orders WHERE client_order_id = $1', [early]);
      expect(order.rows).toHaveLength(1);
      expect(await insertManualOrder(second, rows).catch((e: { code?: string }) => e.code)).toBe('QTK01');
      await releaseKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, { id: killSwitch.id, reason: '' });
    } finally {
      writer.release();
    }
  });

  it('refuses the move new → sent of an order written before the switch', async () => {
    const id = await insertManualOrder(second, rows);
    const { killSwitch } = await engageKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'global',
      flatten: false,
      reason: '',
    });
    const err = await second
      .query(`UPDATE orders SET status = 'sent' WHERE client_order_id = $1`, [id])
      .catch((e: { code?: string }) => e);
    expect(err).toMatchObject({ code: 'QTK01' });
    // Cancelling it is still possible (a fact, not a send).
    await second.query(`UPDATE orders SET status = 'cancelled' WHERE client_order_id = $1`, [id]);
    await releaseKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, { id: killSwitch.id, reason: '' });
  });

  it('a deployment switch covers that deployment only (the check the runner may call in its transaction)', async () => {
    await engageKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'deployment',
      deploymentId: rows.deploymentId,
      flatten: false,
      reason: '',
    });
    const check = (account: number, deployment: number | null) =>
      second.query('SELECT risk_assert_can_send($1, $2)', [account, deployment]).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    expect(await check(rows.accountId, rows.deploymentId)).toBe('QTK01');
    expect(await check(rows.accountId, null)).toBe('ok');
    expect(await check(other.accountId, other.deploymentId)).toBe('ok');
    await releaseKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'deployment',
      deploymentId: rows.deploymentId,
      reason: '',
    });
    expect(await check(rows.accountId, rows.deploymentId)).toBe('ok');
  });

  it("lets a flatten switch's own orders through when the writer names it, and nothing else", async () => {
    const { killSwitch } = await engageKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'global',
      flatten: true,
      reason: 'flatten all',
    });
    const write = (name: string | null) =>
      withTransaction(second, async (c) => {
        if (name !== null) await c.query(`SELECT set_config('app.risk_flatten_switch', $1, true)`, [name]);
        return insertManualOrder(c, rows);
      }).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    expect(await write(String(killSwitch.id))).toBe('ok');
    expect(await write(null)).toBe('QTK01');
    expect(await write(String(killSwitch.id + 1000))).toBe('QTK01');
    await releaseKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, { id: killSwitch.id, reason: '' });
  });
});

describe('kill switch: who may engage and release', () => {
  it('an operator engages their account and the global switch; only an admin releases the global one', async () => {
    const op = actor(rows.userId, 'operator');
    const run = asUser(db.pool, rows.userId, 'operator');
    await expect(
      engageKillSwitch(run, op, { scope: 'account', accountId: other.accountId, flatten: false, reason: '' }),
    ).rejects.toThrow(`no broker account ${other.accountId}`);
    const mine = await engageKillSwitch(run, op, {
      scope: 'account',
      accountId: rows.accountId,
      flatten: false,
      reason: 'mine',
    });
    const again = await engageKillSwitch(run, op, {
      scope: 'account',
      accountId: rows.accountId,
      flatten: true,
      reason: 'again',
    });
    expect(again).toMatchObject({ created: false, killSwitch: { id: mine.killSwitch.id, flatten: true } });

    const global = await engageKillSwitch(run, op, { scope: 'global', flatten: false, reason: 'panic' });
    await expect(releaseKillSwitch(run, op, { id: global.killSwitch.id, reason: '' })).rejects.toThrow(
      'releasing the global kill switch needs an admin',
    );
    await expect(releaseKillSwitch(run, op, { scope: 'global', reason: '' })).rejects.toThrow(
      'needs an admin',
    );
    const opTwo = actor(other.userId, 'operator');
    await expect(
      releaseKillSwitch(asUser(db.pool, other.userId, 'operator'), opTwo, {
        id: mine.killSwitch.id,
        reason: '',
      }),
    ).rejects.toThrow(`no kill switch ${mine.killSwitch.id}`);
    await releaseKillSwitch(run, op, { id: mine.killSwitch.id, reason: 'fixed' });
    await releaseKillSwitch(asUser(db.pool, admin, 'admin'), actor(admin, 'admin'), {
      id: global.killSwitch.id,
      reason: 'all clear',
    });
    await expect(releaseKillSwitch(run, op, { id: mine.killSwitch.id, reason: '' })).rejects.toThrow(
      'was already released by user:',
    );

    const audit = await db.pool.query<{ action: string; actor: string; target: string }>(
      `SELECT action, actor, target FROM audit_log WHERE action LIKE 'risk.kill_switch%' AND details->>'killSwitchId' IN ($1, $2) ORDER BY id`,
      [String(mine.killSwitch.id), String(global.killSwitch.id)],
    );
    expect(audit.rows).toEqual([
      {
        action: 'risk.kill_switch_engage',
        actor: `user:${rows.userId}`,
        target: `broker_account:${rows.accountId}`,
      },
      {
        action: 'risk.kill_switch_engage',
        actor: `user:${rows.userId}`,
        target: `broker_account:${rows.accountId}`,
      },
      { action: 'risk.kill_switch_engage', actor: `user:${rows.userId}`, target: 'global' },
      {
        action: 'risk.kill_switch_release',
        actor: `user:${rows.userId}`,
        target: `broker_account:${rows.accountId}`,
      },
      { action: 'risk.kill_switch_release', actor: `user:${admin}`, target: 'global' },
    ]);
  });
});

describe('kill switch: every daemon hears of it', () => {
  let bridge: PgBridge;
  let watch: RiskWatch;
  const seen: { at: number; ids: number[] }[] = [];

  beforeAll(async () => {
    const bus = createEventBus({ log: testLogger() });
    bridge = await startPgBridge({ bus, pool: second, connectionString: db.url, log: testLogger() });
    // A poll far longer than the test: what arrives, arrives by NOTIFY.
    watch = await startRiskWatch({
      pool: second,
      bus,
      log: testLogger(),
      pollMs: 10 * 60_000,
      onChange: (all: readonly KillSwitchRow[]) => seen.push({ at: Date.now(), ids: all.map((s) => s.id) }),
    });
  });
  afterAll(async () => {
    watch?.stop();
    await bridge?.stop();
  });

  it("reaches the second daemon's watch by LISTEN/NOTIFY, engaged and released", async () => {
    const engagedAt = Date.now();
    const { killSwitch } = await engageKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, {
      scope: 'global',
      flatten: false,
      reason: 'notify',
    });
    const on = await until(() => seen.find((s) => s.ids.includes(killSwitch.id)), 'the engagement');
    expect(watch.current().map((s) => s.id)).toContain(killSwitch.id);
    await releaseKillSwitch(asSystem(db.pool), SYSTEM_ACTOR, { id: killSwitch.id, reason: '' });
    await until(
      () => (watch.current().some((s) => s.id === killSwitch.id) ? undefined : true),
      'the release',
    );
    // Measured, not asserted (timing belongs to benchmarks): scripts/bench/risk-kill-switch.bench.ts.
    console.log(`kill switch heard by the second daemon ${on.at - engagedAt} ms after engaging`);
  });
});
