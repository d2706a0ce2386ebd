// One deployment's engine as it runs live or in paper: the strategy with its exact parameters,
// the instruments from the master, the engine bridge to the ledger, and the timestep the
// backtester takes — with the broker phase done by the venue (asynchronously) and every order
// of a phase at the venue before the next phase. The runtime has no timers and no feed of its
// own: a driver (replay-driver.ts, bar-pipeline.ts) hands it bars and the time.
//
//   timestep at bar time t:
//     1. clock     engine.onTime(t)          square-off orders queued; flushed to the venue
//     2. broker    venue steps (replay: the stored bar; live: ticks already did it); fills
//                  are booked in the ledger, then in the engine, before any strategy call
//     3. strategy  runTimestep(t): indicators, onBar; the orders it makes are flushed
import type { Logger } from 'pino';
import type { BarView } from '../../indicators/indicator';
import { AppError } from '../../core/errors';
import type { Instrument } from '../../core/instrument';
import { clientOrderIds } from '../../core/order-id';
import type { BrokerProduct } from '../../core/order-lifecycle';
import type { BrokerLink } from '../../broker/broker-link';
import { Engine } from '../../engine/engine';
import type { EngineSnapshot } from '../../engine/restore';
import { runTimestep } from '../../engine/timestep';
import type { AnyStrategy } from '../../strategies/strategy';
import type { Ledger } from '../ledger/ledger';
import type { Fence } from '../lease/lease-store';
import { EngineBridge, type BridgeInstrument, type OrderObserver } from './engine-bridge';
import type { PreTradeGate } from './pre-trade-gate';
import { pausedGate } from './paused-gate';
import { staleFeedGate } from './stale-feed-gate';
import type { DecisionStep, SandboxDecisions } from './sandbox-decisions';
import { RuntimeBooks } from './runtime-books';

export interface RuntimeInstrument {
  instrumentId: number;
  instrument: Instrument;
}

export interface RuntimeSpec {
  deploymentId: number;
  brokerAccountId: number;
  strategy: AnyStrategy;
  params: Record<string, unknown>;
  strategyId?: number;
  strategyVersion?: number;
  instruments: readonly RuntimeInstrument[];
  product: BrokerProduct;
  capital: number;
  costModel: string;
  /** Differs at every start (the lease token): client order ids are never reused. */
  session: number;
  restore?: EngineSnapshot;
  /**
   * User code: its decisions come from its sandbox (sandbox-decisions.ts); `strategy` is then
   * PASSIVE_STRATEGY and the engine here only books (square-off is the sandbox engine's).
   */
  decisions?: SandboxDecisions;
}

export interface RuntimeDeps {
  ledger: Ledger;
  link: BrokerLink;
  fence: () => Fence | null;
  /** The pre-trade gate over this deployment's books (riskGatePort); none: only the paused rule. */
  gate?: (books: RuntimeBooks) => PreTradeGate;
  clock: () => number;
  observer?: OrderObserver;
  log: Logger;
  /** The deployment cannot go on: the strategy threw, or the bridge stopped (lease, database). */
  onError: (err: Error) => void;
  /** After each timestep (the risk side's loss limits between orders: risk-stops.ts). */
  afterStep?: (now: number) => Promise<void>;
  /** A live feed's staleness: no new entries on a stale symbol (stale-feed-gate.ts). */
  isStale?: (symbol: string) => boolean;
}

/** A bar of one of the deployment's symbols (by index), for a timestep. */
export interface StepBar {
  symbolIndex: number;
  bar: BarView;
}

export class DeploymentRuntime {
  readonly engine: Engine;
  readonly bridge: EngineBridge;
  readonly books: RuntimeBooks;
  private paused = false;
  /** The kill switch being flattened (its orders pass the orders trigger): risk-stops.ts. */
  flattenSwitchId: number | undefined;
  private failed: Error | undefined;
  private readonly active: Int32Array;

  constructor(
    readonly spec: RuntimeSpec,
    private readonly deps: RuntimeDeps,
  ) {
    this.books = new RuntimeBooks(() => this.engine, spec.capital, spec.instruments.length);
    const instruments: BridgeInstrument[] = spec.instruments.map((i) => ({
      instrumentId: i.instrumentId,
      instrument: i.instrument,
      product: spec.product,
    }));
    this.bridge = new EngineBridge({
      ledger: deps.ledger,
      link: deps.link,
      fence: deps.fence,
      deploymentId: spec.deploymentId,
      brokerAccountId: spec.brokerAccountId,
      costModel: spec.costModel,
      ...(spec.strategyId !== undefined ? { strategyId: spec.strategyId } : {}),
      ...(spec.strategyVersion !== undefined ? { strategyVersion: spec.strategyVersion } : {}),
      instruments,
      gate: pausedGate(
        () => this.paused,
        () => this.engine.portfolio,
        staleFeedGate(deps.isStale, () => this.engine.portfolio, deps.gate?.(this.books)),
      ),
      clock: deps.clock,
      flattenSwitch: () => this.flattenSwitchId,
      ...(deps.observer ? { observer: deps.observer } : {}),
      log: deps.log,
      onFatal: (err) => this.fail(err),
    });
    const decisions = spec.decisions;
    this.engine = new Engine({
      symbols: spec.instruments.map((i) => i.instrument.symbol),
      instruments: spec.instruments.map((i) => i.instrument),
      strategy: spec.strategy,
      params: spec.params,
      initialCash: spec.capital,
      product: spec.product === 'INTRADAY' && !decisions ? 'intraday' : 'delivery',
      broker: decisions
        ? (ctx) => {
            decisions.adopt(ctx.restoredOrders);
            return this.bridge.bind({ ...ctx, listener: decisions.tee(ctx.listener) });
          }
        : (ctx) => this.bridge.bind(ctx),
      orderIds: clientOrderIds({ prefix: `d${spec.deploymentId}`, session: spec.session }),
      ...(spec.restore ? { restore: spec.restore } : {}),
    });
    this.active = new Int32Array(spec.instruments.length);
  }

