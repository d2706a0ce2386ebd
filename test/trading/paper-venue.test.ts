// The paper venue on a real PostgreSQL: every order type and validity on live ticks and on
// replayed bars, exchange rules, funds, DAY expiry, idempotent placement, cancel and modify,
// partial fills, and a restart with open orders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError, type BrokerOrderUpdate } from '../../daemon/src/broker/broker-link';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { istTime } from '../../daemon/src/core/time';
import { indiaCosts } from '../../daemon/src/costs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { bar, openPaperVenue, refOf, testClock } from './support/paper';
import {
  createBrokerAccount,
  createInstrument,
  createUser,
  type TestInstrument,
} from './support/trading-fixtures';

let db: TestDatabase;
let ownerId: number;
const DAY = '2025-01-06';
const at = (h: number, m: number, s = 0) => istTime(DAY, h, m, s);

beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await createUser(db.pool);
});
afterAll(() => db?.drop());

async function setup(
  capital = 1_000_000,
  extra: Partial<Parameters<typeof openPaperVenue>[2]> = {},
  options: Parameters<typeof openPaperVenue>[3] = {},
) {
  const accountId = await createBrokerAccount(db.pool, ownerId);
  const instrument = await createInstrument(db.pool);
  const clock = testClock(at(10, 0));
  const venue = await openPaperVenue(
    db.pool,
    accountId,
    { costModel: 'none', ...extra, startingCapital: capital },
    { clock, ...options },
  );
  const updates: BrokerOrderUpdate[] = [];
  venue.subscribe((u) => {
    updates.push(u);
  });
  return { accountId, instrument, clock, venue, updates };
}

let ids = 0;
const order = (i: TestInstrument, over: Partial<Parameters<PaperVenue['place']>[0]> = {}) => ({
  clientOrderId: `pv-${process.pid}-${++ids}`,
  instrument: refOf(i),
  side: 'buy' as const,
  qty: 10,
  orderType: 'MARKET' as const,
  product: 'CNC' as const,
  validity: 'DAY' as const,
  ...over,
});

const tick = (i: TestInstrument, time: number, price: number, qty = 100) => ({
  instrument: { symbol: i.symbol, segment: i.segment, securityId: i.securityId ?? '' },
  lastPrice: price,
  lastQty: qty,
  exchangeTime: time,
  receivedAt: time,
  volume: 0,
});

const fills = (updates: BrokerOrderUpdate[]) =>
  updates
    .filter((u) => u.kind === 'fill')
    .map((u) =>
      u.kind === 'fill' ? { id: u.order.clientOrderId, qty: u.trade.qty, price: u.trade.price } : undefined,
    );

