// The pre-trade gate through a real paper deployment (issue 11, "an integration test that a paper
// deployment whose strategy tries to exceed each limit is stopped exactly at it"): the runner's
// openDeployment with the live risk gate, ledger and paper venue on a test daemon's database,
// a scripted strategy, and one profile per case assigned to the deployment and its account over
// the API. Each case lets the orders up to a limit through and sends one over it; the refused
// signal is stored with the rule's code, the violation is listed by risk.violations, the
// denial is counted by rule, and only the allowed orders reach the ledger and the paper venue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { startPgBridge, type PgBridge } from '../../daemon/src/events/pg-bridge';
import { createMetrics, type Metrics } from '../../daemon/src/metrics/metrics';
import { createLiveRiskGate, type LiveRiskGate } from '../../daemon/src/risk-control/live-risk-gate';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { createProbeDeployment, runProbe, type ProbeBar } from './support/paper-probe';

let td: TestDaemon;
let metrics: Metrics;
let risk: LiveRiskGate;
let bridge: PgBridge;

beforeAll(async () => {
  td = await startTestDaemon();
  metrics = createMetrics();
  // The runner's daemon hears the API daemon's changes as a trader daemon does: NOTIFY.
  const bus = createEventBus({ log: testLogger() });
  bridge = await startPgBridge({ bus, pool: td.pool, connectionString: td.database.url, log: testLogger() });
  risk = await createLiveRiskGate({ pool: td.pool, bus, log: testLogger(), metrics: metrics.risk });
}, 60_000);

afterAll(async () => {
  risk?.close();
  await bridge?.stop();
  await td?.stop();
});

interface Case {
  rule: string;
  limits?: Record<string, number | string>;
  soft?: Record<string, number | string>;
  symbols?: number;
  product?: 'CNC' | 'INTRADAY';
  freezeQty?: number;
  bars: ProbeBar[];
  /** Orders that reach the ledger and the venue. */
  allowed: number;
  /** Signals refused with a violation of `rule`. */
  denied: number;
}

const buy =
  (qty: number) =>
  (c: { buy(q: number): unknown }): void =>
    void c.buy(qty);
const times =
  (n: number, f: (c: { buy(q: number): unknown }) => void) => (c: { buy(q: number): unknown }) => {
    for (let i = 0; i < n; i++) f(c);
  };

