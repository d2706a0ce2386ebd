// Every rule at, just under and just over its limit, through the whole gate: each case sets one
// limit (the rest are out of reach) and expects exactly the codes listed — none when it passes.
import { describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import {
  MORNING,
  codesOf,
  makeOrder,
  makeSnapshot,
  profile,
  type SnapshotOptions,
} from '../../../test/fixtures/risk/builders';
import type { LimitKey, LimitValue } from './limits';
import { createRiskGate, type RiskGate } from './risk-gate';
import type { RiskOrder } from './risk-order';
import type { RuleCode } from './rule-catalogue';

interface Case {
  name: string;
  limits?: Partial<Record<LimitKey, LimitValue>>;
  order?: Partial<RiskOrder>;
  snap?: SnapshotOptions;
  /** Orders sent (and allowed) before the one under test, at these times. */
  before?: number[];
  expect: RuleCode[];
}

function run(c: Case): RuleCode[] {
  const gate: RiskGate = createRiskGate();
  const p = profile(c.limits ?? {});
  for (const t of c.before ?? []) {
    const v = gate.check(makeOrder({ qty: 1 }), makeSnapshot({ deploymentProfile: p, now: t }));
    expect(v.allowed, `setup order at ${t}`).toBe(true);
  }
  return codesOf(gate.check(makeOrder(c.order), makeSnapshot({ deploymentProfile: p, ...c.snap })));
}

const long100 = { deployment: { positionQty: 100 }, account: { positionQty: 100 } };
const times = (n: number, start: number, step: number) =>
  Array.from({ length: n }, (_, i) => start + i * step);

const TABLE: Record<string, Case[]> = {
  max_order_qty: [
    { name: 'under', limits: { maxOrderQty: 100 }, order: { qty: 99 }, expect: [] },
    { name: 'at', limits: { maxOrderQty: 100 }, order: { qty: 100 }, expect: [] },
    { name: 'over', limits: { maxOrderQty: 100 }, order: { qty: 101 }, expect: ['max_order_qty'] },
  ],
  max_order_value: [
    { name: 'under', limits: { maxOrderValue: 10_000 }, order: { qty: 99 }, expect: [] },
    { name: 'at', limits: { maxOrderValue: 10_000 }, order: { qty: 100 }, expect: [] },
    { name: 'over', limits: { maxOrderValue: 10_000 }, order: { qty: 101 }, expect: ['max_order_value'] },
    // 100 × 1000.05 is 100004.99999999999 or 100005.00000000001 in floats: compared in paise.
    {
      name: 'at, float noise',
      limits: { maxOrderValue: 100_005 },
      order: { qty: 100 },
      snap: { lastPrice: 1000.05 },
      expect: [],
    },
    {
      name: 'limit above LTP prices it',
      limits: { maxOrderValue: 10_000 },
      order: { qty: 100, orderType: 'LIMIT', limitPrice: 100.05 },
      expect: ['max_order_value'],
    },
    {
      name: 'as a share of capital',
      limits: { maxOrderValue: '1%' },
      order: { qty: 101 },
      snap: { deployment: { capital: 1_000_000 } },
      expect: ['max_order_value'],
    },
  ],
  max_position_value: [
    {
      name: 'under',
      limits: { maxPositionValue: 10_000 },
      order: { qty: 49 },
      snap: { deployment: { positionQty: 50 } },
      expect: [],
    },
    {
      name: 'at',
      limits: { maxPositionValue: 10_000 },
      order: { qty: 50 },
      snap: { deployment: { positionQty: 50 } },
      expect: [],
    },
    {
      name: 'over',
      limits: { maxPositionValue: 10_000 },
      order: { qty: 51 },
      snap: { deployment: { positionQty: 50 } },
      expect: ['max_position_value'],
    },
  ],
  max_gross_exposure: [
    {
      name: 'under',
      limits: { maxGrossExposure: 50_000, maxPositionValue: 50_000 },
      order: { qty: 99 },
      snap: { deployment: { grossExposure: 40_000 } },
      expect: [],
    },
    {
      name: 'at',
      limits: { maxGrossExposure: 50_000, maxPositionValue: 50_000 },
      order: { qty: 100 },
      snap: { deployment: { grossExposure: 40_000 } },
      expect: [],
    },
    {
      name: 'over',
      limits: { maxGrossExposure: 50_000, maxPositionValue: 50_000 },
      order: { qty: 101 },
      snap: { deployment: { grossExposure: 40_000 } },
      expect: ['max_gross_exposure'],
    },
  ],
  max_net_exposure: [
    {
      name: 'under',
      limits: { maxNetExposure: 20_000 },
      order: { qty: 99 },
      snap: { deployment: { netExposure: 10_000 } },
      expect: [],
    },
    {
      name: 'at',
      limits: { maxNetExposure: 20_000 },
      order: { qty: 100 },
      snap: { deployment: { netExposure: 10_000 } },
      expect: [],
    },
    {
      name: 'over',
      limits: { maxNetExposure: 20_000 },
      order: { qty: 101 },
      snap: { deployment: { netExposure: 10_000 } },
      expect: ['max_net_exposure'],
    },
    {
      name: 'short side over',
      limits: { maxNetExposure: 20_000 },
      order: { side: 'sell', qty: 101 },
      snap: { deployment: { netExposure: -10_000 } },
      expect: ['max_net_exposure'],
    },
  ],
  max_open_positions: [
    {
      name: 'under',
      limits: { maxOpenPositions: 3 },
      snap: { deployment: { openPositions: 1 } },
      expect: [],
    },
    { name: 'at', limits: { maxOpenPositions: 3 }, snap: { deployment: { openPositions: 2 } }, expect: [] },
    {
      name: 'over',
      limits: { maxOpenPositions: 3 },
      snap: { deployment: { openPositions: 3 } },
      expect: ['max_open_positions'],
    },
    {
      name: 'adding to a held symbol',
      limits: { maxOpenPositions: 3 },
      snap: { deployment: { openPositions: 3, positionQty: 5 } },
      expect: [],
    },
  ],
  max_concentration: [
    {
      name: 'under',
      limits: { maxConcentrationPercent: 20 },
      order: { qty: 199 },
      snap: { deployment: { capital: 100_000 } },
      expect: [],
    },
    {
      name: 'at',
      limits: { maxConcentrationPercent: 20 },
      order: { qty: 200 },
      snap: { deployment: { capital: 100_000 } },
      expect: [],
    },
    {
      name: 'over',
      limits: { maxConcentrationPercent: 20 },
      order: { qty: 201 },
      snap: { deployment: { capital: 100_000 } },
      expect: ['max_concentration'],
    },
  ],
  orders_per_second: [
    { name: 'under', limits: { maxOrdersPerSecond: 3 }, before: times(1, MORNING - 500, 1), expect: [] },
    { name: 'at', limits: { maxOrdersPerSecond: 3 }, before: times(2, MORNING - 500, 100), expect: [] },
    {
      name: 'over',
      limits: { maxOrdersPerSecond: 3 },
      before: times(3, MORNING - 500, 100),
      expect: ['orders_per_second'],
    },
    {
      name: 'window passed',
      limits: { maxOrdersPerSecond: 3 },
      before: times(3, MORNING - 1000, 100),
      expect: [],
    },
  ],
  orders_per_minute: [
    {
      name: 'under',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5 },
      before: times(3, MORNING - 50_000, 1000),
      expect: [],
    },
    {
      name: 'at',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5 },
      before: times(4, MORNING - 50_000, 1000),
      expect: [],
    },
    {
      name: 'over',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5 },
      before: times(5, MORNING - 50_000, 1000),
      expect: ['orders_per_minute'],
    },
    {
      name: 'window passed',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5 },
      before: times(5, MORNING - 60_000, 1000),
      expect: [],
    },
  ],
  orders_per_day: [
    {
      name: 'under',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5, maxOrdersPerDay: 5 },
      before: times(3, MORNING - 1_800_000, 60_000),
      expect: [],
    },
    {
      name: 'at',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5, maxOrdersPerDay: 5 },
      before: times(4, MORNING - 1_800_000, 60_000),
      expect: [],
    },
    {
      name: 'over',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5, maxOrdersPerDay: 5 },
      before: times(5, MORNING - 1_800_000, 60_000),
      expect: ['orders_per_day'],
    },
    {
      name: 'over, an exit',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5, maxOrdersPerDay: 5 },
      before: times(5, MORNING - 1_800_000, 60_000),
      order: { side: 'sell' },
      snap: long100,
      expect: [],
    },
    {
      name: 'yesterday does not count',
      limits: { maxOrdersPerSecond: 5, maxOrdersPerMinute: 5, maxOrdersPerDay: 5 },
      before: times(5, MORNING - 3 * 86_400_000, 60_000),
      expect: [],
    },
  ],
  broker_rate_limit: [
    { name: 'under', before: times(8, MORNING - 500, 10), expect: [] },
    { name: 'at', before: times(9, MORNING - 500, 10), expect: [] },
    { name: 'over', before: times(10, MORNING - 500, 10), expect: ['broker_rate_limit'] },
    {
      name: 'over, an exit too',
      before: times(10, MORNING - 500, 10),
      order: { side: 'sell' },
      snap: long100,
      expect: ['broker_rate_limit'],
    },
  ],
  daily_loss: [
    {
      name: 'under',
      limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
      snap: { deployment: { dayPnl: -999.99 } },
      expect: [],
    },
    {
      name: 'at',
      limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
      snap: { deployment: { dayPnl: -1000 } },
      expect: ['daily_loss'],
    },
    {
      name: 'over',
      limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
      snap: { deployment: { dayPnl: -1000.01 } },
      expect: ['daily_loss'],
    },
    {
      name: 'reducing passes',
      limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
      order: { side: 'sell' },
      snap: { deployment: { dayPnl: -1500, positionQty: 100 }, account: { positionQty: 100 } },
      expect: [],
    },
    {
      name: 'halted: a strategy exit is stopped',
      limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
      order: { side: 'sell' },
      snap: { deployment: { dayPnl: -2000, positionQty: 100 }, account: { positionQty: 100 } },
      expect: ['trading_state'],
    },
    {
      name: 'halted: a stop-loss leg passes',
      limits: { dailyLossReduce: 1000, dailyLossHalt: 2000 },
      order: { side: 'sell', origin: 'bracket' },
      snap: { deployment: { dayPnl: -2000, positionQty: 100 }, account: { positionQty: 100 } },
      expect: [],
    },
  ],
  drawdown: [
    // The peak is what the gate saw earlier today: see the drawdown test below for the sequence.
    {
      name: 'from zero, under',
      limits: { drawdownReduce: 1000, drawdownHalt: 3000 },
      snap: { deployment: { dayPnl: -999 } },
      expect: [],
    },
    {
      name: 'from zero, at',
      limits: { drawdownReduce: 1000, drawdownHalt: 3000 },
      snap: { deployment: { dayPnl: -1000 } },
      expect: ['drawdown'],
    },
    {
      name: 'from zero, over',
      limits: { drawdownReduce: 1000, drawdownHalt: 3000 },
      snap: { deployment: { dayPnl: -1001 } },
      expect: ['drawdown'],
    },
  ],
  price_collar: [
    {
      name: 'under',
      limits: { priceCollarPercent: 5 },
      order: { orderType: 'LIMIT', limitPrice: 104.95 },
      expect: [],
    },
    {
      name: 'at',
      limits: { priceCollarPercent: 5 },
      order: { orderType: 'LIMIT', limitPrice: 105 },
      expect: [],
    },
    {
      name: 'over',
      limits: { priceCollarPercent: 5 },
      order: { orderType: 'LIMIT', limitPrice: 105.05 },
      expect: ['price_collar'],
    },
    {
      name: 'sell at',
      limits: { priceCollarPercent: 5 },
      order: { side: 'sell', orderType: 'LIMIT', limitPrice: 95 },
      snap: long100,
      expect: [],
    },
    {
      name: 'sell over, an exit too',
      limits: { priceCollarPercent: 5 },
      order: { side: 'sell', orderType: 'LIMIT', limitPrice: 94.95 },
      snap: long100,
      expect: ['price_collar'],
    },
    {
      name: 'stop-limit is collared on its trigger',
      limits: { priceCollarPercent: 5 },
      order: { side: 'sell', orderType: 'STOP_LOSS', triggerPrice: 80, limitPrice: 76 },
      snap: long100,
      expect: [],
    },
    {
      name: 'stop-limit beyond its trigger collar',
      limits: { priceCollarPercent: 5 },
      order: { side: 'sell', orderType: 'STOP_LOSS', triggerPrice: 80, limitPrice: 75.95 },
      snap: long100,
      expect: ['price_collar'],
    },
  ],
  stop_trigger_side: [
    { name: 'buy stop above', order: { orderType: 'STOP_LOSS_MARKET', triggerPrice: 100.05 }, expect: [] },
    {
      name: 'buy stop at LTP',
      order: { orderType: 'STOP_LOSS_MARKET', triggerPrice: 100 },
      expect: ['stop_trigger_side'],
    },
    {
      name: 'buy stop below',
      order: { orderType: 'STOP_LOSS_MARKET', triggerPrice: 99.95 },
      expect: ['stop_trigger_side'],
    },
    {
      name: 'sell stop below',
      order: { side: 'sell', orderType: 'STOP_LOSS_MARKET', triggerPrice: 99.95 },
      snap: long100,
      expect: [],
    },
    {
      name: 'sell stop at LTP',
      order: { side: 'sell', orderType: 'STOP_LOSS_MARKET', triggerPrice: 100 },
      snap: long100,
      expect: ['stop_trigger_side'],
    },
    {
      name: 'sell stop-limit limit at trigger',
      order: { side: 'sell', orderType: 'STOP_LOSS', triggerPrice: 99, limitPrice: 99 },
      snap: long100,
      expect: [],
    },
    {
      name: 'sell stop-limit limit above trigger',
      order: { side: 'sell', orderType: 'STOP_LOSS', triggerPrice: 99, limitPrice: 99.05 },
      snap: long100,
      expect: ['stop_trigger_side'],
    },
  ],
  tick_size: [
    { name: 'on tick', order: { orderType: 'LIMIT', limitPrice: 100.05 }, expect: [] },
    {
      name: 'on tick, float noise',
      order: { orderType: 'LIMIT', limitPrice: 123.45 },
      snap: { lastPrice: 123.45 },
      expect: [],
    },
    { name: 'off tick', order: { orderType: 'LIMIT', limitPrice: 100.03 }, expect: ['tick_size'] },
    {
      name: 'trigger off tick',
      order: { orderType: 'STOP_LOSS_MARKET', triggerPrice: 101.01 },
      expect: ['tick_size'],
    },
    {
      name: 'a 0.01 tick',
      order: { orderType: 'LIMIT', limitPrice: 100.01 },
      snap: { tickSize: 0.01 },
      expect: [],
    },
  ],
  lot_size: [
    { name: 'one lot', order: { qty: 50 }, snap: { lotSize: 50 }, expect: [] },
    { name: 'two lots', order: { qty: 100 }, snap: { lotSize: 50 }, expect: [] },
    { name: 'a lot and a half', order: { qty: 75 }, snap: { lotSize: 50 }, expect: ['lot_size'] },
  ],
  freeze_qty: [
    { name: 'under', order: { qty: 1799 }, snap: { freezeQty: 1800 }, expect: [] },
    { name: 'at', order: { qty: 1800 }, snap: { freezeQty: 1800 }, expect: [] },
    { name: 'over', order: { qty: 1801 }, snap: { freezeQty: 1800 }, expect: ['freeze_qty'] },
  ],
  circuit_limit: [
    {
      name: 'under upper',
      order: { orderType: 'LIMIT', limitPrice: 109.95 },
      snap: { upperCircuit: 110, lowerCircuit: 90 },
      expect: [],
    },
    {
      name: 'at upper',
      order: { orderType: 'LIMIT', limitPrice: 110 },
      snap: { upperCircuit: 110, lowerCircuit: 90 },
      expect: [],
    },
    {
      name: 'over upper',
      order: { orderType: 'LIMIT', limitPrice: 110.05 },
      snap: { upperCircuit: 110, lowerCircuit: 90 },
      expect: ['circuit_limit'],
    },
    {
      name: 'under lower',
      order: { side: 'sell', orderType: 'LIMIT', limitPrice: 89.95 },
      snap: { ...long100, upperCircuit: 110, lowerCircuit: 90 },
      expect: ['circuit_limit'],
    },
    { name: 'unknown band', order: { orderType: 'LIMIT', limitPrice: 150 }, expect: [] },
  ],
  stale_price: [
    { name: 'under', limits: { maxTickAgeSeconds: 10 }, snap: { tickAgeMs: 9_999 }, expect: [] },
    { name: 'at', limits: { maxTickAgeSeconds: 10 }, snap: { tickAgeMs: 10_000 }, expect: [] },
    { name: 'over', limits: { maxTickAgeSeconds: 10 }, snap: { tickAgeMs: 10_001 }, expect: ['stale_price'] },
    {
      name: 'over, an exit passes',
      limits: { maxTickAgeSeconds: 10 },
      order: { side: 'sell' },
      snap: { ...long100, tickAgeMs: 60_000 },
      expect: [],
    },
    {
      name: 'tick time unknown',
      limits: { maxTickAgeSeconds: 10 },
      snap: { tickAgeMs: NaN },
      expect: ['stale_price', 'stale_price'],
    },
  ],
  market_closed: [
    {
      name: 'a second before the open',
      snap: { now: istTime('2025-01-06', 9, 14, 59) },
      expect: ['market_closed'],
    },
    { name: 'at the open', snap: { now: istTime('2025-01-06', 9, 15) }, expect: [] },
    {
      name: 'a second before the close',
      order: { product: 'CNC' },
      snap: { now: istTime('2025-01-06', 15, 29, 59) },
      expect: [],
    },
    { name: 'at the close', snap: { now: istTime('2025-01-06', 15, 30) }, expect: ['market_closed'] },
    { name: 'a holiday (Holi)', snap: { now: istTime('2025-03-14', 10, 0) }, expect: ['market_closed'] },
    { name: 'a Saturday', snap: { now: istTime('2025-01-11', 10, 0) }, expect: ['market_closed'] },
    { name: 'Budget Saturday session', snap: { now: istTime('2025-02-01', 10, 0) }, expect: [] },
    {
      name: 'a year the calendar does not cover (fail closed)',
      snap: { now: istTime('2031-01-06', 10, 0) },
      expect: ['market_closed'],
    },
  ],
  after_square_off: [
    {
      name: 'a second before',
      limits: { squareOffTime: '15:15' },
      snap: { now: istTime('2025-01-06', 15, 14, 59) },
      expect: [],
    },
    {
      name: 'at',
      limits: { squareOffTime: '15:15' },
      snap: { now: istTime('2025-01-06', 15, 15) },
      expect: ['after_square_off'],
    },
    {
      name: 'after',
      limits: { squareOffTime: '15:15' },
      snap: { now: istTime('2025-01-06', 15, 20) },
      expect: ['after_square_off'],
    },
    {
      name: 'delivery is not intraday',
      limits: { squareOffTime: '15:15' },
      order: { product: 'CNC' },
      snap: { now: istTime('2025-01-06', 15, 20) },
      expect: [],
    },
    {
      name: 'an intraday exit',
      limits: { squareOffTime: '15:15' },
      order: { side: 'sell' },
      snap: { ...long100, now: istTime('2025-01-06', 15, 20) },
      expect: [],
    },
  ],
  cnc_short_sell: [
    {
      name: 'under',
      order: { side: 'sell', product: 'CNC', qty: 99 },
      snap: { account: { cncSellableQty: 100, positionQty: 100 }, deployment: { positionQty: 100 } },
      expect: [],
    },
    {
      name: 'at',
      order: { side: 'sell', product: 'CNC', qty: 100 },
      snap: { account: { cncSellableQty: 100, positionQty: 100 }, deployment: { positionQty: 100 } },
      expect: [],
    },
    {
      name: 'over',
      order: { side: 'sell', product: 'CNC', qty: 101 },
      snap: { account: { cncSellableQty: 100, positionQty: 100 }, deployment: { positionQty: 100 } },
      expect: ['cnc_short_sell'],
    },
    {
      name: 'holdings unknown',
      order: { side: 'sell', product: 'CNC', qty: 1 },
      snap: { account: { cncSellableQty: NaN } },
      expect: ['cnc_short_sell'],
    },
    { name: 'intraday short is allowed', order: { side: 'sell', product: 'INTRADAY', qty: 10 }, expect: [] },
  ],
  missing_inputs: [
    { name: 'no last price', snap: { lastPrice: NaN }, expect: ['missing_last_price'] },
    {
      name: 'no funds figure for a % limit',
      limits: { maxOrderValue: '5%' },
      snap: { deployment: { capital: NaN } },
      expect: ['missing_funds'],
    },
    {
      name: 'no funds figure, rupee limits',
      limits: { maxConcentrationPercent: 100 },
      snap: { deployment: { capital: NaN } },
      expect: ['missing_funds'],
    },
    { name: "no day's P&L", snap: { deployment: { dayPnl: NaN } }, expect: ['missing_pnl'] },
    {
      name: "no day's P&L, an exit passes",
      order: { side: 'sell' },
      snap: { ...long100, deployment: { dayPnl: NaN, positionQty: 100 } },
      expect: [],
    },
  ],
  invalid_order: [
    { name: 'zero quantity', order: { qty: 0 }, expect: ['invalid_order'] },
    { name: 'fractional quantity', order: { qty: 1.5 }, expect: ['invalid_order'] },
    { name: 'limit without a price', order: { orderType: 'LIMIT' }, expect: ['invalid_order'] },
    { name: 'stop without a trigger', order: { orderType: 'STOP_LOSS_MARKET' }, expect: ['invalid_order'] },
  ],
};