describe('the paper venue on live ticks', () => {
  it('fills MARKET at the next tick plus slippage, LIMIT at its limit or better, stops on the last price', async () => {
    const { instrument: i, venue, updates } = await setup(1_000_000, { slippage: 'ticks:2' });
    const market = await venue.place(order(i));
    expect(market.status).toBe('open');
    const limit = order(i, { orderType: 'LIMIT', limitPrice: 99 });
    await venue.place(limit);
    await venue.onTick(tick(i, at(10, 0, 1), 100));
    await venue.onTick(tick(i, at(10, 0, 2), 99.5));
    await venue.onTick(tick(i, at(10, 0, 3), 98.9));
    const slm = order(i, { side: 'sell', orderType: 'STOP_LOSS_MARKET', triggerPrice: 95, qty: 5 });
    await venue.place(slm);
    await venue.onTick(tick(i, at(10, 0, 4), 96));
    await venue.onTick(tick(i, at(10, 0, 5), 94.5));
    expect(fills(updates)).toEqual([
      { id: expect.any(String), qty: 10, price: 100.1 }, // 100 + 2 ticks of 0.05, not clamped to the tick
      { id: limit.clientOrderId, qty: 10, price: 98.9 },
      { id: slm.clientOrderId, qty: 5, price: 94.4 }, // 94.5 − 2 ticks
    ]);
    const book = await venue.orders();
    expect(book.map((o) => o.status)).toEqual(['filled', 'filled', 'filled']);
    expect(book[0]!.venueStatus).toBe('TRADED');
  });

  it('triggers a STOP_LOSS (stop-limit) on the last price and fills it only within its limit', async () => {
    const { instrument: i, venue, updates } = await setup();
    const sl = order(i, { orderType: 'STOP_LOSS', triggerPrice: 105, limitPrice: 106 });
    await venue.place(sl);
    await venue.onTick(tick(i, at(10, 0, 1), 104));
    await venue.onTick(tick(i, at(10, 0, 2), 107)); // triggered, but above the limit
    expect(fills(updates)).toEqual([]);
    await venue.onTick(tick(i, at(10, 0, 3), 105.8));
    expect(fills(updates)).toEqual([{ id: sl.clientOrderId, qty: 10, price: 105.8 }]);
  });

  it('cancels what an IOC order did not fill on its first tick', async () => {
    const { instrument: i, venue, updates } = await setup();
    const ioc = order(i, { orderType: 'LIMIT', limitPrice: 90, validity: 'IOC' });
    await venue.place(ioc);
    await venue.onTick(tick(i, at(10, 0, 1), 100));
    const last = updates.at(-1)!;
    expect(last.order.status).toBe('cancelled');
    expect(last.order.reason).toBe('ioc_unfilled');
    await venue.onTick(tick(i, at(10, 0, 2), 80));
    expect(fills(updates)).toEqual([]);
  });

  it('fills partially with tick liquidity, charging the fills exactly what the whole order costs', async () => {
    const {
      instrument: i,
      venue,
      updates,
    } = await setup(1_000_000, { costModel: 'india' }, { tickLiquidity: true });
    const o = order(i, { qty: 100, product: 'INTRADAY' });
    await venue.place(o);
    for (const [k, qty] of [30, 30, 30, 30].entries()) await venue.onTick(tick(i, at(10, 1, k), 250.05, qty));
    expect(fills(updates).map((f) => f!.qty)).toEqual([30, 30, 30, 10]);
    expect(updates.filter((u) => u.kind === 'fill').map((u) => u.order.status)).toEqual([
      'partially_filled',
      'partially_filled',
      'partially_filled',
      'filled',
    ]);
    const charges = (
      await db.pool.query<{ sum: string }>(
        `SELECT sum(charges)::text AS sum FROM paper_trades t JOIN paper_orders o ON o.id = t.order_id WHERE o.client_order_id = $1`,
        [o.clientOrderId],
      )
    ).rows[0]!.sum;
    const whole = indiaCosts('intraday').charges({
      side: 'buy',
      qty: 100,
      price: 250.05,
      instrument: {
        symbol: i.symbol,
        exchange: 'NSE',
        segment: 'NSE_EQ',
        kind: 'equity',
        tickSize: 0.05,
        lotSize: 1,
      },
      time: at(10, 1),
    });
    expect(Number(charges)).toBeCloseTo(whole.total, 9);
    const funds = await venue.funds();
    expect(funds.cash).toBe(Math.round((1_000_000 - 100 * 250.05 - whole.total) * 100) / 100);
  });
});

describe('the paper venue on replayed bars', () => {
  it("fills with the backtester's bar rules: MARKET at the open, LIMIT at its price inside the bar or at a gap open", async () => {
    const { instrument: i, venue, updates } = await setup();
    const ref = refOf(i);
    await venue.onBar(ref, bar(at(9, 15), 100, 101, 99, 100.5));
    const market = order(i);
    const limitIn = order(i, { orderType: 'LIMIT', limitPrice: 99.5 });
    const limitGap = order(i, { side: 'sell', orderType: 'LIMIT', limitPrice: 100.2, qty: 5 });
    for (const o of [market, limitIn, limitGap]) await venue.place(o);
    await venue.onBar(ref, bar(at(9, 16), 101, 102, 99, 100));
    expect(fills(updates)).toEqual([
      { id: market.clientOrderId, qty: 10, price: 101 },
      { id: limitIn.clientOrderId, qty: 10, price: 99.5 },
      { id: limitGap.clientOrderId, qty: 5, price: 101 },
    ]);
    const trades = await venue.trades();
    expect(trades.map((t) => t.time)).toEqual([at(9, 16), at(9, 16), at(9, 16)]);
    // Each report names the trade the venue stored for its order (three in one step's writes).
    const reported = updates.flatMap((u) =>
      u.kind === 'fill' ? [`${u.trade.tradeId}:${u.trade.brokerOrderId}:${u.trade.qty}`] : [],
    );
    expect(reported).toHaveLength(3);
    expect(new Set(reported)).toEqual(new Set(trades.map((t) => `${t.tradeId}:${t.brokerOrderId}:${t.qty}`)));
    // And a step of a single execution (its trade written with the step's other changes).
    const single = order(i, { qty: 3 });
    await venue.place(single);
    await venue.onBar(ref, bar(at(9, 17), 100, 100.5, 99.5, 100));
    const last = updates.at(-1)!;
    if (last.kind !== 'fill') throw new Error('expected a fill');
    const stored = (await venue.trades()).find((t) => t.tradeId === last.trade.tradeId);
    expect(stored).toMatchObject({ brokerOrderId: last.order.brokerOrderId, qty: 3, price: 100 });
    expect(last.order).toMatchObject({ status: 'filled', filledQty: 3 });
  });
});