// Prices are flat at ₹1,000 (₹100 for the freeze case); capital ₹10,00,000; every other limit is
// the aggressive preset's, far from these orders.
const CASES: Case[] = [
  {
    rule: 'max_order_qty',
    limits: { maxOrderQty: 10 },
    bars: [
      { at: '10:00', price: 1000, act: [buy(10)] },
      { at: '10:01', price: 1000, act: [buy(11)] },
      { at: '10:02', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    rule: 'max_order_value',
    limits: { maxOrderValue: 10_000 },
    bars: [
      { at: '10:00', price: 1000, act: [buy(10)] },
      { at: '10:01', price: 1000, act: [buy(11)] },
      { at: '10:02', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    rule: 'max_position_value',
    limits: { maxPositionValue: 15_000 },
    bars: [
      { at: '10:00', price: 1000, act: [buy(10)] },
      { at: '10:01', price: 1000, act: [buy(5)] },
      { at: '10:02', price: 1000, act: [buy(1)] },
      { at: '10:03', price: 1000 },
    ],
    allowed: 2,
    denied: 1,
  },
  {
    rule: 'max_gross_exposure',
    limits: { maxGrossExposure: 20_000, maxPositionValue: 20_000 },
    symbols: 2,
    bars: [
      { at: '10:00', price: 1000, act: [buy(10)] },
      { at: '10:01', price: 1000, act: [undefined, buy(10)] },
      { at: '10:02', price: 1000, act: [undefined, buy(1)] },
      { at: '10:03', price: 1000 },
    ],
    allowed: 2,
    denied: 1,
  },
  {
    rule: 'max_net_exposure',
    limits: { maxNetExposure: 20_000 },
    symbols: 2,
    bars: [
      { at: '10:00', price: 1000, act: [buy(10), buy(10)] },
      { at: '10:01', price: 1000, act: [buy(1)] },
      { at: '10:02', price: 1000 },
    ],
    allowed: 2,
    denied: 1,
  },
  {
    rule: 'max_open_positions',
    limits: { maxOpenPositions: 1 },
    symbols: 2,
    bars: [
      { at: '10:00', price: 1000, act: [buy(1)] },
      { at: '10:01', price: 1000, act: [buy(1), buy(1)] },
      { at: '10:02', price: 1000 },
    ],
    allowed: 2,
    denied: 1,
  },
  {
    rule: 'max_concentration',
    limits: { maxConcentrationPercent: 1 },
    soft: { maxConcentrationPercent: 0.5 },
    bars: [
      { at: '10:00', price: 1000, act: [buy(10)] },
      { at: '10:01', price: 1000, act: [buy(1)] },
      { at: '10:02', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    // The daily trade-count cap: bars two minutes apart keep the per-minute limit out of it.
    rule: 'orders_per_day',
    limits: { maxOrdersPerSecond: 1, maxOrdersPerMinute: 2, maxOrdersPerDay: 2 },
    bars: [
      { at: '10:00', price: 1000, act: [buy(1)] },
      { at: '10:02', price: 1000, act: [buy(1)] },
      { at: '10:04', price: 1000, act: [buy(1)] },
      { at: '10:06', price: 1000 },
    ],
    allowed: 2,
    denied: 1,
  },
  {
    rule: 'orders_per_second',
    limits: { maxOrdersPerSecond: 2 },
    bars: [
      { at: '10:00', price: 1000, act: [times(3, buy(1))] },
      { at: '10:01', price: 1000 },
    ],
    allowed: 2,
    denied: 1,
  },
  {
    // The broker's own ceiling (10 orders/s per account) holds whatever the profile allows.
    rule: 'broker_rate_limit',
    limits: { maxOrdersPerSecond: 50, maxOrdersPerMinute: 200 },
    bars: [
      { at: '10:00', price: 1000, act: [times(11, buy(1))] },
      { at: '10:01', price: 1000 },
    ],
    allowed: 10,
    denied: 1,
  },
  {
    rule: 'price_collar',
    limits: { priceCollarPercent: 5 },
    bars: [
      {
        at: '10:00',
        price: 1000,
        act: [
          (c) => {
            c.buyLimit(1, 950); // at the collar: passes
            c.buyLimit(1, 949.95);
          },
        ],
      },
      { at: '10:01', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    rule: 'stop_trigger_side',
    bars: [
      {
        at: '10:00',
        price: 1000,
        act: [
          (c) => {
            c.buyStop(1, 1010);
            c.buyStop(1, 990);
          },
        ],
      },
      { at: '10:01', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    rule: 'freeze_qty',
    freezeQty: 100,
    bars: [
      { at: '10:00', price: 100, act: [buy(100)] },
      { at: '10:01', price: 100, act: [buy(101)] },
      { at: '10:02', price: 100 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    rule: 'after_square_off',
    product: 'INTRADAY',
    limits: { squareOffTime: '15:15' },
    bars: [
      { at: '15:13', price: 1000, act: [buy(1)] },
      { at: '15:15', price: 1000, act: [buy(1)] },
      { at: '15:16', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
  {
    // A bar after the close (15:30 IST): its order would reach an exchange that is shut.
    rule: 'market_closed',
    bars: [
      { at: '15:28', price: 1000, act: [buy(1)] },
      { at: '15:40', price: 1000, act: [buy(1)] },
      { at: '15:41', price: 1000 },
    ],
    allowed: 1,
    denied: 1,
  },
];

function denialsOf(rule: string): Promise<number> {
  return metrics.risk.denials.get().then((m) => m.values.find((v) => v.labels.rule === rule)?.value ?? 0);
}

describe('the risk gate stops a paper deployment exactly at each limit', () => {
  it.each(CASES)('$rule', async (c) => {
    const operator = td.api('operator');
    const row = await createProbeDeployment(td.pool, {
      ownerId: td.users.operator.id,
      name: `probe ${c.rule}`,
      symbols: c.symbols ?? 1,
      product: c.product ?? 'CNC',
      capital: 1_000_000,
      ...(c.freezeQty ? { freezeQty: c.freezeQty } : {}),
      bars: c.bars,
    });
    const profile = await operator.risk.profiles.create.mutate({
      name: `probe ${c.rule}`,
      profile: { extends: 'aggressive', limits: c.limits ?? {}, ...(c.soft ? { soft: c.soft } : {}) },
    });
    await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
    await operator.risk.assign.mutate({ deploymentId: row.id, profileId: profile.id });
    const before = await denialsOf(c.rule);

    const errors = await runProbe({ pool: td.pool, log: testLogger(), risk, row, bars: c.bars });
    expect(errors).toEqual([]);

    const signals = await td.pool.query<{ id: number; status: string; reason: string | null }>(
      `SELECT id, status, status_reason AS reason FROM signals WHERE deployment_id = $1 ORDER BY id`,
      [row.id],
    );
    const refused = signals.rows.filter((s) => s.status === 'rejected');
    expect(refused).toHaveLength(c.denied);
    expect(signals.rows.length - refused.length).toBe(c.allowed);
    const stored = await td.pool.query<{ signal_id: string; rule: string; profile_version: number }>(
      `SELECT signal_id, rule, profile_version FROM risk_violations WHERE deployment_id = $1 AND severity = 'deny'`,
      [row.id],
    );
    for (const s of refused) {
      const rules = stored.rows.filter((v) => Number(v.signal_id) === s.id).map((v) => v.rule);
      expect(rules).toContain(c.rule);
      expect(rules).toContain(s.reason);
    }
    // Rules that read a profile record its version (the broker's ceiling reads none).
    expect(stored.rows.filter((v) => v.profile_version !== null).every((v) => v.profile_version === 1)).toBe(
      true,
    );

    // Only the allowed orders were written and reached the venue.
    const orders = await td.pool.query(`SELECT id FROM orders WHERE deployment_id = $1`, [row.id]);
    expect(orders.rows).toHaveLength(c.allowed);
    const venue = await td.pool.query(`SELECT id FROM paper_orders WHERE broker_account_id = $1`, [
      row.brokerAccountId,
    ]);
    expect(venue.rows).toHaveLength(c.allowed);
    // Each allowed order records the profile versions it was checked with.
    const approvals = await td.pool.query<{ a: number; d: number; p: number }>(
      `SELECT account_profile_id::int AS a, deployment_profile_id::int AS d, deployment_profile_version AS p
         FROM risk_approvals WHERE deployment_id = $1`,
      [row.id],
    );
    expect(approvals.rows).toEqual(orders.rows.map(() => ({ a: profile.id, d: profile.id, p: 1 })));

    const listed = await td.api('viewer').risk.violations.query({ deploymentId: row.id, rule: c.rule });
    // The viewer sees none of the operator's rows (row-level security); the owner sees them all.
    expect(rowsOf(listed)).toHaveLength(0);
    const mine = rowsOf(await operator.risk.violations.query({ deploymentId: row.id, rule: c.rule }));
    expect(mine.length).toBeGreaterThanOrEqual(c.denied);
    expect(mine.every((v) => v.rule === c.rule && v.deploymentId === row.id)).toBe(true);

    expect((await denialsOf(c.rule)) - before).toBeGreaterThanOrEqual(c.denied);
  });
});

describe('the loss limits move a paper deployment to REDUCING, then HALTED', () => {
  it('lets the stop-loss out in REDUCING, refuses entries, and at the halt cancels the working orders and flattens', async () => {
    const operator = td.api('operator');
    // Bought 50 at ₹1,000 with capital ₹10,00,000: REDUCING from a ₹1,000 loss, HALTED from ₹2,000.
    const bars: ProbeBar[] = [
      { at: '10:00', price: 1000, act: [buy(50)] },
      // filled at 10:01's open; a target that never fills, working until the halt
      { at: '10:01', price: 1000, act: [(c) => void c.sellLimit(5, 1040)] },
      { at: '10:02', price: 990 },
      {
        at: '10:03',
        price: 975, // a ₹1,250 loss and the charges: REDUCING
        act: [
          (c) => {
            c.buy(1); // new exposure: refused
            c.sellStop(10, 960); // the stop-loss: passes
          },
        ],
      },
      { at: '10:04', price: 950 }, // the stop fills at 950: a ₹2,500 loss, HALTED between orders
      { at: '10:05', price: 950, act: [buy(1)] }, // HALTED: refused
      { at: '10:06', price: 950 },
    ];
    const row = await createProbeDeployment(td.pool, {
      ownerId: td.users.operator.id,
      name: 'probe loss',
      symbols: 1,
      product: 'CNC',
      capital: 1_000_000,
      bars,
    });
    const profile = await operator.risk.profiles.create.mutate({
      name: 'probe loss',
      profile: {
        extends: 'aggressive',
        limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
        soft: { dailyLossHalt: 1500 },
        flattenOnHalt: true,
      },
    });
    await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
    await operator.risk.assign.mutate({ deploymentId: row.id, profileId: profile.id });
    const halts =
      (await metrics.risk.stateChanges.get()).values.find((v) => v.labels.to === 'HALTED')?.value ?? 0;

    const errors = await runProbe({ pool: td.pool, log: testLogger(), risk, row, bars });
    expect(errors).toEqual([]);

    const changes = await td.pool.query<{
      from_state: string;
      to_state: string;
      rule: string;
      flatten: boolean;
    }>(
      `SELECT from_state, to_state, rule, flatten FROM risk_state_changes
        WHERE scope = 'deployment' AND scope_id = $1 ORDER BY id`,
      [row.id],
    );
    expect(changes.rows).toEqual([
      { from_state: 'ACTIVE', to_state: 'REDUCING', rule: 'daily_loss', flatten: false },
      { from_state: 'REDUCING', to_state: 'HALTED', rule: 'daily_loss', flatten: true },
    ]);
    const state = await operator.risk.state.query({ scope: 'deployment', scopeId: row.id });
    expect(JSON.stringify(state)).toContain('HALTED');
    expect(
      ((await metrics.risk.stateChanges.get()).values.find((v) => v.labels.to === 'HALTED')?.value ?? 0) -
        halts,
    ).toBeGreaterThanOrEqual(1);

    const orders = await td.pool.query<{
      side: string;
      qty: number;
      order_type: string;
      status: string;
      end_source: string | null;
    }>(
      `SELECT side, qty::int AS qty, order_type, status, end_source FROM orders WHERE deployment_id = $1 ORDER BY id`,
      [row.id],
    );
    expect(orders.rows).toEqual([
      { side: 'buy', qty: 50, order_type: 'MARKET', status: 'filled', end_source: null },
      // the working target, cancelled by the halt
      { side: 'sell', qty: 5, order_type: 'LIMIT', status: 'cancelled', end_source: 'risk' },
      // the stop-loss sent in REDUCING
      { side: 'sell', qty: 10, order_type: 'STOP_LOSS_MARKET', status: 'filled', end_source: null },
      // the halt's flatten
      { side: 'sell', qty: 40, order_type: 'MARKET', status: 'filled', end_source: null },
    ]);
    const position = await td.pool.query<{ net_qty: number }>(
      `SELECT net_qty::int AS net_qty FROM positions WHERE deployment_id = $1`,
      [row.id],
    );
    expect(position.rows).toEqual([{ net_qty: 0 }]);
    const venue = await td.pool.query(`SELECT id FROM paper_orders WHERE broker_account_id = $1`, [
      row.brokerAccountId,
    ]);
    expect(venue.rows).toHaveLength(4);

    // Both entries were refused and recorded: the first in REDUCING, the second HALTED.
    const refused = await td.pool.query<{ reason: string; side: string; messages: string[] }>(
      `SELECT s.status_reason AS reason, s.side, array_agg(v.message ORDER BY v.id) AS messages
         FROM signals s JOIN risk_violations v ON v.signal_id = s.id
        WHERE s.deployment_id = $1 AND s.status = 'rejected' GROUP BY s.id ORDER BY s.id`,
      [row.id],
    );
    expect(refused.rows.map((r) => [r.reason, r.side])).toEqual([
      ['daily_loss', 'buy'],
      ['daily_loss', 'buy'],
    ]);
    expect(refused.rows[0]!.messages[0]).toMatch(/reached dailyLossReduce ₹1,000: REDUCING/);
    expect(refused.rows[1]!.messages[0]).toMatch(/reached dailyLossHalt ₹2,000: HALTED/);
    const listed = rowsOf(await operator.risk.violations.query({ deploymentId: row.id, rule: 'daily_loss' }));
    expect(listed.length).toBeGreaterThanOrEqual(2);
  });
});

describe('a kill switch engaged over the API while a paper deployment runs', () => {
  it('cancels its working orders and refuses its next order; released, it trades again', async () => {
    const operator = td.api('operator');
    const bars: ProbeBar[] = [
      { at: '10:00', price: 1000, act: [(c) => void c.buyLimit(5, 960)] }, // works below the market
      { at: '10:01', price: 1000, act: [buy(1)] }, // the switch is engaged: refused
      { at: '10:02', price: 1000, act: [buy(2)] }, // released: passes
      { at: '10:03', price: 1000 },
    ];
    const row = await createProbeDeployment(td.pool, {
      ownerId: td.users.operator.id,
      name: 'probe kill switch',
      symbols: 1,
      product: 'CNC',
      capital: 1_000_000,
      bars,
    });
    const profile = await operator.risk.profiles.create.mutate({ name: 'probe kill', profile: 'aggressive' });
    await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
    let switchId = 0;
    const errors = await runProbe({
      pool: td.pool,
      log: testLogger(),
      risk,
      row,
      bars,
      afterBar: async (k) => {
        if (k === 0) {
          const engaged = await operator.risk.killSwitch.engage.mutate({
            target: { scope: 'deployment', deploymentId: row.id },
            reason: 'probe',
          });
          switchId = (engaged as { killSwitch: { id: number } }).killSwitch.id;
          // This gate hears of it by its watch (NOTIFY, or its 1 s poll), then the runner
          // cancels the working order.
          await until(() => risk.engaged().some((s) => s.id === switchId), 'the gate to hear of the switch');
          await until(async () => {
            const { rows } = await td.pool.query(
              `SELECT 1 FROM orders WHERE deployment_id = $1 AND status = 'cancelled'`,
              [row.id],
            );
            return rows.length > 0;
          }, 'the working order to be cancelled');
        }
        if (k === 1) {
          await operator.risk.killSwitch.release.mutate({ id: switchId, reason: 'probe over' });
          await until(
            () => !risk.engaged().some((s) => s.id === switchId),
            'the gate to hear of the release',
          );
        }
      },
    });
    expect(errors).toEqual([]);
    const orders = await td.pool.query<{ qty: number; status: string; end_source: string | null }>(
      `SELECT qty::int AS qty, status, end_source FROM orders WHERE deployment_id = $1 ORDER BY id`,
      [row.id],
    );
    expect(orders.rows).toEqual([
      { qty: 5, status: 'cancelled', end_source: 'kill_switch' },
      { qty: 2, status: 'filled', end_source: null },
    ]);
    const refused = await td.pool.query<{ qty: number; reason: string }>(
      `SELECT qty::int AS qty, status_reason AS reason FROM signals WHERE deployment_id = $1 AND status = 'rejected'`,
      [row.id],
    );
    expect(refused.rows).toEqual([{ qty: 1, reason: 'kill_switch' }]);
    const listed = rowsOf(
      await operator.risk.violations.query({ deploymentId: row.id, rule: 'kill_switch' }),
    );
    expect(listed).toHaveLength(1);
  });
});

describe('a kill switch engaged with flatten while a paper deployment holds a position', () => {
  it('closes the position with a flatten order the switch lets through, and nothing else', async () => {
    const operator = td.api('operator');
    const bars: ProbeBar[] = [
      { at: '10:00', price: 1000, act: [buy(10)] },
      { at: '10:01', price: 1000 }, // filled: long 10; the switch is engaged with flatten
      { at: '10:02', price: 1010, act: [buy(1)] }, // the flatten fills at 1010; this buy: refused
      { at: '10:03', price: 1010 },
    ];
    const row = await createProbeDeployment(td.pool, {
      ownerId: td.users.operator.id,
      name: 'probe flatten',
      symbols: 1,
      product: 'CNC',
      capital: 1_000_000,
      bars,
    });
    const profile = await operator.risk.profiles.create.mutate({
      name: 'probe flatten',
      profile: 'aggressive',
    });
    await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
    let switchId = 0;
    const errors = await runProbe({
      pool: td.pool,
      log: testLogger(),
      risk,
      row,
      bars,
      afterBar: async (k) => {
        if (k !== 1) return;
        const engaged = await operator.risk.killSwitch.engage.mutate({
          target: { scope: 'account', accountId: row.brokerAccountId },
          flatten: true,
          reason: 'probe flatten',
        });
        switchId = (engaged as { killSwitch: { id: number } }).killSwitch.id;
        await until(async () => {
          const { rows } = await td.pool.query(
            `SELECT 1 FROM orders WHERE deployment_id = $1 AND side = 'sell'`,
            [row.id],
          );
          return rows.length > 0;
        }, 'the flatten order');
      },
    });
    expect(errors).toEqual([]);
    const orders = await td.pool.query<{ side: string; qty: number; status: string; tag: string | null }>(
      `SELECT o.side, o.qty::int AS qty, o.status, s.tag FROM orders o LEFT JOIN signals s ON s.id = o.signal_id
        WHERE o.deployment_id = $1 ORDER BY o.id`,
      [row.id],
    );
    expect(orders.rows).toEqual([
      { side: 'buy', qty: 10, status: 'filled', tag: null },
      { side: 'sell', qty: 10, status: 'filled', tag: 'flatten' },
    ]);
    const position = await td.pool.query<{ net_qty: number }>(
      `SELECT net_qty::int AS net_qty FROM positions WHERE deployment_id = $1`,
      [row.id],
    );
    expect(position.rows).toEqual([{ net_qty: 0 }]);
    const refused = await td.pool.query<{ reason: string }>(
      `SELECT status_reason AS reason FROM signals WHERE deployment_id = $1 AND status = 'rejected'`,
      [row.id],
    );
    expect(refused.rows).toEqual([{ reason: 'kill_switch' }]);
    await operator.risk.killSwitch.release.mutate({ id: switchId, reason: 'probe over' });
  });
});

describe("an operator's halt over the API while a paper deployment runs", () => {
  it('cancels its working orders, flattens when asked, and refuses its next entry', async () => {
    const operator = td.api('operator');
    const bars: ProbeBar[] = [
      { at: '10:00', price: 1000, act: [buy(10)] },
      // long 10; a target works; then the operator halts the deployment with flatten
      { at: '10:01', price: 1000, act: [(c) => void c.sellLimit(4, 1040)] },
      { at: '10:02', price: 1000, act: [buy(1)] }, // the flatten fills; this entry: refused
      { at: '10:03', price: 1000 },
    ];
    const row = await createProbeDeployment(td.pool, {
      ownerId: td.users.operator.id,
      name: 'probe halt',
      symbols: 1,
      product: 'CNC',
      capital: 1_000_000,
      bars,
    });
    const profile = await operator.risk.profiles.create.mutate({ name: 'probe halt', profile: 'aggressive' });
    await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
    const errors = await runProbe({
      pool: td.pool,
      log: testLogger(),
      risk,
      row,
      bars,
      afterBar: async (k) => {
        if (k !== 1) return;
        await operator.risk.setState.mutate({
          scope: 'deployment',
          scopeId: row.id,
          state: 'HALTED',
          reason: 'checking fills',
          flatten: true,
        });
        await until(async () => {
          const { rows } = await td.pool.query(
            `SELECT 1 FROM orders WHERE deployment_id = $1 AND side = 'sell' AND order_type = 'MARKET'`,
            [row.id],
          );
          return rows.length > 0;
        }, 'the flatten order');
      },
    });
    expect(errors).toEqual([]);
    const orders = await td.pool.query<{
      side: string;
      qty: number;
      status: string;
      end_source: string | null;
    }>(`SELECT side, qty::int AS qty, status, end_source FROM orders WHERE deployment_id = $1 ORDER BY id`, [
      row.id,
    ]);
    expect(orders.rows).toEqual([
      { side: 'buy', qty: 10, status: 'filled', end_source: null },
      { side: 'sell', qty: 4, status: 'cancelled', end_source: 'risk' },
      { side: 'sell', qty: 10, status: 'filled', end_source: null },
    ]);
    const refused = await td.pool.query<{ reason: string }>(
      `SELECT status_reason AS reason FROM signals WHERE deployment_id = $1 AND status = 'rejected'`,
      [row.id],
    );
    expect(refused.rows).toEqual([{ reason: 'trading_state' }]);
    await operator.risk.setState.mutate({
      scope: 'deployment',
      scopeId: row.id,
      state: 'ACTIVE',
      reason: 'done',
    });
  });
});

describe('a daemon that missed the kill switch', () => {
  it('still cannot send: the database refuses the order, stored as a kill_switch refusal, and the deployment goes on', async () => {
    const operator = td.api('operator');
    // A gate that hears nothing: no NOTIFY bridge and a poll far longer than the test.
    const deaf = await createLiveRiskGate({
      pool: td.pool,
      bus: createEventBus({ log: testLogger() }),
      log: testLogger(),
      pollMs: 10 * 60_000,
    });
    try {
      const bars: ProbeBar[] = [
        { at: '10:00', price: 1000, act: [buy(1)] },
        { at: '10:01', price: 1000, act: [buy(2)] }, // the switch is engaged: the write is refused
        { at: '10:02', price: 1000, act: [buy(3)] }, // released: passes
        { at: '10:03', price: 1000 },
      ];
      const row = await createProbeDeployment(td.pool, {
        ownerId: td.users.operator.id,
        name: 'probe deaf',
        symbols: 1,
        product: 'CNC',
        capital: 1_000_000,
        bars,
      });
      const profile = await operator.risk.profiles.create.mutate({
        name: 'probe deaf',
        profile: 'aggressive',
      });
      await operator.risk.assign.mutate({ accountId: row.brokerAccountId, profileId: profile.id });
      let switchId = 0;
      const errors = await runProbe({
        pool: td.pool,
        log: testLogger(),
        risk: deaf,
        row,
        bars,
        afterBar: async (k) => {
          if (k === 0) {
            const engaged = await operator.risk.killSwitch.engage.mutate({
              target: { scope: 'deployment', deploymentId: row.id },
              reason: 'unheard',
            });
            switchId = (engaged as { killSwitch: { id: number } }).killSwitch.id;
          }
          if (k === 1) await operator.risk.killSwitch.release.mutate({ id: switchId, reason: 'over' });
        },
      });
      expect(deaf.engaged()).toEqual([]); // it never heard of it
      expect(errors).toEqual([]);
      const orders = await td.pool.query<{ qty: number }>(
        `SELECT qty::int AS qty FROM orders WHERE deployment_id = $1 ORDER BY id`,
        [row.id],
      );
      expect(orders.rows).toEqual([{ qty: 1 }, { qty: 3 }]);
      const venue = await td.pool.query<{ qty: number }>(
        `SELECT qty::int AS qty FROM paper_orders WHERE broker_account_id = $1 ORDER BY id`,
        [row.brokerAccountId],
      );
      expect(venue.rows).toEqual([{ qty: 1 }, { qty: 3 }]);
      const refused = await td.pool.query<{ qty: number; reason: string }>(
        `SELECT qty::int AS qty, status_reason AS reason FROM signals WHERE deployment_id = $1 AND status = 'rejected'`,
        [row.id],
      );
      expect(refused.rows).toEqual([{ qty: 2, reason: 'kill_switch' }]);
    } finally {
      deaf.close();
    }
  });
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rowsOf(listed: unknown): { rule: string; deploymentId: number | null }[] {
  return (Array.isArray(listed) ? listed : (listed as { rows: [] }).rows) as {
    rule: string;
    deploymentId: number | null;
  }[];
}
