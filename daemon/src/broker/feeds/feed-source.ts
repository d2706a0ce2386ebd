// Driven sources: market data the consumer pulls at its own pace. The live tick sources (the Dhan
// market feed, the synthetic feed) push ticks through the TickSource port (../tick-source.ts); a
// replay of stored bars is driven instead — every event is awaited before the next — because
// replay parity needs back-pressure: the runner books a bar's fills before the strategy sees the
// bar, and at `max` speed the replay runs exactly as fast as that.
//   onTick  a trade print (ticks mode);
//   onBar   a whole bar (bars mode: the paper venue matches it with the backtester's rules);
//   onTime  the source's clock reached `time` (a bar end): advance the bar aggregator and the
//           venue's session clock.
import type { Bar } from '../../core/bar';
import type { ExchangeSegment } from '../../core/instrument';
import type { Tick } from '../../core/tick';

/** A bar from a source, with its instrument and the time its interval ended. */
export interface FeedBar extends Bar {
  symbol: string;
  segment: ExchangeSegment;
  securityId?: string;
  timeframe: string;
  /** When the interval ended (the bar is known from then), epoch ms. */
  end: number;
}

export interface FeedListener {
  onTick?(tick: Tick): void | Promise<void>;
  onBar?(bar: FeedBar): void | Promise<void>;
  onTime?(time: number): void | Promise<void>;
}

export interface DrivenSource {
  readonly kind: string;
  /** Emits until exhausted or stopped, awaiting each listener call; rejects if a listener throws. */
  run(listener: FeedListener): Promise<void>;
  /** Ends run() after the call in progress. */
  stop(): void;
}

/** Time for sources: injectable, so tests run at full speed and deterministically. */
export interface SourceClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const wallClock: SourceClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
