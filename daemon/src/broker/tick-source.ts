// The tick-source port: how the live runner gets market ticks without knowing who sends them.
// The Dhan market feed (broker/dhan/market-feed.ts) implements it; a replay of stored bars and
// the synthetic demo feed implement it too, so strategy code never forks per mode.
import type { ExchangeSegment } from '../core/instrument';
import type { Tick, TickInstrument } from '../core/tick';

/** How much a subscription carries: last trade only, plus quote fields, plus depth and OI. */
export type TickMode = 'ticker' | 'quote' | 'full';

export interface TickSubscription extends TickInstrument {
  /** Default 'quote' (last trade, volume, day OHLC, best bid/ask totals). */
  mode?: TickMode;
}

export interface InstrumentKey {
  segment: ExchangeSegment;
  securityId: string;
}

export type TickSourceState =
  /** Nothing subscribed, or closed. */
  | 'idle'
  | 'connecting'
  /** Connected and ticks arrive. */
  | 'live'
  /** Some connections are down or some symbols stale; ticks still arrive for others. */
  | 'degraded'
  /** No connection: reconnecting with backoff, or stopped for a reason (auth, subscription). */
  | 'down';

export interface TickSourceStatus {
  state: TickSourceState;
  /** Why it is not live, in words. */
  detail?: string;
  connections: number;
  subscribed: number;
  /** Symbols whose last tick is older than the staleness threshold. */
  staleSymbols: string[];
}

/** A symbol went stale (no tick for longer than the threshold) or fresh again. */
export interface StalenessChange {
  symbol: string;
  stale: boolean;
  /** Age of its last tick (or of its subscription when it never ticked), ms. */
  ageMs: number;
}

export interface TickSource {
  /** Adds instruments (already subscribed ones are ignored; a new mode replaces the old one). */
  subscribe(instruments: readonly TickSubscription[]): void;
  unsubscribe(instruments: readonly InstrumentKey[]): void;
  /**
   * Calls `listener` for every tick. The Tick object is reused per instrument and only valid
   * during the call: copy what you keep (core/tick.ts copyTick). Returns an unsubscribe function.
   */
  onTick(listener: (tick: Tick) => void): () => void;
  onStaleness(listener: (change: StalenessChange) => void): () => void;
  /** Whether the risk gate should refuse new entries on this symbol now. */
  isStale(symbol: string): boolean;
  status(): TickSourceStatus;
  close(): Promise<void>;
}
