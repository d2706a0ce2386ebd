// The live bar pipeline of one deployment: ticks from a tick source go to the venue (a paper
// venue fills working orders on them; a real venue fills on its own) and into the bar
// aggregator; bars are emitted when their interval ends on the clock — not when the next tick
// arrives — and each group of bars ending together is one engine timestep. A timer also runs
// the engine's time events (intraday square-off at 15:20 even when a feed is silent) and the
// venue's session close. Everything the pipeline does runs one step at a time, in arrival order.
import type { Logger } from 'pino';
import { copyTick, type Tick } from '../../core/tick';
import type { SourceClock } from '../../broker/feeds/feed-source';
import type { TickSource } from '../../broker/tick-source';
import { BarAggregator, type AggregatedBar } from '../bar-aggregator';
import type { DeploymentRuntime, StepBar } from './deployment-runtime';

export interface BarPipelineOptions {
  runtime: DeploymentRuntime;
  source: TickSource;
  timeframe: string;
  clock: SourceClock;
  /** The venue's tick matching (paper); none for a venue that fills by itself. */
  venueTick?: (tick: Tick) => Promise<void>;
  /** The venue's session clock (paper: expires DAY orders at the close). */
  venueClock?: (now: number) => Promise<void>;
  /** Longest sleep between checks, ms (the clock may be simulated). Default 1000. */
  maxSleepMs?: number;
  log: Logger;
  /** After each timestep: bars, and how late the strategy saw them (ms after their end). */
  afterStep?: (time: number, bars: readonly StepBar[], latenessMs: number) => Promise<void> | void;
  onTickVerdict?: (verdict: 'accepted' | 'late' | 'outside') => void;
}

export class BarPipeline {
  private readonly aggregator: BarAggregator;
  private readonly index = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  steps = 0;

  constructor(private readonly options: BarPipelineOptions) {
    this.aggregator = new BarAggregator({ timeframes: [options.timeframe] });
    options.runtime.spec.instruments.forEach((ri, s) =>
      this.index.set(`${ri.instrument.segment}:${ri.instrument.symbol}`, s),
    );
  }

  /** Subscribes to the deployment's instruments and starts the clock loop. */
  start(): void {
    const { source, runtime } = this.options;
    this.unsubscribe = source.onTick((tick) => this.onTick(tick));
    source.subscribe(
      runtime.spec.instruments.map((ri) => ({
        symbol: ri.instrument.symbol,
        segment: ri.instrument.segment,
        securityId: ri.instrument.securityId ?? '',
      })),
    );
    this.loop = this.runClock();
  }

  /** Stops after the step in progress; resolves when everything queued is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.loop;
    await this.queue;
  }

  private onTick(tick: Tick): void {
    if (this.stopped) return;
    const key = `${tick.instrument.segment}:${tick.instrument.symbol}`;
    if (!this.index.has(key)) return;
    const verdict = this.aggregator.onTick(tick);
    this.options.onTickVerdict?.(verdict);
    const venueTick = this.options.venueTick;
    if (venueTick) {
      const copy = copyTick(tick);
      this.enqueue(() => venueTick(copy));
    }
  }

  private async runClock(): Promise<void> {
    const { clock, runtime } = this.options;
    const maxSleep = this.options.maxSleepMs ?? 1000;
    while (!this.stopped && !runtime.failure) {
      const now = clock.now();
      const due = Math.min(this.aggregator.nextDue(), runtime.nextTimeEvent(now), now + maxSleep);
      if (due > now) await clock.sleep(due - now);
      if (this.stopped) break;
      const at = clock.now();
      this.enqueue(() => this.advance(at));
      await this.queue;
    }
  }

  private async advance(now: number): Promise<void> {
    const { runtime } = this.options;
    const bars = this.aggregator.advance(now);
    // Bars ending together are one timestep (grouped by their start, as stored bars are).
    let k = 0;
    while (k < bars.length) {
      const time = bars[k]!.time;
      const group: StepBar[] = [];
      while (k < bars.length && bars[k]!.time === time) {
        const bar: AggregatedBar = bars[k++]!;
        const s = this.index.get(`${bar.segment}:${bar.symbol}`);
        if (s !== undefined) group.push({ symbolIndex: s, bar });
      }
      if (group.length === 0) continue;
      await runtime.step(time, group);
      this.steps++;
      const lateness = this.options.clock.now() - Math.max(...group.map((g) => (g.bar as AggregatedBar).end));
      await this.options.afterStep?.(time, group, lateness);
    }
    await runtime.onTime(now);
    await this.options.venueClock?.(now);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: Error) => {
      this.options.log.error({ err: err.message }, 'bar pipeline step failed');
    });
  }
}