  get failure(): Error | undefined {
    return this.failed;
  }

  /** Paused: no new entries; exits, stops, bracket legs and square-off still go out. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** A bar of history: indicators only (no broker, no clock, no strategy call). */
  warmUp(symbolIndex: number, bar: BarView): void {
    copyBar(this.engine.barSlot(symbolIndex), bar);
    this.engine.warmUp(symbolIndex);
    this.spec.decisions?.warmUp(symbolIndex, bar);
  }

  /** Time passed without a bar (a timer): square-off and other time events, flushed. */
  async onTime(now: number): Promise<void> {
    if (this.failed) return;
    this.guard(() => this.engine.onTime(now));
    if (this.spec.decisions?.due(now)) await this.decide({ now });
    await this.bridge.flush();
  }

  /** When the engine's next time event falls after `now` (Infinity for none). */
  nextTimeEvent(now: number): number {
    const decisions = this.spec.decisions;
    return decisions ? decisions.nextTimeEvent() : this.engine.nextTimeEvent(now);
  }

  /**
   * One timestep at `time` (the bars' start) for the symbols with a bar. `venueStep` is the
   * broker phase: the venue works the working orders against the bar (replay), or nothing (live:
   * ticks already did).
   */
  async step(
    time: number,
    bars: readonly StepBar[],
    venueStep?: (b: StepBar) => Promise<void>,
  ): Promise<void> {
    if (this.failed) return;
    const now = this.deps.clock();
    for (const b of bars) this.books.seen(b.symbolIndex, now);
    this.guard(() => this.engine.onTime(time));
    if (this.spec.decisions?.dueBeforeBars(time)) await this.decide({ now: time });
    await this.bridge.flush();
    if (venueStep) for (const b of bars) await venueStep(b);
    await this.bridge.flush();
    if (this.failed) return;
    // Trailing stops the bar did not fill follow its close, as in the backtester's broker phase.
    for (const b of bars) this.bridge.trail(b.symbolIndex, b.bar.close);
    await this.bridge.flush();
    if (this.failed) return;
    const sorted = [...bars].sort((a, b) => a.symbolIndex - b.symbolIndex);
    sorted.forEach((b, k) => {
      copyBar(this.engine.barSlot(b.symbolIndex), b.bar);
      this.active[k] = b.symbolIndex;
    });
    this.guard(() => runTimestep(this.engine, time, this.active, sorted.length));
    if (this.spec.decisions) await this.decide({ bars: sorted });
    await this.bridge.flush();
    if (this.deps.afterStep && !this.failed) {
      await this.deps.afterStep(now);
      await this.bridge.flush();
    }
  }

  /** Waits for every queued order and cancel to be handled. */
  settle(): Promise<void> {
    return this.bridge.flush();
  }

  /** A sandbox step of a code deployment; its orders and cancels are queued to the bridge. */
  private async decide(input: DecisionStep): Promise<void> {
    if (this.failed) return;
    try {
      await this.spec.decisions!.step(input, {
        submit: (order) => this.bridge.submit(order),
        cancel: (order, reason) => this.bridge.cancel(order, reason),
        lastClose: (s) => this.engine.barSlot(s).close,
      });
    } catch (err) {
      this.fail(strategyError(err));
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.fail(strategyError(err));
    }
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    this.deps.onError(err);
  }
}

function copyBar(slot: BarView & { time: number }, bar: BarView): void {
  const s = slot as { time: number; open: number; high: number; low: number; close: number; volume: number };
  s.time = bar.time;
  s.open = bar.open;
  s.high = bar.high;
  s.low = bar.low;
  s.close = bar.close;
  s.volume = bar.volume;
}

/** A strategy's exception as the deployment's error: its message, its stack kept for the row. */
function strategyError(err: unknown): Error {
  if (err instanceof AppError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const wrapped = new AppError('STRATEGY_FAILED', `the strategy threw: ${e.message}`);
  wrapped.stack = e.stack;
  return wrapped;
}
