// Decimal scanning for CSV fields, straight from the file's bytes. For up to 15 significant
// digits the value is computed as integer mantissa / 10^k: both operands are exact doubles and
// IEEE division rounds correctly, so the result is bit-identical to Number(text) without
// allocating a substring per field. Anything unusual (exponents, long mantissas) falls back to
// Number() on the decoded text.
import { decodeUtf8 } from './csv-source';

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const MAX_EXACT_DIGITS = 15;

/** The general path: signs, spaces, thousands commas, exponents, long mantissas. */
function scanNumberSlow(bytes: Uint8Array, start: number, end: number): number {
  const cleaned = decodeUtf8(bytes, start, end).replaceAll(',', '').trim();
  if (cleaned === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) return NaN;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : NaN;
}

/**
 * Parses a decimal number in bytes[start, end): optional spaces, sign, digits with optional
 * thousands commas (quoted fields such as "1,234.50"), fraction, exponent. NaN when empty or
 * invalid. The loop below is the plain `123.45` case, kept small so it inlines into the caller.
 */
export function scanNumber(bytes: Uint8Array, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (c === 46 && point < 0) point = i;
    else return scanNumberSlow(bytes, start, end);
  }
  if (digits === 0 || digits > MAX_EXACT_DIGITS) return scanNumberSlow(bytes, start, end);
  return point < 0 ? mantissa : mantissa / POW10[end - point - 1]!;
}
