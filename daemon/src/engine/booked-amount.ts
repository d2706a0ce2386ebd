// How the engine books money. The ledger counts paise, and an amount that is a whole number of
// paise (every traded value at tick prices, every Indian contract-note charge, a flat fee) is
// booked as an exact integer, so float noise such as 0.1 + 0.2 never reaches cash or a trade.
// An amount with a fraction of a paisa is booked as it is, unrounded: a percentage commission
// (0.1 % of ₹10,196 is ₹10.196) or a value at a price off the paisa grid (adjusted data). Rounding
// those to the paisa on every fill is biased (half-up on a uniform third decimal adds ₹0.0005 a
// fill) and moved net PnL and small accounts' cash more than 1e-6 away from an established engine
// that keeps them exact; see docs/engine.md, "Portfolio and money".

/** Rupees → paise for the ledger: whole paise exactly (noise removed), fractions of a paisa kept. */
export function bookedPaise(rupees: number): number {
  const scaled = rupees * 100;
  const whole = Math.round(scaled);
  // Representation error (12.34 · 100 = 1234.0000000000002) is a few ulps: far below 1e-6 paise,
  // or 1e-13 of the amount for very large ones. A genuine fraction of a paisa is kept.
  const noise = Math.max(1e-6, Math.abs(scaled) * 1e-13);
  return Math.abs(scaled - whole) <= noise ? whole + 0 : scaled;
}

/** A rupee amount as booked: whole paise exactly, fractions of a paisa kept. */
export function bookedRupees(rupees: number): number {
  return bookedPaise(rupees) / 100;
}
