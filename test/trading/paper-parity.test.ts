// The paper venue against the backtester's SimBroker on the same bars and orders (a property
// test): the replay-parity promise rests on the venue matching stored bars with exactly the
// backtester's rules — acceptance and funds, fill prices of every order type, slippage, costs and
// the intraday cut-off — so a paper deployment replaying bars trades like its backtest.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerOrderType } from '../../daemon/src/core/order-lifecycle';
import type { Order, OrderRequest, OrderType } from '../../daemon/src/core/order';
import { equityInstrument } from '../../daemon/src/core/instrument';
import { roundToTick } from '../../daemon/src/core/money';
import { istTime } from '../../daemon/src/core/time';
import { indiaCosts } from '../../daemon/src/costs';
import { newOrder } from '../../daemon/src/engine/order-factory';
import { Portfolio } from '../../daemon/src/engine/portfolio';
import type { BrokerListener } from '../../daemon/src/engine/broker-port';
import { SimBroker } from '../../daemon/src/engine/sim-broker';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openPaperVenue, refOf, testClock } from './support/paper';
import { createBrokerAccount, createInstrument, createUser } from './support/trading-fixtures';

let db: TestDatabase;
let ownerId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await createUser(db.pool);
});
afterAll(() => db?.drop());

const BROKER_TYPE: Record<Exclude<OrderType, 'trailing-stop'>, BrokerOrderType> = {
  market: 'MARKET',
  limit: 'LIMIT',
  stop: 'STOP_LOSS_MARKET',
  'stop-limit': 'STOP_LOSS',
};

interface Plan {
  afterBar: number;
  side: 'buy' | 'sell';
  qty: number;
  type: Exclude<OrderType, 'trailing-stop'>;
  /** Offsets from the creating bar's close, in percent. */
  limitOffset: number;
  stopOffset: number;
}

const planArb = (bars: number) =>
  fc.record({
    afterBar: fc.integer({ min: 0, max: bars - 2 }),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    qty: fc.integer({ min: 1, max: 60 }),
    type: fc.constantFrom('market' as const, 'limit' as const, 'stop' as const, 'stop-limit' as const),
    limitOffset: fc.double({ min: -3, max: 3, noNaN: true }),
    stopOffset: fc.double({ min: -3, max: 3, noNaN: true }),
  });

function randomBars(seedSteps: number[][], start: number) {
  let close = 500;
  return seedSteps.map((step, i) => {
    const open = roundToTick(close * (1 + step[0]! / 100), 0.05);
    close = roundToTick(open * (1 + step[1]! / 100), 0.05);
    const high = roundToTick(Math.max(open, close) * (1 + Math.abs(step[2]!) / 100), 0.05);
    const low = roundToTick(Math.min(open, close) * (1 - Math.abs(step[3]!) / 100), 0.05);
    return { time: start + i * 60_000, open, high, low, close, volume: 1000 };
  });
}

type Outcome = { fill?: { price: number; time: number; costs: number }; status: string; reason?: string };

describe('paper venue and SimBroker on the same bars', () => {
  it('fill, reject or keep working every order alike, and end with the same cash', async () => {
    const BARS = 36;
    const stepArb = fc.array(fc.double({ min: -1.2, max: 1.2, noNaN: true }), { minLength: 4, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: BARS, maxLength: BARS }),
        fc.array(planArb(BARS), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('CNC' as const, 'INTRADAY' as const),
        fc.constantFrom('none', 'ticks:1'),
        fc.constantFrom(20_000, 200_000),
        fc.boolean(),
        async (steps, plans, product, slippage, capital, late) => {
          // Late sessions cross 15:20 (no new intraday exposure) and end before the 15:30 close.
          const start = late ? istTime('2025-01-06', 14, 53) : istTime('2025-01-06', 9, 15);
          const bars = randomBars(steps, start);
          const outcomes = await Promise.all([
            simBroker(bars, plans, product, slippage, capital),
            venue(bars, plans, product, slippage, capital),
          ]);
          expect(outcomes[1].orders).toEqual(outcomes[0].orders);
          expect(outcomes[1].cash).toBe(outcomes[0].cash);
        },
      ),
      { numRuns: 20 },
    );
  }, 180_000);
});

const instrument = equityInstrument('PARITY');

