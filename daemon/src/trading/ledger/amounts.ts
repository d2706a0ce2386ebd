// Numbers on their way into numeric columns: prices as exact decimal strings.
import { validationError } from '../../core/errors';

/** A price as an exact decimal string (up to 4 places, as numeric(20, 4) holds), or null. */
export function priceText(price: number | undefined): string | null {
  if (price === undefined) return null;
  const scaled = Math.round(price * 10_000);
  if (!Number.isFinite(price) || Math.abs(price * 10_000 - scaled) > 1e-6 * Math.max(1, Math.abs(scaled)))
    throw validationError([
      { path: 'price', value: price, expected: 'a price with at most 4 decimal places' },
    ]);
  const negative = scaled < 0;
  const digits = String(Math.abs(scaled)).padStart(5, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}
