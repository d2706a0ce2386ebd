// The tick-source port: where market prices come from for live and paper trading. The replay of
// stored bars, the synthetic demo feed (feeds/) and the Dhan market feed all implement it, and the
// runner consumes whichever a deployment names through the same listener:
//   onTick  a trade print (core/tick.ts) — for the bar aggregator and the paper venue's matching;
//   onBar   a whole bar, when the source has whole bars (replay in 'bars' mode);
//   onTime  the source's clock reached `time` (a bar end in replay, each round live): the runner
//           advances its bar aggregator and the venue's session clock with it.
// Listeners may be async; a source waits for each call before the next (back-pressure), so a
// replay at `max` speed runs exactly as fast as the consumer books.
import type { Bar } from '../core/bar';
import type { ExchangeSegment } from '../core/instrument';
import type { Tick } from '../core/tick';

/** A bar from a source, with its instrument and the time its interval ended. */
export interface FeedBar extends Bar {
  symbol: string;
  segment: ExchangeSegment;
  securityId?: string;
  timeframe: string;
  /** When the interval ended (the bar is known from then), epoch ms. */
  end: number;
}

export interface TickListener {
  onTick?(tick: Tick): void | Promise<void>;
  onBar?(bar: FeedBar): void | Promise<void>;
  onTime?(time: number): void | Promise<void>;
}

export interface TickSource {
  /** 'replay', 'synthetic', 'dhan'. */
  readonly kind: string;
  /** Emits until the source is exhausted (replay) or stopped; rejects if the source fails. */
  run(listener: TickListener): Promise<void>;
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
