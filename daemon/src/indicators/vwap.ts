// Session VWAP: Σ(price·volume)/Σ(volume) over the bars of the current session, price = typical
// price (high + low + close)/3 by default. It restarts on the first bar of each IST trading date
// (bar.time is the bar's start). Defined from index 0; NaN while the session has had no volume.
import { istMidnight } from '../core/time';
import type { BarView, Indicator, PriceSource } from './indicator';
import { priceReader, type PriceReader } from './price-source';

class SessionVwap implements Indicator {
  value = NaN;
  readonly warmup = 0;
  private readonly read: PriceReader;
  private session = NaN;
  private priceVolume = 0;
  private volume = 0;

  constructor(source: PriceSource) {
    this.read = priceReader('vwap', source);
  }

  update(bar: BarView): void {
    const session = istMidnight(bar.time);
    if (session !== this.session) {
      this.session = session;
      this.priceVolume = 0;
      this.volume = 0;
    }
    this.priceVolume += this.read(bar) * bar.volume;
    this.volume += bar.volume;
    this.value = this.volume > 0 ? this.priceVolume / this.volume : NaN;
  }
}

/** Session VWAP of `source` (default the typical price), reset at each IST date. */
export function vwap(source: PriceSource = 'hlc3'): Indicator {
  return new SessionVwap(source);
}
