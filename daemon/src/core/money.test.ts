// Booked amounts are exact to the paisa at any size a ledger meets (issue 15 §3): toPaise and
// roundToRupee against exact decimal arithmetic in BigInt over ±₹10^12 — for decimal amounts,
// for amounts computed in floating point from decimal inputs (qty × price), and for any double
// read as its shortest decimal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRupees, roundToPaise, roundToRupee, toPaise } from './money';

/** digits / 10^scale × 10^places rounded half away from zero, in BigInt. */
function exactRound(negative: boolean, digits: bigint, scale: number, places: number): bigint {
  const s = scale - places;
  const num = s < 0 ? digits * 10n ** BigInt(-s) : digits;
  const den = s > 0 ? 10n ** BigInt(s) : 1n;
  const q = num / den;
  const rounded = 2n * (num - q * den) >= den ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** The shortest decimal of `x` (String(x)) as BigInt digits and a power-of-ten scale. */
function shortestDecimal(x: number): { digits: bigint; scale: number; significant: number } {
  const [mantissa, exponent = '0'] = String(Math.abs(x)).split('e');
  const [int, frac = ''] = mantissa!.split('.');
  const text = int! + frac;
  return {
    digits: BigInt(text),
    scale: frac.length - Number(exponent),
    significant: text.replace(/^0+/, '').length,
  };
}

const RANGE = 1e12;

/** Decimal amounts of at most 15 significant digits: n / 10^k, up to ±₹10^12. */
const decimalAmount = fc.integer({ min: 0, max: 6 }).chain((k) =>
  fc
    .integer({
      min: -Math.min(RANGE * 10 ** k, 10 ** 15 - 1),
      max: Math.min(RANGE * 10 ** k, 10 ** 15 - 1),
    })
    .map((n) => ({ n, k })),
);

describe('toPaise', () => {
  it('is exact for decimal amounts up to ±₹10^12 (half-paise included)', () => {
    fc.assert(
      fc.property(decimalAmount, ({ n, k }) => {
        const expected = exactRound(n < 0, BigInt(Math.abs(n)), k, 2);
        expect(toPaise(n / 10 ** k)).toBe(Number(expected));
      }),
      { numRuns: 60_000 },
    );
  });

  it('is exact for values computed in floating point: qty × price against the decimal product', () => {
    // price with up to 3 decimals, qty up to 10^7 shares: up to ₹10^12 of turnover
    const trade = fc.record({
      qty: fc.integer({ min: 1, max: 10_000_000 }),
      priceMilli: fc.integer({ min: 1, max: 100_000_000 }),
    });
    fc.assert(
      fc.property(trade, ({ qty, priceMilli }) => {
        const expected = exactRound(false, BigInt(qty) * BigInt(priceMilli), 3, 2);
        expect(toPaise(qty * (priceMilli / 1000))).toBe(Number(expected));
      }),
      { numRuns: 60_000 },
    );
  });

  it('is exact for any double read as its shortest decimal', () => {
    fc.assert(
      fc.property(fc.double({ min: -RANGE, max: RANGE, noNaN: true }), (x) => {
        const d = shortestDecimal(x);
        const paise = Math.abs(x) * 100;
        // Not itself a short decimal and within 2 ulps of a half: taken as float noise on a half.
        fc.pre(d.significant < 16 || Math.abs(paise - Math.floor(paise) - 0.5) > paise * 2 ** -50);
        expect(toPaise(x)).toBe(Number(exactRound(x < 0, d.digits, d.scale, 2)));
      }),
      { numRuns: 60_000 },
    );
  });

  it.each([
    [1.005, 101],
    [-1.005, -101],
    [0.29, 29],
    [10.005, 1001],
    [3 * 3327.495, 998_249], // computes to 9982.484999999999: float noise on a half-paisa
    [2450.449951171875, 245045],
    [123_456_789.125, 12_345_678_913],
    [9_043_923_064.005, 904_392_306_401], // the former nudge (x · 1e6 past 2^53) gave …400
    [36_166_285_765.715, 3_616_628_576_572],
    [987_654_321_012.345, 98_765_432_101_235],
    [999_999_999_999.995, 100_000_000_000_000],
    [-0.001, 0],
    [0, 0],
    [1e-7, 0],
  ])('%s rupees → %s paise', (rupees, paise) => {
    expect(toPaise(rupees)).toBe(paise);
  });

  it('never returns −0, and passes non-finite values through', () => {
    expect(Object.is(toPaise(-0.001), 0)).toBe(true);
    expect(Object.is(roundToRupee(-0.2), 0)).toBe(true);
    expect(toPaise(Number.NaN)).toBeNaN();
    expect(toPaise(Infinity)).toBe(Infinity);
  });
});

describe('roundToRupee, roundToPaise and formatRupees', () => {
  it('round decimal amounts exactly up to ±₹10^12', () => {
    fc.assert(
      fc.property(decimalAmount, ({ n, k }) => {
        const x = n / 10 ** k;
        expect(roundToRupee(x)).toBe(Number(exactRound(n < 0, BigInt(Math.abs(n)), k, 0)));
        expect(roundToPaise(x)).toBe(Number(exactRound(n < 0, BigInt(Math.abs(n)), k, 2)) / 100);
      }),
      { numRuns: 20_000 },
    );
  });

  it('format ledger text with the exact paise', () => {
    expect(formatRupees(123_456_789.125)).toBe('123456789.13');
    expect(formatRupees(-987_654_321_012.345)).toBe('-987654321012.35');
    expect(formatRupees(0.1 + 0.2)).toBe('0.30');
    expect(roundToRupee(2.5)).toBe(3);
    expect(roundToRupee(-2.5)).toBe(-3);
    expect(roundToRupee(1_234_567_890_123.5)).toBe(1_234_567_890_124);
  });
});