function engineOrders(
  bars: { time: number; close: number }[],
  plans: Plan[],
): { plan: Plan; order: Order }[] {
  return plans
    .map((plan, k) => {
      const bar = bars[plan.afterBar]!;
      const request: OrderRequest = {
        side: plan.side,
        qty: plan.qty,
        type: plan.type,
        limitPrice: bar.close * (1 + plan.limitOffset / 100),
        stopPrice: bar.close * (1 + plan.stopOffset / 100),
      };
      const origin = {
        id: k + 1,
        clientOrderId: `par-${k + 1}`,
        createdBy: 'strategy' as const,
        symbolIndex: 0,
        instrument,
        time: bar.time,
        price: bar.close,
        bracket: undefined,
        parentId: undefined,
      };
      return { plan, order: newOrder(origin, request) };
    })
    .sort((a, b) => a.plan.afterBar - b.plan.afterBar || a.order.id - b.order.id);
}

async function simBroker(
  bars: ReturnType<typeof randomBars>,
  plans: Plan[],
  product: 'CNC' | 'INTRADAY',
  slippage: string,
  capital: number,
) {
  const portfolio = new Portfolio(capital, [instrument.symbol]);
  const outcomes = new Map<number, Outcome>();
  let step = 0;
  const listener: BrokerListener = {
    onFill(order, fill) {
      portfolio.applyFill(0, fill, step);
      outcomes.set(order.id, {
        status: order.status,
        fill: { price: fill.price, time: fill.time, costs: fill.costs.total },
      });
    },
    onOrderClosed(order) {
      outcomes.set(order.id, { status: order.status, reason: order.reason });
    },
  };
  const broker = new SimBroker(
    {
      instruments: [instrument],
      costs: indiaCosts(product === 'CNC' ? 'delivery' : 'intraday'),
      slippage: slippage === 'none' ? { kind: 'none' } : { kind: 'ticks', ticks: 1 },
      product: product === 'CNC' ? 'delivery' : 'intraday',
    },
    { portfolio, listener, restoredOrders: [] },
  );
  const orders = engineOrders(bars, plans);
  for (const [b, bar] of bars.entries()) {
    broker.onBar(0, bar);
    portfolio.positions[0]!.lastPrice = bar.close;
    step++;
    for (const { plan, order } of orders) if (plan.afterBar === b) broker.submit(order);
  }
  return {
    orders: orders.map(({ order }) => outcomes.get(order.id) ?? { status: 'open' }),
    cash: portfolio.cash,
  };
}

async function venue(
  bars: ReturnType<typeof randomBars>,
  plans: Plan[],
  product: 'CNC' | 'INTRADAY',
  slippage: string,
  capital: number,
) {
  const accountId = await createBrokerAccount(db.pool, ownerId);
  const i = await createInstrument(db.pool, { tickSize: 0.05 });
  const clock = testClock(bars[0]!.time);
  const v = await openPaperVenue(
    db.pool,
    accountId,
    { startingCapital: capital, costModel: 'india', slippage, intradayMargin: 1 },
    { clock },
  );
  const orders = engineOrders(bars, plans);
  const ids = new Map<number, string>();
  for (const [b, bar] of bars.entries()) {
    clock.now = bar.time + 60_000; // the bar has ended when the runner hands it over
    await v.onBar(refOf(i), bar);
    for (const { plan, order } of orders) {
      if (plan.afterBar !== b) continue;
      const clientOrderId = `par-${accountId}-${order.id}`;
      ids.set(order.id, clientOrderId);
      const type = BROKER_TYPE[plan.type];
      await v.place({
        clientOrderId,
        instrument: refOf(i),
        side: order.side,
        qty: order.qty,
        orderType: type,
        product,
        validity: 'DAY',
        ...(type === 'LIMIT' || type === 'STOP_LOSS' ? { limitPrice: order.limitPrice } : {}),
        ...(type === 'STOP_LOSS' || type === 'STOP_LOSS_MARKET' ? { triggerPrice: order.stopPrice } : {}),
      });
    }
  }
  const book = new Map((await v.orders()).map((o) => [o.clientOrderId, o]));
  const trades = new Map((await v.trades()).map((t) => [t.clientOrderId, t]));
  const { rows } = await db.pool.query(
    `SELECT o.client_order_id, t.charges::float8 AS charges FROM paper_trades t JOIN paper_orders o ON o.id = t.order_id
      WHERE t.broker_account_id = $1`,
    [accountId],
  );
  const charges = new Map(rows.map((r) => [r.client_order_id, r.charges]));
  const cash = Number(
    (await db.pool.query('SELECT cash::text FROM paper_accounts WHERE broker_account_id = $1', [accountId]))
      .rows[0].cash,
  );
  return {
    orders: orders.map(({ order }): Outcome => {
      const id = ids.get(order.id)!;
      const o = book.get(id)!;
      const t = trades.get(id);
      if (t) return { status: 'filled', fill: { price: t.price, time: t.time, costs: charges.get(id) } };
      if (o.status === 'open') return { status: 'open' };
      return { status: o.status, reason: o.reason };
    }),
    cash,
  };
}
