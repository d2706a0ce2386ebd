// Exact booking over many partial fills: random orders on the paper venue, filled a tick's
// quantity at a time at random prices, on an intraday product that goes long and short. Every
// amount is checked with BigInt arithmetic from the venue's own trade book: values, realised
// P&L (the ledger's and the venue's books agree to the paisa, and realised − basis is exactly
// sales − purchases), average prices, and charges (an order's fills add up to the order's charges).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../daemon/src/market/seeded-random';
import { decimalToPaise, decimalToUnits, MICROS, chargeToMicros } from '../../daemon/src/core/exact-money';
import { COST_COMPONENTS, orderCostModel } from '../../daemon/src/costs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ledgerRig, tickOf } from './support/ledger-setup';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const big = (s: string) => decimalToPaise(s);

describe('booking many partial fills', () => {
  it("keeps every amount exact against the venue's trade book", async () => {
    const rig = await ledgerRig(db.pool, { capital: 100_000_000, tickLiquidity: true, costModel: 'india' });
    const random = seededRandom(20250106);
    let time = rig.clock.now;
    let price = 1000;
    for (let k = 0; k < 25; k++) {
      const side = random.next() < 0.5 ? 'buy' : 'sell';
      const qty = 1 + Math.floor(random.next() * 300);
      const sent = await rig.ledger.submitAndSend(
        rig.lease,
        rig.order({ side, qty, product: 'INTRADAY' }),
        rig.venue,
      );
      expect(sent.outcome).toBe('acknowledged');
      for (let guard = 0; guard < 100; guard++) {
        price = Math.max(1, Math.round((price + (random.next() - 0.5) * 20) * 20) / 20);
        time += 1_000;
        await rig.venue.onTick(tickOf(rig.instrument, time, price, 1 + Math.floor(random.next() * 120)));
        if ((await rig.ledger.order({ id: sent.order.id }))!.status === 'filled') break;
      }
    }

    const { rows: trades } = await db.pool.query<{
      client_order_id: string;
      side: string;
      qty: number;
      price: string;
      charges: string;
    }>(
      `SELECT o.client_order_id, o.side, t.qty, t.price::text AS price, t.charges::text AS charges
         FROM paper_trades t JOIN paper_orders o ON o.id = t.order_id WHERE t.broker_account_id = $1 ORDER BY t.id`,
      [rig.brokerAccountId],
    );
    expect(trades.length).toBeGreaterThan(60); // many partial fills
    let buy = 0n;
    let sell = 0n;
    let net = 0n;
    for (const t of trades) {
      const value = BigInt(t.qty) * big(t.price);
      if (t.side === 'buy') {
        buy += value;
        net += BigInt(t.qty);
      } else {
        sell += value;
        net -= BigInt(t.qty);
      }
    }

    const { rows: fills } = await db.pool.query<{ value: string; realised_pnl: string; costs: string }>(
      `SELECT value::text, realised_pnl::text, costs::text FROM fills WHERE deployment_id = $1`,
      [rig.deploymentId],
    );
    expect(fills).toHaveLength(trades.length);
    const [pos] = (
      await db.pool.query(
        `SELECT net_qty, cost_basis::text, realised_pnl::text, buy_value::text, sell_value::text, costs::text, last_price::text,
              unrealised_pnl::text
         FROM positions WHERE deployment_id = $1`,
        [rig.deploymentId],
      )
    ).rows;
    expect(BigInt(pos.net_qty)).toBe(net);
    expect(big(pos.buy_value)).toBe(buy);
    expect(big(pos.sell_value)).toBe(sell);
    // No drift: what was realised plus what is still held at cost is exactly the cash flow.
    expect(big(pos.realised_pnl) - big(pos.cost_basis)).toBe(sell - buy);
    expect(fills.reduce((s, f) => s + big(f.realised_pnl), 0n)).toBe(big(pos.realised_pnl));
    expect(big(pos.unrealised_pnl)).toBe(net * big(pos.last_price) - big(pos.cost_basis));

    // The venue's own books agree with the ledger's to the paisa.
    const [paper] = (
      await db.pool.query(
        `SELECT net_qty, cost_basis::text, realised_pnl::text FROM paper_positions WHERE broker_account_id = $1`,
        [rig.brokerAccountId],
      )
    ).rows;
    expect(paper).toEqual({
      net_qty: pos.net_qty,
      cost_basis: pos.cost_basis,
      realised_pnl: pos.realised_pnl,
    });
    const venueCharges = trades.reduce((s, t) => s + decimalToUnits(t.charges, MICROS), 0n);
    expect(decimalToUnits(pos.costs, MICROS)).toBe(venueCharges);
    const [cash] = (
      await db.pool.query('SELECT cash::text FROM paper_accounts WHERE broker_account_id = $1', [
        rig.brokerAccountId,
      ])
    ).rows;
    expect(decimalToUnits(cash.cash, MICROS)).toBe(
      100_000_000n * 1_000_000n + (sell - buy) * 10_000n - venueCharges,
    );

    // Each order: average price exact, and its fills charged exactly what the whole order costs.
    const { rows: orders } = await db.pool.query(
      `SELECT o.id, o.side, o.filled_qty, o.filled_value::text, o.avg_fill_price::text, o.costs::text,
              ${COST_COMPONENTS.map((c) => `(SELECT sum(f.${c})::text FROM fills f WHERE f.order_id = o.id) AS ${c}`).join(', ')},
              (SELECT max(f.filled_at) FROM fills f WHERE f.order_id = o.id) AS last_at
         FROM orders o WHERE o.deployment_id = $1 AND o.filled_qty > 0`,
      [rig.deploymentId],
    );
    const model = orderCostModel('india', 'INTRADAY', 'equity');
    for (const o of orders) {
      const value = big(o.filled_value);
      const q = BigInt(o.filled_qty);
      // round(value / qty, 4) half away from zero, in units of 1e-4 rupee
      const avg = (value * 100n * 2n + q) / (2n * q);
      expect(decimalToUnits(o.avg_fill_price, 4)).toBe(avg);
      const whole = model.charges({
        side: o.side,
        qty: o.filled_qty,
        price: Number(value) / 100 / o.filled_qty,
        instrument: {
          symbol: rig.instrument.symbol,
          exchange: 'NSE',
          segment: 'NSE_EQ',
          kind: 'equity',
          tickSize: 0.05,
          lotSize: 1,
        },
        time: o.last_at.getTime(),
      });
      for (const c of COST_COMPONENTS) expect(decimalToUnits(o[c], MICROS), c).toBe(chargeToMicros(whole[c]));
    }
  });
});
