import { describe, expect, it } from 'vitest';
import { planStop, sliceQuantity, type HeldPosition, type WorkingOrder } from './stop-plan';

const orders: WorkingOrder[] = [
  { clientOrderId: 'a', accountId: 1, deploymentId: 10, symbol: 'X', status: 'open' },
  { clientOrderId: 'b', accountId: 1, deploymentId: 11, symbol: 'Y', status: 'new' },
  { clientOrderId: 'c', accountId: 1, deploymentId: 10, symbol: 'X', status: 'filled' },
  { clientOrderId: 'd', accountId: 2, deploymentId: 20, symbol: 'X', status: 'partially_filled' },
  { clientOrderId: 'e', accountId: 1, deploymentId: null, symbol: 'Z', status: 'sent' },
];
const positions: HeldPosition[] = [
  {
    accountId: 1,
    deploymentId: 10,
    symbol: 'NIFTY-FUT',
    product: 'MARGIN',
    qty: 3900,
    lotSize: 65,
    freezeQty: 1800,
  },
  { accountId: 1, deploymentId: 11, symbol: 'INFY', product: 'INTRADAY', qty: -40, lotSize: 1 },
  { accountId: 2, deploymentId: 20, symbol: 'TCS', product: 'CNC', qty: 5, lotSize: 1 },
  { accountId: 1, deploymentId: 10, symbol: 'FLAT', product: 'CNC', qty: 0, lotSize: 1 },
];

describe('stop plan', () => {
  it('a deployment switch cancels that deployment’s working orders and closes its positions', () => {
    const plan = planStop({ scope: 'deployment', accountId: 1, deploymentId: 10 }, orders, positions, true);
    expect(plan.cancel.map((o) => o.clientOrderId)).toEqual(['a']);
    // 3,900 = 60 lots of 65; freeze 1,800 → slices of 27 lots (1,755).
    expect(plan.flatten.map((o) => [o.symbol, o.side, o.qty, o.product])).toEqual([
      ['NIFTY-FUT', 'sell', 1755, 'MARGIN'],
      ['NIFTY-FUT', 'sell', 1755, 'MARGIN'],
      ['NIFTY-FUT', 'sell', 390, 'MARGIN'],
    ]);
    expect(plan.flatten.every((o) => o.orderType === 'MARKET' && o.origin === 'flatten')).toBe(true);
  });

  it('an account switch covers its manual orders too; without flatten nothing is closed', () => {
    const plan = planStop({ scope: 'account', accountId: 1, deploymentId: null }, orders, positions, false);
    expect(plan.cancel.map((o) => o.clientOrderId)).toEqual(['a', 'b', 'e']);
    expect(plan.flatten).toEqual([]);
  });

  it('the global switch covers everyone, a short is bought back', () => {
    const plan = planStop({ scope: 'global', accountId: null, deploymentId: null }, orders, positions, true);
    expect(plan.cancel.map((o) => o.clientOrderId)).toEqual(['a', 'b', 'd', 'e']);
    expect(
      plan.flatten.map((o) => `${o.accountId}/${o.deploymentId} ${o.side} ${o.qty} ${o.symbol}`),
    ).toEqual([
      '1/10 sell 1755 NIFTY-FUT',
      '1/10 sell 1755 NIFTY-FUT',
      '1/10 sell 390 NIFTY-FUT',
      '1/11 buy 40 INFY',
      '2/20 sell 5 TCS',
    ]);
  });

  it('slices under the freeze quantity in whole lots', () => {
    expect(sliceQuantity(100, 1, undefined)).toEqual([100]);
    expect(sliceQuantity(100, 1, 40)).toEqual([40, 40, 20]);
    expect(sliceQuantity(150, 50, 120)).toEqual([100, 50]);
  });
});
