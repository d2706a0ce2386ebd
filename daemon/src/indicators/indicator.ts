// The indicator contract shared by every indicator, the strategy API and the engine.
//
// Indicators are incremental: `update` consumes the next bar in O(1) time without allocating,
// and `value` is NaN until the indicator is warmed up. The engine passes the same mutable
// BarView object on every call (it is overwritten per bar), so an indicator must copy the
// numbers it needs and never keep the object.

/** The fields of one bar, as the engine exposes them to indicators and strategies. */
export interface BarView {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface Indicator {
  /** Primary output for the latest bar; NaN until warmed up. */
  readonly value: number;
  /** 0-based index of the first update whose value is defined (SMA(n): n − 1). */
  readonly warmup: number;
  /** Consumes the next bar. */
  update(bar: BarView): void;
}

/** Which bar field a single-series indicator reads. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4';
