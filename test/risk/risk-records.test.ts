// Profiles, verdict records and the live gate against a real PostgreSQL: versions and audit,
// row-level security, assignment, denials and approvals, trading states, and a restarted gate
// that remembers the day's count, a halt and an operator's move made elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type Pool } from '../../daemon/src/db/pool';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { createEventBus, type EventBus } from '../../daemon/src/events/event-bus';
import type { BusEvent } from '../../daemon/src/events/event-map';
import { startPgBridge, type PgBridge } from '../../daemon/src/events/pg-bridge';
import { createMetrics } from '../../daemon/src/metrics/metrics';
import {
  createLiveRiskGate,
  type LiveRiskGate,
  type LiveSnapshot,
} from '../../daemon/src/risk-control/live-risk-gate';
import { loadEffectiveProfiles } from '../../daemon/src/risk-control/profile-assignment';
import {
  archiveRiskProfile,
  assignRiskProfile,
  changeRiskProfile,
  createRiskProfile,
} from '../../daemon/src/risk-control/profile-service';
import { getProfile, listProfileVersions } from '../../daemon/src/risk-control/profile-store';
import { SYSTEM_ACTOR, type RiskActor } from '../../daemon/src/risk-control/risk-actor';
import { setTradingState } from '../../daemon/src/risk-control/trading-state-service';
import { listViolations } from '../../daemon/src/risk-control/violation-query';
import type { RiskOrder } from '../../daemon/src/risk/index';
import { MORNING } from '../fixtures/risk/builders';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { insertManualOrder, seedTradingRows, type TradingRows } from '../support/trading-rows';

let db: TestDatabase;
let rows: TradingRows;
let other: TradingRows;
let bus: EventBus;
let bridge: PgBridge;
const events: BusEvent[] = [];

const operator = (
  r: TradingRows,
): { run: <T>(fn: Parameters<typeof withTransaction<T>>[1]) => Promise<T>; actor: RiskActor } => ({
  run: (fn) => withUserScope(db.pool, { userId: r.userId, role: 'operator' }, fn),
  actor: { label: `user:${r.userId}`, userId: r.userId, role: 'operator' },
});

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  rows = await seedTradingRows(db.pool, { email: 'op@example.com' });
  other = await seedTradingRows(db.pool, { email: 'op2@example.com', symbol: 'OTHER' });
  bus = createEventBus({ log: testLogger() });
  bridge = await startPgBridge({ bus, pool: db.pool, connectionString: db.url, log: testLogger() });
  bus.subscribe(['risk.profile_changed', 'risk.violation', 'risk.trading_state', 'risk.kill_switch'], (e) =>
    events.push(e),
  );
});
afterAll(async () => {
  await bridge?.stop();
  await db?.drop();
});

