// Money helpers. Amounts are computed in floating point rupees inside the engine, but anything
// that is booked (stored, reported as a ledger amount) goes through these helpers so that it is
// an exact number of paise — float noise such as 0.1 + 0.2 must never reach a stored amount.

/**
 * Rupees → integer paise, rounding half away from zero, exactly for any amount up to ₹10^12 and
 * beyond (while its paise fit a double). The amount is read as the shortest decimal that gives
 * back the same double (what `String(rupees)` prints: 1.005, not 1.00499999999999989…), so the
 * result is the one decimal arithmetic on paper gives. One allowance for float arithmetic: a
 * value that is not itself a short decimal (16 or more significant digits) within 2 ulps of a
 * half-paisa is that half — 3 × 3327.495 computes to 9982.484999999999, and is ₹9982.49.
 */
export function toPaise(rupees: number): number {
  return roundDecimal(rupees, 100, 2);
}

/** Rounds a rupee amount to whole paise. */
export function roundToPaise(rupees: number): number {
  return toPaise(rupees) / 100;
}

/** Rounds a rupee amount to whole rupees (half away from zero), as STT and stamp duty are billed. */
export function roundToRupee(rupees: number): number {
  return roundDecimal(rupees, 1, 0);
}

/** Ulps of tolerance, as a fraction of the amount: 8 for the fast path, 2 for float noise at a half. */
const FAST_MARGIN = 2 ** -49;
const NOISE = 2 ** -51;

/**
 * `value × 10^places` (scale) rounded half away from zero. The product in floating point is off
 * the true decimal product by at most ~1.3 ulp (half an ulp of representation, scaled, plus the
 * multiplication), so unless its fraction lies within 8 ulps of a half, rounding it is exact.
 * Amounts on or near a half (₹10.005) take the decimal path. The former nudge,
 * Math.round(x · 1e6) / 1e6, passed 2^53 above ₹9 crore and then rounded the wrong way.
 */
function roundDecimal(value: number, scale: number, places: number): number {
  const scaled = value * scale;
  const a = scaled < 0 ? -scaled : scaled;
  const whole = Math.floor(a);
  const off = a - whole - 0.5; // a − floor(a) is exact for every double
  const margin = a * FAST_MARGIN;
  if (off > margin || -off > margin) {
    const n = off > 0 ? whole + 1 : whole;
    return (scaled < 0 ? -n : n) + 0; // + 0 turns −0 into 0
  }
  if (!Number.isFinite(value)) return scaled;
  const n = roundShortestDecimal(value < 0 ? -value : value, places, a * NOISE);
  return (value < 0 ? -n : n) + 0;
}

/** Rounds the shortest decimal of `abs` (≥ 0) at `places` decimals, half up, to an integer. */
function roundShortestDecimal(abs: number, places: number, noise: number): number {
  const text = String(abs); // "10.005", "1.5e-7", "1e+21"
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const fractionDigits = dot < 0 ? '' : mantissa.slice(dot + 1);
  const digits = (dot < 0 ? mantissa : mantissa.slice(0, dot)) + fractionDigits;
  // abs × 10^places = digits × 10^shift
  const shift = exponent - fractionDigits.length + places;
  if (shift >= 0) return Number(digits + '0'.repeat(shift));
  const kept = digits.length + shift;
  if (kept < 0) return 0;
  const head = kept === 0 ? 0 : Number(digits.slice(0, kept));
  const rest = digits.slice(kept);
  const significant = digits.replace(/^0+/, '').length;
  if (significant >= 16 && Math.abs(Number(`0.${rest}`) - 0.5) <= noise) return head + 1;
  return rest.charCodeAt(0) >= 53 /* '5' */ ? head + 1 : head;
}

/**
 * Rounds a price to the instrument's tick, in integer paise so the result is exact.
 * mode: 'nearest' (default), 'down' (buy limits, favour the trader) or 'up'.
 */
export function roundToTick(
  price: number,
  tickSize: number,
  mode: 'nearest' | 'down' | 'up' = 'nearest',
): number {
  const tickPaise = toPaise(tickSize);
  if (tickPaise <= 0) return price;
  const pricePaise = price * 100;
  const ticks = pricePaise / tickPaise;
  const snapped = Math.round(ticks * 1e6) / 1e6;
  const n = mode === 'down' ? Math.floor(snapped) : mode === 'up' ? Math.ceil(snapped) : Math.round(snapped);
  return (n * tickPaise) / 100;
}

/** Formats rupees as a fixed two-decimal string, the form ledger amounts are stored in (SQL numeric). */
export function formatRupees(rupees: number): string {
  const paise = toPaise(rupees);
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