describe('exchange rules and funds', () => {
  it('rejects lot, tick and freeze breaches as orders, and refuses malformed requests outright', async () => {
    const { accountId, venue } = await setup();
    const fut = await createInstrument(db.pool, {
      segment: 'NSE_FNO',
      kind: 'future',
      lotSize: 50,
      tickSize: 0.1,
      freezeQty: 1800,
    });
    expect((await venue.place(order(fut, { qty: 30, product: 'MARGIN' }))).reason).toBe('invalid_quantity');
    expect(
      (await venue.place(order(fut, { qty: 50, product: 'MARGIN', orderType: 'LIMIT', limitPrice: 100.05 })))
        .reason,
    ).toBe('invalid_price');
    expect((await venue.place(order(fut, { qty: 1850, product: 'MARGIN' }))).reason).toBe('freeze_quantity');
    expect((await venue.place(order(fut, { qty: 50, product: 'CNC' }))).reason).toBe('product_not_allowed');
    await expect(venue.place(order(fut, { clientOrderId: 'has space' }))).rejects.toThrow(BrokerError);
    await expect(venue.place(order(fut, { orderType: 'LIMIT', product: 'MARGIN', qty: 50 }))).rejects.toThrow(
      /limitPrice: required/,
    );
    await expect(venue.place(order({ ...fut, symbol: 'NOPE', securityId: '1' }))).rejects.toThrow(
      /not listed/,
    );
    const { rows } = await db.pool.query('SELECT status FROM paper_orders WHERE broker_account_id = $1', [
      accountId,
    ]);
    expect(rows.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('rejects a buy the cash cannot pay for and a CNC sell without holdings; INTRADAY needs only its margin', async () => {
    const { instrument: i, venue, updates } = await setup(10_000);
    const tooBig = order(i, { qty: 100 });
    const naked = order(i, { side: 'sell', qty: 1 });
    const intraday = order(i, { qty: 200, product: 'INTRADAY' });
    for (const o of [tooBig, naked, intraday]) await venue.place(o);
    await venue.onTick(tick(i, at(10, 0, 1), 200));
    const byId = new Map(updates.map((u) => [u.order.clientOrderId, u]));
    expect(byId.get(tooBig.clientOrderId)!.order.reason).toBe('insufficient_cash');
    expect(byId.get(naked.clientOrderId)!.order.reason).toBe('short_not_allowed');
    expect(byId.get(intraday.clientOrderId)!.kind).toBe('fill'); // 40,000 of stock on 8,000 of margin
    const funds = await venue.funds();
    expect(funds.utilised).toBe(8_000);
    expect(funds.available).toBe(2_000);
  });
});

describe('margin per instrument', () => {
  it("blocks a MARGIN position at its instrument's rate, and its full value when no rate is listed", async () => {
    const fut = await createInstrument(db.pool, { segment: 'NSE_FNO', kind: 'future', lotSize: 50 });
    const unlisted = await createInstrument(db.pool, { segment: 'NSE_FNO', kind: 'future', lotSize: 50 });
    const { venue, updates } = await setup(100_000, { marginRates: { [`NSE:${fut.symbol}`]: 0.12 } });
    const listed = order(fut, { qty: 100, product: 'MARGIN' });
    const full = order(unlisted, { qty: 150, product: 'MARGIN' });
    await venue.place(listed);
    await venue.place(full);
    await venue.onTick(tick(fut, at(10, 0, 1), 1000));
    await venue.onTick(tick(unlisted, at(10, 0, 2), 1000));
    const byId = new Map(updates.map((u) => [u.order.clientOrderId, u]));
    expect(byId.get(listed.clientOrderId)!.kind).toBe('fill'); // ₹1,00,000 of futures on ₹12,000 of margin
    expect(byId.get(full.clientOrderId)!.order.reason).toBe('insufficient_cash');
    expect((await venue.funds()).utilised).toBe(12_000);
  });
});

describe('order life at the venue', () => {
  it('returns the existing order for a repeated client order id, never a second one', async () => {
    const { accountId, instrument: i, venue } = await setup();
    const o = order(i, { orderType: 'LIMIT', limitPrice: 50 });
    const [a, b] = await Promise.all([venue.place(o), venue.place(o)]);
    const c = await venue.place(o);
    expect(new Set([a.brokerOrderId, b.brokerOrderId, c.brokerOrderId]).size).toBe(1);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM paper_orders WHERE broker_account_id = $1',
      [accountId],
    );
    expect(rows[0].n).toBe(1);
    expect((await venue.findOrder(o.clientOrderId)).found).toBe(true);
    expect(await venue.findOrder('never-placed')).toEqual({ found: false });
  });

  it("expires DAY orders at the session close, and keeps a restart's open orders working", async () => {
    const { accountId, instrument: i, venue, updates, clock } = await setup();
    const day = order(i, { orderType: 'LIMIT', limitPrice: 90 });
    await venue.place(day);
    await venue.onClock(at(15, 29));
    expect(updates).toEqual([]);
    await venue.onClock(at(15, 30));
    expect(updates.at(-1)!.order.status).toBe('expired');
    expect(updates.at(-1)!.order.reason).toBe('session_end');

    // Placed after the close: it belongs to the next session, survives a restart and fills there.
    clock.now = at(16, 0);
    const next = order(i, { orderType: 'LIMIT', limitPrice: 90 });
    await venue.place(next);
    const reopened = await PaperVenue.open({
      pool: db.pool,
      brokerAccountId: accountId,
      log: testLogger(),
      clock,
    });
    expect(reopened.workingCount()).toBe(1);
    const seen: BrokerOrderUpdate[] = [];
    reopened.subscribe((u) => void seen.push(u));
    await reopened.onTick(tick(i, istTime('2025-01-07', 9, 15, 1), 89.5));
    expect(fills(seen)).toEqual([{ id: next.clientOrderId, qty: 10, price: 89.5 }]);
  });

  it('cancels an open order, refuses to cancel a filled one, and modifies a working one', async () => {
    const { instrument: i, venue, updates } = await setup();
    const a = await venue.place(order(i, { orderType: 'LIMIT', limitPrice: 90 }));
    await venue.cancel(a.brokerOrderId);
    expect(updates.at(-1)!.order.status).toBe('cancelled');
    await expect(venue.cancel(a.brokerOrderId)).rejects.toThrow(/already cancelled/);
    const b = await venue.place(order(i, { orderType: 'LIMIT', limitPrice: 90 }));
    await venue.modify(b.brokerOrderId, { limitPrice: 99 });
    await expect(venue.modify(b.brokerOrderId, { limitPrice: 99.03 })).rejects.toThrow(/invalid_price/);
    await venue.onTick(tick(i, at(10, 0, 1), 98.5));
    expect(fills(updates)).toEqual([{ id: expect.any(String), qty: 10, price: 98.5 }]);
    await expect(venue.cancel(b.brokerOrderId)).rejects.toThrow(/already filled/);
  });

  it('answers place() after its acknowledgement latency, holding the order meanwhile', async () => {
    const seenDuringLatency: boolean[] = [];
    const o: { id: string; venue?: PaperVenue } = { id: '' };
    const { instrument: i, venue } = await setup(
      1_000_000,
      {},
      {
        ackLatencyMs: 250,
        sleep: async (ms) => {
          expect(ms).toBe(250);
          seenDuringLatency.push((await o.venue!.findOrder(o.id)).found);
        },
      },
    );
    o.venue = venue;
    const request = order(i);
    o.id = request.clientOrderId;
    expect((await venue.place(request)).status).toBe('open');
    expect(seenDuringLatency).toEqual([true]);
  });

  it('delivers every update of a tick to its subscribers before onTick resolves', async () => {
    const { instrument: i, venue } = await setup();
    const seen: string[] = [];
    venue.subscribe(async (u) => {
      await new Promise((r) => setTimeout(r, 20));
      seen.push(`${u.kind}:${u.order.status}`);
    });
    await venue.place(order(i));
    await venue.onTick(tick(i, at(10, 0, 1), 100));
    expect(seen).toEqual(['fill:filled']);
  });
});
