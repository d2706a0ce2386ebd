// Exact money for the ledger: amounts as BigInt counts of a fixed unit — paise for values and
// P&L (SQL numeric(20, 2)), micro-rupees for charges (numeric(24, 6): a percentage commission can
// leave a fraction of a paisa). Values travel to and from PostgreSQL as decimal strings, so no
// float ever touches a booked amount.
import { validationError } from './errors';

/** Units per rupee of each scale. */
export const PAISE = 2;
export const MICROS = 6;

const DECIMAL = /^([-+]?)(\d+)(?:\.(\d*))?$/;

/**
 * A decimal string (as pg returns numeric: "-123.45", "10", "0.500000") → integer units of
 * 10^-scale rupees. Refuses digits beyond the scale unless they are zeros: nothing is rounded.
 */
export function decimalToUnits(text: string, scale: number, field = 'amount'): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw validationError([{ path: field, value: text, expected: 'a decimal number' }]);
  const fraction = m[3] ?? '';
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  if (/[^0]/.test(fraction.slice(scale)))
    throw validationError([{ path: field, value: text, expected: `at most ${scale} decimal places` }]);
  const units = BigInt(m[2]! + kept);
  return m[1] === '-' ? -units : units;
}

/** Integer units of 10^-scale rupees → a decimal string with exactly `scale` decimals. */
export function unitsToDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export const decimalToPaise = (text: string, field?: string): bigint => decimalToUnits(text, PAISE, field);
export const paiseToDecimal = (paise: bigint): string => unitsToDecimal(paise, PAISE);

/**
 * A float rupee amount → integer units of 10^-scale, removing representation noise (12.34 is
 * 1233.9999999999998 paise). Refuses a value with a real fraction below the unit: a venue price
 * of 100.123 cannot be booked in paise without deciding a rounding, and that is not ours to do.
 */
export function rupeesToUnits(rupees: number, scale: number, field = 'amount'): bigint {
  const scaled = rupees * 10 ** scale;
  const whole = Math.round(scaled);
  const noise = Math.max(1e-6, Math.abs(scaled) * 1e-12);
  if (!Number.isFinite(rupees) || Math.abs(scaled - whole) > noise)
    throw validationError([
      { path: field, value: rupees, expected: `a finite amount in whole units of 10^-${scale} rupees` },
    ]);
  return BigInt(whole);
}

/** A price from a venue, in paise (prices of NSE/BSE cash and F&O are tick multiples of ≥ ₹0.01). */
export function priceToPaise(price: number, field = 'price'): bigint {
  return rupeesToUnits(price, PAISE, field);
}

/** A charge in rupees (from a cost model) → micro-rupees, rounded half away from zero at 1e-6. */
export function chargeToMicros(rupees: number): bigint {
  const scaled = rupees * 1e6;
  const nudged = Math.round(scaled * 1e3) / 1e3;
  return BigInt(nudged < 0 ? -Math.round(-nudged) : Math.round(nudged));
}

/** n / d rounded half away from zero (d > 0). */
export function divRound(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divRound: divisor must be positive');
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** Paise → rupees as a float, for display and for checks that compare, never for booking. */
export function paiseToRupees(paise: bigint): number {
  return Number(paise) / 100;
}
