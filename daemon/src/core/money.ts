// Money helpers. Amounts are computed in floating point rupees inside the engine, but anything
// that is booked (stored, reported as a ledger amount) goes through these helpers so that it is
// an exact number of paise — float noise such as 0.1 + 0.2 must never reach a stored amount.

/** Rupees → integer paise, rounding half away from zero. */
export function toPaise(rupees: number): number {
  const scaled = rupees * 100;
  // Correct the representation error first (e.g. 1.005 * 100 = 100.49999999999999).
  const nudged = Math.round(scaled * 1e6) / 1e6;
  return nudged < 0 ? -Math.round(-nudged) : Math.round(nudged);
}

/** Rounds a rupee amount to whole paise. */
export function roundToPaise(rupees: number): number {
  return toPaise(rupees) / 100;
}

/** Rounds a rupee amount to whole rupees (half away from zero), as STT and stamp duty are billed. */
export function roundToRupee(rupees: number): number {
  const nudged = Math.round(rupees * 1e6) / 1e6;
  return nudged < 0 ? -Math.round(-nudged) : Math.round(nudged);
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
