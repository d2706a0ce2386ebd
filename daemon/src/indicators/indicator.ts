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

/**
 * Something that has one number per bar: an indicator, or one output of a multi-output
 * indicator (MACD's signal line, Bollinger's upper band). Crossovers and charts read these.
 */
export interface IndicatorOutput {
  /** Value for the latest bar; NaN until warmed up. */
  readonly value: number;
  /** 0-based index of the first update whose value is defined (SMA(n): n − 1). */
  readonly warmup: number;
}

export interface Indicator extends IndicatorOutput {
  /** Primary output for the latest bar; NaN until warmed up. */
  readonly value: number;
  /** 0-based index of the first update whose value is defined (SMA(n): n − 1). */
  readonly warmup: number;
  /** Consumes the next bar. */
  update(bar: BarView): void;
}

/**
 * A number-in, number-out building block (SMA, EMA, rolling max, …) for composing indicators,
 * e.g. an EMA of the MACD line. A NaN input is not a sample: it is skipped and the current
 * value returned, so a stream can be fed another indicator's output from bar 0 and starts
 * counting at its first defined value.
 */
export interface ValueStream {
  /** Value after the latest sample; NaN until warmed up. */
  readonly value: number;
  /** 0-based index (counting samples, not bars) of the first defined value. */
  readonly warmup: number;
  /** Consumes the next sample and returns the new value. */
  next(x: number): number;
}

/** Which bar field a single-series indicator reads. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4';
