// A tick: one trade print of an instrument as a market feed reports it. Every tick source (the
// Dhan market feed, the replay of stored bars, the synthetic demo feed) produces these, and the
// bar aggregator turns them into bars (trading/bar-aggregator.ts).
import type { ExchangeSegment } from './instrument';

export interface Tick {
  /** Trading symbol (instruments.symbol). */
  symbol: string;
  segment: ExchangeSegment;
  /** Dhan security id, when the feed knows it. */
  securityId?: string;
  /** Last traded price, rupees. */
  price: number;
  /** Last traded quantity. */
  qty: number;
  /** Exchange time of the trade, epoch ms. */
  time: number;
  /** Cumulative volume of the session so far; NaN when the feed does not give it. */
  volume: number;
  bid?: number;
  ask?: number;
}

/** The key a tick's instrument is tracked under: segment and symbol (NSE:TCS and BSE:TCS differ). */
export function tickKey(tick: Pick<Tick, 'segment' | 'symbol'>): string {
  return `${tick.segment}:${tick.symbol}`;
}