describe('every rule at, under and over its limit', () => {
  for (const [rule, cases] of Object.entries(TABLE)) {
    describe(rule, () => {
      it.each(cases)('$name → $expect', (c) => {
        expect(run(c)).toEqual(c.expect);
      });
    });
  }
});

describe('limits of the account apply as well as the deployment’s', () => {
  it('an account limit denies even when the deployment profile allows', () => {
    const gate = createRiskGate();
    const v = gate.check(
      makeOrder({ qty: 101 }),
      makeSnapshot({ accountProfile: profile({ maxOrderQty: 100 }) }),
    );
    expect(codesOf(v)).toEqual(['max_order_qty']);
    expect(v.violations[0]).toMatchObject({ scope: 'account', scopeId: 3, limit: 100, value: 101 });
  });

  it('a manual order (no deployment) is checked against the account alone', () => {
    const gate = createRiskGate();
    const v = gate.check(
      makeOrder({ deploymentId: null, origin: 'operator' }),
      makeSnapshot({ deploymentProfile: null }),
    );
    expect(v.allowed).toBe(true);
    expect(v.profiles.deployment).toBeNull();
  });

  it('collects every violated limit in one denial, each naming limit, value and threshold', () => {
    const gate = createRiskGate();
    const p = profile({ maxOrderQty: 10, maxOrderValue: 1000 });
    const v = gate.check(makeOrder({ qty: 50 }), makeSnapshot({ deploymentProfile: p }));
    expect(codesOf(v)).toEqual(['max_order_qty', 'max_order_value']);
    expect(v.violations.map((x) => x.message)).toEqual([
      'max_order_qty: quantity 50 is above maxOrderQty 10 (deployment 7, profile test v1)',
      'max_order_value: order value ₹5,000 (50 × 100) is above maxOrderValue ₹1,000 (deployment 7, profile test v1)',
    ]);
    expect(v.profiles.deployment).toEqual({ profileId: 1, version: 1, name: 'test' });
  });
});
