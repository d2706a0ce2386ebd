import { describe, expect, it } from 'vitest';
import { diffDrift, type ActualEvent, type DriftEvent } from './drift-diff';

const MIN = 60_000;
const e = (time: number, price: string | null, over: Partial<DriftEvent> = {}): DriftEvent => ({
  symbol: 'NSE:TCS',
  side: 'buy',
  time,
  qty: 10,
  price,
  ...over,
});
const a = (id: number, time: number, price: string | null, over: Partial<DriftEvent> = {}): ActualEvent => ({
  ...e(time, price, over),
  id,
});

describe('drift diff', () => {
  it('gives no rows when everything matches (a live fill anywhere inside the expected bar)', () => {
    const { rows, summary } = diffDrift(
      { signals: [e(0, null)], fills: [e(5 * MIN, '100.0000')] },
      { signals: [a(1, 0, null)], fills: [a(7, 5 * MIN + 12_345, '100.0000')] },
      5 * MIN,
    );
    expect(rows).toEqual([]);
    expect(summary).toMatchObject({ expectedSignals: 1, actualFills: 1, missing: 0, extra: 0, different: 0 });
  });

  it('names a different price, a different quantity, a different time, a missing and an extra event', () => {
    const { rows, summary } = diffDrift(
      {
        signals: [e(0, null), e(10 * MIN, null, { side: 'sell' })],
        fills: [e(5 * MIN, '100.0000'), e(15 * MIN, '101.0000', { side: 'sell' })],
      },
      {
        signals: [
          a(1, 0, null, { qty: 20 }),
          a(2, 20 * MIN, null, { side: 'sell' }),
          a(3, 30 * MIN, null, { symbol: 'NSE:INFY' }),
        ],
        fills: [a(7, 5 * MIN, '100.0500')],
      },
      5 * MIN,
    );
    expect(rows.map((r) => `${r.kind} ${r.difference} ${r.symbol}`)).toEqual([
      'signal qty NSE:TCS',
      'fill price NSE:TCS',
      'signal time NSE:TCS',
      'fill missing NSE:TCS',
      'signal extra NSE:INFY',
    ]);
    expect(rows[1]!.detail).toBe('price 100.0500 instead of 100.0000');
    expect(summary).toMatchObject({ missing: 1, extra: 1, different: 3 });
  });
});
