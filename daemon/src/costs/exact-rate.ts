// Rates as exact fractions. 0.00297% is not representable in binary floating point, so
// `turnover * 0.0000297` carries noise that can tip a half-paisa the wrong way. We parse the
// decimal text of each rate into numerator/denominator integers and compute
// round(turnoverPaise × numerator / denominator) with integer arithmetic: the rounding is exact.
import { validationError } from '../core/errors';

export interface ExactRate {
  /** The rate as a fraction of the amount (0.00297% → 297 / 10,000,000). */
  readonly numerator: number;
  readonly denominator: number;
  /** The decimal text it came from, for messages and docs. */
  readonly text: string;
}

const DECIMAL = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** Parses a non-negative decimal fraction ('0.001', '1e-7') exactly; undefined if it is not one. */
export function parseDecimalFraction(text: string): ExactRate | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  const scale = fraction.length - Number(m[3] ?? 0);
  const numerator = Number(m[1]! + fraction) * (scale < 0 ? 10 ** -scale : 1);
  const denominator = scale > 0 ? 10 ** scale : 1;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) return undefined;
  return { numerator, denominator, text };
}

/** A rate written in percent, as the rate tables are ('0.00297' means 0.00297%). */
export function percent(text: string): ExactRate {
  const r = parseDecimalFraction(text);
  if (!r) throw validationError([{ path: 'rate', value: text, expected: 'a decimal percentage' }], 'rate');
  return { numerator: r.numerator, denominator: r.denominator * 100, text: `${text}%` };
}

/** The rate applied to an amount in integer paise, rounded to whole paise (half up). */
export function applyRate(paise: number, rate: ExactRate): number {
  const product = paise * rate.numerator;
  if (!Number.isSafeInteger(product)) return applyRateBig(paise, rate);
  const d = rate.denominator;
  // The float division can land one off when the quotient is huge; the remainder corrects it.
  let q = Math.floor(product / d);
  if (product - q * d < 0) q -= 1;
  else if (product - q * d >= d) q += 1;
  const r = product - q * d;
  return 2 * r >= d ? q + 1 : q;
}

function applyRateBig(paise: number, rate: ExactRate): number {
  const product = BigInt(paise) * BigInt(rate.numerator);
  const d = BigInt(rate.denominator);
  const q = product / d;
  return Number(2n * (product - q * d) >= d ? q + 1n : q);
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * Σ amountᵢ × rateᵢ over several terms, computed exactly and then rounded (half up) once, to a
 * multiple of `unitPaise` (1 = paise, 100 = whole rupees). Returns integer paise. For aggregated
 * charges such as a contract note's STT, where rounding each term first would round twice.
 */
export function applyRatesRounded(
  terms: readonly (readonly [number, ExactRate])[],
  unitPaise: number,
): number {
  let den = 1n;
  for (const [, r] of terms) {
    const d = BigInt(r.denominator);
    den = (den / gcd(den, d)) * d;
  }
  let num = 0n;
  for (const [paise, r] of terms) num += BigInt(paise) * BigInt(r.numerator) * (den / BigInt(r.denominator));
  const unitDen = den * BigInt(unitPaise);
  const q = num / unitDen;
  const units = 2n * (num - q * unitDen) >= unitDen ? q + 1n : q;
  return Number(units) * unitPaise;
}
