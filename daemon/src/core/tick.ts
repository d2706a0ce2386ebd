// A market tick as the trading spine sees it, whatever produced it (Dhan's binary feed, a replay of
// stored bars, the synthetic demo feed). The bar pipeline aggregates ticks into bars; the risk
// gate reads the last price and whether the symbol is stale. Pure types: no I/O.
import type { ExchangeSegment } from './instrument';

/** Which instrument a tick belongs to: our symbol plus the broker's identity for it. */
export interface TickInstrument {
  /** Our symbol (instruments.symbol), e.g. `TCS`, `NIFTY`. */
  readonly symbol: string;
  readonly segment: ExchangeSegment;
  /** The broker's security id (Dhan's instrument master). */
  readonly securityId: string;
}

/** One side of one depth level. */
export interface DepthLevel {
  price: number;
  quantity: number;
  orders: number;
}

export interface Tick {
  readonly instrument: TickInstrument;
  /** Last traded price, rupees. */
  lastPrice: number;
  /** Quantity of the last trade; 0 when the source does not say (ticker mode). */
  lastQty: number;
  /** Exchange time of the last trade, epoch ms. */
  exchangeTime: number;
  /** When this process received it, epoch ms (for staleness and latency). */
  receivedAt: number;
  /** Cumulative traded volume of the day; 0 when the source does not say. */
  volume: number;
  bid?: number;
  ask?: number;
  bidQty?: number;
  askQty?: number;
  /** Volume-weighted average price of the day. */
  averagePrice?: number;
  /** Open interest (derivatives). */
  openInterest?: number;
  /** Best five levels, best first (full mode). */
  bids?: readonly DepthLevel[];
  asks?: readonly DepthLevel[];
  /** Day open, high, low; close only after the session closes. */
  dayOpen?: number;
  dayHigh?: number;
  dayLow?: number;
  dayClose?: number;
}

/** A copy that is safe to keep (sources reuse one Tick object per instrument). */
export function copyTick(tick: Tick): Tick {
  return {
    ...tick,
    bids: tick.bids?.map((l) => ({ ...l })),
    asks: tick.asks?.map((l) => ({ ...l })),
  };
}
