// Positions and round-trip trades as the portfolio keeps them.

/** A symbol's position. Quantity is signed: positive long, negative short. */
export interface Position {
  readonly symbol: string;
  qty: number;
  /** Average entry price of the open quantity (average-cost method); NaN when flat. */
  avgPrice: number;
  /**
   * Realised gross PnL over the whole run, rupees: a running float sum of each closing fill's
   * qty · (price − avgPrice), not booked, so it can carry float noise. The amounts reported are
   * booked from the trades instead (engine/booked-amount.ts: exact when whole paise, a fraction
   * of a paisa kept): each trade's `pnl` and an open position's `realizedPnl` in the result.
   */
  realizedPnl: number;
  /** Last close seen for the symbol (its mark price). */
  lastPrice: number;
}

/**
 * A round trip: opened when the position leaves zero, closed when it returns to zero (a reversal
 * closes one trade and opens the next). Prices are quantity-weighted averages of the fills.
 */
export interface Trade {
  symbol: string;
  side: 'long' | 'short';
  /** Total quantity entered over the trade. */
  qty: number;
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  /** Gross PnL (before costs), rupees. */
  pnl: number;
  /** Costs of every fill of the trade (entry and exit), rupees. */
  costs: number;
  /** pnl − costs. */
  netPnl: number;
  /** Bars from the entry fill to the exit fill. */
  bars: number;
}
