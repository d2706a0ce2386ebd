// Public surface of the indicators domain. Everything here is pure, incremental and O(1) per bar
// unless its file says otherwise. See docs/indicators.md for formulas and warm-ups.
export type { BarView, Indicator, IndicatorOutput, PriceSource, ValueStream } from './indicator';
export { computeSeries } from './compute-series';
export { crossover, crossedAbove, crossedBelow, type Crossover } from './crossover';
export { outputView } from './output-view';
export { price, priceReader, PRICE_SOURCES, type PriceReader } from './price-source';
export { CompensatedSum } from './compensated-sum';
export { RingBuffer } from './ring-buffer';
export { sma, SmaStream } from './sma';
export { ema, smma, EmaStream, SmmaStream } from './ema';
export { rsi, RsiStream } from './rsi';
export { macd, type Macd } from './macd';
export { stddev, StdDevStream } from './stddev';
export { bollinger, type Bollinger } from './bollinger';
export { atr, TrueRange } from './atr';
export { wma, WmaStream } from './wma';
export { RollingMax, RollingMin } from './rolling-extreme';
export { highest, lowest } from './highest-lowest';
export { stochastic, type Stochastic } from './stochastic';
export { williamsR } from './williams-r';
export { roc } from './roc';
export { obv } from './obv';
export { cci } from './cci';
export { vwap } from './vwap';
export { donchian, priorDonchian, type Donchian, type PriorDonchian } from './donchian';
export { adx, type Adx } from './adx';
export { supertrend, type SuperTrend } from './supertrend';