describe('risk profiles', () => {
  it('versions a changed document, not a rename, audits both, and announces new versions', async () => {
    const op = operator(rows);
    const created = await createRiskProfile({ run: op.run, bus }, op.actor, {
      ownerId: rows.userId,
      name: 'desk',
      profile: 'moderate',
    });
    expect(created).toMatchObject({ latestVersion: 1, document: { extends: 'moderate' } });
    await changeRiskProfile({ run: op.run, bus }, op.actor, { id: created.id, name: 'desk A' });
    const changed = await changeRiskProfile({ run: op.run, bus }, op.actor, {
      id: created.id,
      profile: { extends: 'moderate', limits: { maxOrderQty: 10 } },
    });
    expect(changed).toMatchObject({
      name: 'desk A',
      latestVersion: 2,
      document: { limits: { maxOrderQty: 10 } },
    });
    const versions = await op.run((c) => listProfileVersions(c, created.id));
    expect(versions.map((v) => [v.version, v.document.limits.maxOrderQty, v.createdBy])).toEqual([
      [2, 10, `user:${rows.userId}`],
      [1, 2000, `user:${rows.userId}`],
    ]);
    const audit = await db.pool.query(
      `SELECT action, details->>'newVersion' AS nv FROM audit_log WHERE target = $1 ORDER BY id`,
      [`risk_profile:${created.id}`],
    );
    expect(audit.rows).toEqual([
      { action: 'risk.profile_create', nv: null },
      { action: 'risk.profile_update', nv: 'false' },
      { action: 'risk.profile_update', nv: 'true' },
    ]);
    expect(events.filter((e) => e.type === 'risk.profile_changed').map((e) => e.payload)).toEqual([
      { profileId: created.id, version: 1 },
      { profileId: created.id, version: 2 },
    ]);
  });

  it('refuses a bad profile naming every problem, and writes nothing', async () => {
    const op = operator(rows);
    const before = await db.pool.query('SELECT count(*)::int AS n FROM risk_profiles');
    await expect(
      createRiskProfile({ run: op.run }, op.actor, {
        ownerId: rows.userId,
        name: 'bad',
        profile: {
          extends: 'moderate',
          limits: { maxOrderQty: -1, dailyLossReduce: '9%' },
          disabledRules: ['nope'],
        },
      }),
    ).rejects.toThrow(
      /^invalid risk profile: limits\.maxOrderQty: got -1, expected a number > 0; disabledRules\[0\]: got "nope", expected a rule name .*; limits\.dailyLossReduce: got "9%", expected at most limits\.dailyLossHalt/,
    );
    expect((await db.pool.query('SELECT count(*)::int AS n FROM risk_profiles')).rows[0]).toEqual(
      before.rows[0],
    );
  });

  it("keeps users out of each other's profiles, and assigns only a user's own to their account", async () => {
    const mine = await createRiskProfile({ run: operator(rows).run }, operator(rows).actor, {
      ownerId: rows.userId,
      name: 'tight',
      profile: 'conservative',
    });
    const theirs = operator(other);
    await expect(theirs.run((c) => getProfile(c, mine.id))).rejects.toThrow(`no risk profile ${mine.id}`);
    await expect(
      assignRiskProfile({ run: theirs.run }, theirs.actor, { accountId: other.accountId }, mine.id),
    ).rejects.toThrow(`no risk profile ${mine.id}`);
    await expect(
      assignRiskProfile(
        { run: withTransactionOn(db.pool) },
        SYSTEM_ACTOR,
        { accountId: other.accountId },
        mine.id,
      ),
    ).rejects.toThrow(`risk profile ${mine.id} belongs to another user than account ${other.accountId}`);
  });

  it('resolves a deployment to its own profile, else its account’s, else the conservative preset', async () => {
    const op = operator(rows);
    const acct = await createRiskProfile({ run: op.run }, op.actor, {
      ownerId: rows.userId,
      name: 'acct',
      profile: 'aggressive',
    });
    const dep = await createRiskProfile({ run: op.run }, op.actor, {
      ownerId: rows.userId,
      name: 'dep',
      profile: 'moderate',
    });
    const effective = async () =>
      (
        await withTransactionOn(db.pool)((c) =>
          loadEffectiveProfiles(c, [rows.accountId], [rows.deploymentId]),
        )
      ).map((e) => [e.scope, e.source, e.profileId]);
    expect(await effective()).toEqual([
      ['account', 'preset', null],
      ['deployment', 'preset', null],
    ]);
    await assignRiskProfile({ run: op.run, bus }, op.actor, { accountId: rows.accountId }, acct.id);
    expect(await effective()).toEqual([
      ['account', 'account', acct.id],
      ['deployment', 'account', acct.id],
    ]);
    await assignRiskProfile({ run: op.run, bus }, op.actor, { deploymentId: rows.deploymentId }, dep.id);
    expect(await effective()).toEqual([
      ['account', 'account', acct.id],
      ['deployment', 'deployment', dep.id],
    ]);
    await expect(archiveRiskProfile({ run: op.run }, op.actor, dep.id)).rejects.toThrow(
      `risk profile ${dep.id} is assigned (accounts: none; deployments: ${rows.deploymentId})`,
    );
    await assignRiskProfile({ run: op.run, bus }, op.actor, { deploymentId: rows.deploymentId }, null);
    await assignRiskProfile({ run: op.run, bus }, op.actor, { accountId: rows.accountId }, null);
    expect((await archiveRiskProfile({ run: op.run }, op.actor, dep.id)).archivedAt).not.toBeNull();
  });
});

