// MACD(f, s, sig): line = EMA(f) − EMA(s), defined from index s − 1 (when the slow EMA is);
// signal = EMA(sig) of the line, seeded with the SMA of its first sig values, so defined from
// index s + sig − 2; histogram = line − signal, defined with the signal.
import { EmaStream } from './ema';
import type { BarView, Indicator, IndicatorOutput, PriceSource } from './indicator';
import { outputView } from './output-view';
import { checkPeriod } from './parameter-checks';
import { priceReader, type PriceReader } from './price-source';

export interface Macd extends Indicator {
  /** The MACD line (= value). */
  readonly line: number;
  readonly signal: number;
  readonly histogram: number;
  /** Each output as an IndicatorOutput with its own warm-up, for crossovers and charts. */
  readonly outputs: {
    readonly line: IndicatorOutput;
    readonly signal: IndicatorOutput;
    readonly histogram: IndicatorOutput;
  };
}

class MacdIndicator implements Macd {
  value = NaN;
  signal = NaN;
  histogram = NaN;
  readonly warmup: number;
  readonly outputs: Macd['outputs'];
  private readonly fast: EmaStream;
  private readonly slow: EmaStream;
  private readonly signalStream: EmaStream;
  private readonly read: PriceReader;

  constructor(fast: number, slow: number, signal: number, source: PriceSource) {
    checkPeriod('macd', 'fast', fast);
    checkPeriod('macd', 'slow', slow);
    checkPeriod('macd', 'signal', signal);
    this.fast = new EmaStream(fast, undefined, 'macd');
    this.slow = new EmaStream(slow, undefined, 'macd');
    this.signalStream = new EmaStream(signal, undefined, 'macd');
    this.read = priceReader('macd', source);
    const lineWarmup = Math.max(fast, slow) - 1;
    const signalWarmup = lineWarmup + signal - 1;
    this.warmup = lineWarmup;
    this.outputs = {
      line: outputView(() => this.value, lineWarmup),
      signal: outputView(() => this.signal, signalWarmup),
      histogram: outputView(() => this.histogram, signalWarmup),
    };
  }

  get line(): number {
    return this.value;
  }

  update(bar: BarView): void {
    const x = this.read(bar);
    const line = this.fast.next(x) - this.slow.next(x);
    this.value = line;
    // The signal stream skips NaN, so it starts counting at the first defined line value.
    const signal = this.signalStream.next(line);
    this.signal = signal;
    this.histogram = line - signal;
  }
}

/** MACD(fast = 12, slow = 26, signal = 9) of `source`; `value` is the line. */
export function macd(fast = 12, slow = 26, signal = 9, source: PriceSource = 'close'): Macd {
  return new MacdIndicator(fast, slow, signal, source);
}
