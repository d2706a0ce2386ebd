// Replay of stored bars through a deployment runtime and the paper venue: the path a paper
// deployment takes on a replayed range, and what replay parity (a backtest of the same bars
// gives the same trades, prices and costs) is tested on. Each group of bars ending together is
// one timestep: the venue works the working orders against each stored bar with the
// backtester's rules (bars mode), the ledger books the fills, the engine hears of them, then the
// strategy sees the bars. Venue time is the bars' end, as when a live bar is known.
import type { BrokerInstrumentRef } from '../../broker/broker-link';
import type { DrivenSource, FeedBar } from '../../broker/feeds/feed-source';
import type { PaperVenue } from '../../broker/paper/paper-venue';
import type { DeploymentRuntime, StepBar } from './deployment-runtime';

export interface ReplayDriverOptions {
  runtime: DeploymentRuntime;
  venue: PaperVenue;
  source: DrivenSource;
  /** The venue's and the runner's clocks follow the replay: set to each group's end. */
  setTime(time: number): void;
  /** After each timestep (marks, progress, printing). */
  afterStep?(time: number, bars: readonly StepBar[]): Promise<void> | void;
}

export interface ReplayStats {
  bars: number;
  timesteps: number;
}

/** Plays the source to its end (or until the runtime fails); resolves with what it played. */
export async function runReplay(options: ReplayDriverOptions): Promise<ReplayStats> {
  const { runtime, venue, source } = options;
  const index = new Map<string, number>();
  const refs: BrokerInstrumentRef[] = runtime.spec.instruments.map((ri, s) => {
    const i = ri.instrument;
    index.set(`${i.segment}:${i.symbol}`, s);
    return {
      symbol: i.symbol,
      exchange: i.exchange,
      segment: i.segment,
      ...(i.securityId ? { securityId: i.securityId } : {}),
    };
  });
  let pending: { bar: FeedBar; s: number }[] = [];
  const stats: ReplayStats = { bars: 0, timesteps: 0 };
  await source.run({
    onBar(bar) {
      const s = index.get(`${bar.segment}:${bar.symbol}`);
      if (s !== undefined) pending.push({ bar: { ...bar }, s });
    },
    async onTime(end) {
      const group = pending;
      pending = [];
      if (group.length === 0 || runtime.failure) {
        if (runtime.failure) source.stop();
        return;
      }
      options.setTime(end);
      // Bars of one end share a start but for a session's shortened last bar: step per start.
      const starts = [...new Set(group.map((g) => g.bar.time))].sort((a, b) => a - b);
      for (const time of starts) {
        const bars: StepBar[] = group
          .filter((g) => g.bar.time === time)
          .map((g) => ({ symbolIndex: g.s, bar: g.bar }));
        await runtime.step(time, bars, (b) => venue.onBar(refs[b.symbolIndex]!, b.bar));
        stats.bars += bars.length;
        stats.timesteps++;
        await options.afterStep?.(time, bars);
      }
    },
  });
  await runtime.settle();
  return stats;
}
