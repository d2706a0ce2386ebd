import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookFill, FLAT_POSITION, unrealisedPaise, type BookedPosition } from './booked-position';

describe('booked positions (average cost, exact paise)', () => {
  it('books a hand-checked round trip with a partial close and a reversal', () => {
    let p: BookedPosition = FLAT_POSITION;
    p = bookFill(p, 'buy', 10n, 10_000n).position; // 10 @ 100.00
    p = bookFill(p, 'buy', 20n, 10_150n).position; // 20 @ 101.50 → basis 3030.00
    expect(p).toEqual({ qty: 30n, basis: 303_000n, realised: 0n });
    const partial = bookFill(p, 'sell', 10n, 10_200n); // releases 1010.00, sells 1020.00
    expect(partial.realised).toBe(1_000n);
    expect(partial.position).toEqual({ qty: 20n, basis: 202_000n, realised: 1_000n });
    const reversal = bookFill(partial.position, 'sell', 25n, 9_900n); // closes 20, opens 5 short
    expect(reversal.closed).toBe(20n);
    expect(reversal.realised).toBe(20n * 9_900n - 202_000n);
    expect(reversal.position).toEqual({ qty: -5n, basis: -49_500n, realised: 1_000n - 4_000n });
    expect(unrealisedPaise(reversal.position, 9_800n)).toBe(500n); // short gains as the price falls
  });

  it('rounds a released basis half away from zero and releases the rest on the final close', () => {
    let p = bookFill(FLAT_POSITION, 'buy', 3n, 1_001n).position; // basis 30.03 for 3
    const first = bookFill(p, 'sell', 1n, 1_001n); // releases 10.01 exactly
    expect(first.realised).toBe(0n);
    p = bookFill(FLAT_POSITION, 'buy', 3n, 1_000n).position;
    p = bookFill(p, 'buy', 1n, 1_001n).position; // basis 40.01 for 4
    const a = bookFill(p, 'sell', 1n, 1_000n); // 40.01/4 = 10.0025 → 10.00 released
    const b = bookFill(a.position, 'sell', 3n, 1_000n); // releases the remaining 30.01
    expect(a.realised + b.realised).toBe(4n * 1_000n - 4_001n);
    expect(b.position).toEqual({ qty: 0n, basis: 0n, realised: -1n });
  });

  it('never drifts: realised − basis equals sales − purchases after any sequence of fills', () => {
    const fill = fc.record({
      side: fc.constantFrom('buy' as const, 'sell' as const),
      qty: fc.bigInt({ min: 1n, max: 500n }),
      price: fc.bigInt({ min: 1n, max: 5_000_000n }),
    });
    fc.assert(
      fc.property(fc.array(fill, { minLength: 1, maxLength: 60 }), (fills) => {
        let p: BookedPosition = FLAT_POSITION;
        let flow = 0n;
        let realisedSum = 0n;
        for (const f of fills) {
          const booked = bookFill(p, f.side, f.qty, f.price);
          realisedSum += booked.realised;
          p = booked.position;
          flow += f.side === 'sell' ? f.qty * f.price : -f.qty * f.price;
          expect(p.realised - p.basis).toBe(flow);
          // The basis of an open position has the position's sign (or is zero when flat).
          expect(p.qty === 0n ? p.basis === 0n : p.qty > 0n === p.basis > 0n).toBe(true);
        }
        expect(realisedSum).toBe(p.realised);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a non-positive quantity', () => {
    expect(() => bookFill(FLAT_POSITION, 'buy', 0n, 100n)).toThrow(/positive/);
  });
});
