// The cash check at its boundary: cash left after a buy exactly zero to the paisa. The ledger is
// exact, but the verdict follows a float engine's running cash (funds-check.ts), whose sign there
// is its rounding noise. Numbers are chosen so the noise is visible; comments show both sums.
import { describe, expect, it } from 'vitest';
import { makeSeries } from '../../../test/fixtures/engine/bars';
import { runScript } from '../../../test/fixtures/engine/scripted';
import { checkFunds } from './funds-check';

/** Buys 100 at the open of bar 1, sells at the open of bar 2, then tries 100 more on bar 2. */
function roundTripThenBuy(entry: number, exit: number, nextClose: number) {
  const bars = makeSeries([
    [entry, entry, entry, entry],
    [entry, exit, entry, exit],
    [exit, nextClose, exit, nextClose],
    [nextClose, nextClose, nextClose, nextClose],
  ]);
  return runScript(
    bars,
    (ctx, i) => {
      if (i === 0) ctx.buy(100);
      if (i === 1) ctx.close();
      if (i === 2) ctx.buy(100);
    },
    { cash: 800 },
  );
}

describe('cash check at zero cash left', () => {
  it('rejects when the float sum lands a hair below zero, as a float engine does', () => {
    // Exact: 800 − 540 + 535 = 795.00. Float, booked as cost basis plus PnL:
    // (800 − 100·5.4) + (100·5.4 + 100·(5.35 − 5.4)) = 794.9999999999999, and 100·7.95 = 795.
    // A buy of 100 at ₹7.95 leaves exactly 0 in the ledger but −1.1e-13 in floats: rejected.
    const r = roundTripThenBuy(5.4, 5.35, 7.95);
    expect(r.cash).toBe(795);
    const last = r.orders.toArray()[2]!;
    expect(last).toMatchObject({ side: 'buy', status: 'rejected', reason: 'insufficient_cash' });
  });

  it('accepts when the float sum lands a hair above zero', () => {
    // Exact: 800 − 535 + 515 = 780.00; float: 780.0000000000001, and 100·7.8 = 780. It fills.
    const r = roundTripThenBuy(5.35, 5.15, 7.8);
    expect(r.cash).toBe(0);
    expect(r.orders.toArray()[2]).toMatchObject({ side: 'buy', status: 'filled', price: 7.8 });
  });

  it('subtracts the value, then the costs, and projects accepted orders cumulatively', () => {
    const state = { cash: 1000, qty: 0, otherShortValue: 0 };
    expect(checkFunds(state, 'buy', 9, 100, 0.9, false, true)).toBeUndefined();
    expect(state).toEqual({ cash: 1000 - 900 - 0.9, qty: 9, otherShortValue: 0 });
    // 99.1 left: one more share at 99.1 with no cost passes exactly at zero…
    expect(checkFunds({ ...state }, 'buy', 1, 99.1, 0, false, false)).toBeUndefined();
    // …and a paisa more does not; exits always pass.
    expect(checkFunds(state, 'buy', 1, 99.11, 0, false, false)).toBe('insufficient_cash');
    expect(checkFunds(state, 'sell', 9, 1, 50, false, false)).toBeUndefined();
    expect(checkFunds(state, 'sell', 10, 1, 0, false, false)).toBe('short_not_allowed');
  });
});