function withTransactionOn(pool: Pool) {
  return <T>(fn: Parameters<typeof withTransaction<T>>[1]) => withTransaction(pool, fn);
}

describe('the live gate and its records', () => {
  let gate: LiveRiskGate;
  const metrics = createMetrics();
  const order: RiskOrder = {
    deploymentId: 0,
    accountId: 0,
    symbol: 'NSE:TEST',
    side: 'buy',
    qty: 10,
    orderType: 'MARKET',
    product: 'INTRADAY',
    origin: 'strategy',
  };
  const scope = {
    capital: 1_000_000,
    dayPnl: 0,
    grossExposure: 0,
    netExposure: 0,
    openPositions: 0,
    positionQty: 0,
    pendingBuyQty: 0,
    pendingSellQty: 0,
  };
  const snapshot = (now: number, dayPnl = 0): LiveSnapshot => ({
    now,
    instrument: { kind: 'equity', tickSize: 0.05, lotSize: 1 },
    market: { lastPrice: 100, lastTickAt: now },
    account: { ...scope, id: rows.accountId, dayPnl, cncSellableQty: 0 },
    deployment: { ...scope, id: rows.deploymentId, dayPnl },
  });

  beforeAll(async () => {
    order.accountId = rows.accountId;
    order.deploymentId = rows.deploymentId;
    const op = operator(rows);
    const p = await createRiskProfile({ run: op.run }, op.actor, {
      ownerId: rows.userId,
      name: 'three a day',
      profile: {
        extends: 'moderate',
        limits: {
          maxOrdersPerSecond: 3,
          maxOrdersPerMinute: 3,
          maxOrdersPerDay: 3,
          dailyLossReduce: 1000,
          dailyLossHalt: 2000,
        },
      },
    });
    await assignRiskProfile({ run: op.run }, op.actor, { deploymentId: rows.deploymentId }, p.id);
    gate = await createLiveRiskGate({ pool: db.pool, bus, log: testLogger(), metrics: metrics.risk });
    await gate.prepare(rows.accountId, rows.deploymentId, MORNING);
  });
  afterAll(() => gate?.close());

  it('records each allowed order’s profile versions with the order, in its transaction', async () => {
    for (let i = 0; i < 3; i++) {
      const verdict = gate.check(order, snapshot(MORNING + i * 1000));
      expect(verdict.allowed).toBe(true);
      await withTransaction(db.pool, async (c) => {
        const clientOrderId = await insertManualOrder(c, rows);
        await gate.recordApproval(c, verdict, {
          ownerId: rows.userId,
          accountId: rows.accountId,
          deploymentId: rows.deploymentId,
          clientOrderId,
        });
      });
    }
    const approvals = await db.pool.query(
      `SELECT account_profile_name, account_profile_version, deployment_profile_name, deployment_profile_version FROM risk_approvals WHERE deployment_id = $1`,
      [rows.deploymentId],
    );
    expect(approvals.rows).toHaveLength(3);
    expect(approvals.rows[0]).toEqual({
      account_profile_name: 'preset:conservative',
      account_profile_version: 1,
      deployment_profile_name: 'three a day',
      deployment_profile_version: 1,
    });
  });

  it('stores a denial per limit crossed, counts it and announces it', async () => {
    const denied = gate.check(order, snapshot(MORNING + 65_000));
    expect(denied.violations.map((v) => v.code)).toEqual(['orders_per_day']);
    const checkId = await gate.recordDenial(denied, order, {
      ownerId: rows.userId,
      accountId: rows.accountId,
      deploymentId: rows.deploymentId,
      clientOrderId: 'denied-1',
    });
    const stored = await listViolations(db.pool, { deploymentId: rows.deploymentId, limit: 10, offset: 0 });
    expect(stored[0]).toMatchObject({
      checkId,
      severity: 'deny',
      rule: 'orders_per_day',
      scope: 'deployment',
      limitName: 'maxOrdersPerDay',
      limit: '3',
      value: '4',
      profileVersion: 1,
      clientOrderId: 'denied-1',
      details: { order: { side: 'buy', qty: 10, origin: 'strategy' } },
    });
    expect(await metrics.registry.getSingleMetricAsString('quanttrade_risk_denials_total')).toContain(
      'quanttrade_risk_denials_total{rule="orders_per_day"} 1',
    );
    expect(events.find((e) => e.type === 'risk.violation')).toMatchObject({
      ownerId: rows.userId,
      payload: { checkId, rules: ['orders_per_day'] },
    });
  });

  it('a restarted gate still knows the day’s count and a loss halt', async () => {
    const changes = gate.observe(
      'deployment',
      { ...scope, id: rows.deploymentId, dayPnl: -2500 },
      MORNING + 66_000,
    );
    expect(changes.map((c) => c.to)).toEqual(['HALTED']);
    await gate.recordStateChanges(changes);
    await until(() => events.some((e) => e.type === 'risk.trading_state'), 'the trading-state event');

    const restarted = await createLiveRiskGate({ pool: db.pool, bus, log: testLogger() });
    try {
      await restarted.prepare(rows.accountId, rows.deploymentId, MORNING + 70_000);
      const v = restarted.check(order, snapshot(MORNING + 70_000, 0));
      expect(v.violations.map((x) => x.code).sort()).toEqual(['orders_per_day', 'trading_state']);
      const exit = restarted.check(
        { ...order, side: 'sell', origin: 'bracket' },
        {
          ...snapshot(MORNING + 71_000),
          deployment: { ...scope, id: rows.deploymentId, positionQty: 10 },
          account: { ...scope, id: rows.accountId, positionQty: 10, cncSellableQty: 0 },
        },
      );
      expect(exit.allowed).toBe(true);
    } finally {
      restarted.close();
    }
  });

  it("applies an operator's state change made elsewhere, heard from the database", async () => {
    await setTradingState(
      operator(rows).run,
      operator(rows).actor,
      { scope: 'account', scopeId: rows.accountId, state: 'REDUCING', reason: 'review' },
      MORNING + 9000,
    );
    await until(
      () =>
        gate
          .check({ ...order, qty: 1 }, snapshot(MORNING + 86_400_000 * 1 + 10_000))
          .violations.some((v) => v.message.includes('REDUCING (review)')),
      'the operator state',
    );
    const audit = await db.pool.query(
      `SELECT details FROM audit_log WHERE action = 'risk.trading_state_set' AND target = $1`,
      [`account:${rows.accountId}`],
    );
    expect(audit.rows[0].details).toMatchObject({ from: 'ACTIVE', to: 'REDUCING', reason: 'review' });
  });

  it('tells the runner which kill switches were engaged and released', async () => {
    const seen: string[] = [];
    const stop = gate.onKillSwitch((c) =>
      seen.push(`+${c.engaged.map((s) => s.scope).join()} -${c.released.map((s) => s.scope).join()}`),
    );
    const run = withTransactionOn(db.pool);
    const { engageKillSwitch, releaseKillSwitch } =
      await import('../../daemon/src/risk-control/kill-switch-service');
    const { killSwitch } = await engageKillSwitch(run, SYSTEM_ACTOR, {
      scope: 'deployment',
      deploymentId: rows.deploymentId,
      flatten: true,
      reason: '',
    });
    await until(() => seen.length === 1, 'the engagement');
    expect(
      gate.check({ ...order }, snapshot(MORNING + 86_400_000 + 20_000)).violations.map((v) => v.code),
    ).toEqual(['kill_switch']);
    await releaseKillSwitch(run, SYSTEM_ACTOR, { id: killSwitch.id, reason: '' });
    await until(() => seen.length === 2, 'the release');
    expect(seen).toEqual(['+deployment -', '+ -deployment']);
    stop();
  });
});
