// A long-lived strategy instance for live trading, inside the sandbox: the same engine as in a
// backtest, with the remote broker port (the live contract). Each step takes what the real broker
// did since the last one (acknowledgements, fills, cancellations, rejections, expiries, keyed by
// client order id) and the new bars, runs the engine's timesteps (engine/timestep.ts) and its
// clock, and returns the orders and cancellations the strategy asked for — plain data that the
// daemon's deployment runner passes through the risk gate to the broker.
import { ZERO_COSTS } from '../../costs/cost-model';
import type { Instrument } from '../../core/instrument';
import type { Order, OrderReason, Trail } from '../../core/order';
import { ORDER_REASONS } from '../../core/order';
import { clientOrderIds, type ClientOrderIdOptions } from '../../core/order-id';
import { Engine } from '../../engine/engine';
import type { EngineSnapshot } from '../../engine/restore';
import { runTimestep } from '../../engine/timestep';
import type { AnyStrategy } from '../../strategies/strategy';
import type { CallTracker } from './call-tracker';
import { RemoteBrokerPort, type CancelIntent } from './remote-broker-port';

export interface LiveSessionConfig {
  symbols: string[];
  /** One per symbol (the instrument master's): tick and lot sizes drive rounding and lot checks. */
  instruments: Instrument[];
  params: Record<string, unknown>;
  /** The capital the deployment started with (cash when there is no `restore`). */
  cash: number;
  product: 'delivery' | 'intraday';
  /**
   * Client order ids: `prefix-session-counter` (core/order-id.ts). The session must differ at
   * every start (the runner draws it from a database sequence), so no id is ever reused.
   */
  orderIds: ClientOrderIdOptions;
  /** A restarted deployment: cash, positions and working orders from the ledger (engine/restore.ts). */
  restore?: EngineSnapshot;
  /** Bars fed to the indicators before live trading, with the strategy not called. */
  warmup?: LiveBar[];
}

export interface LiveBar {
  /** Index into `symbols`. */
  symbol: number;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** What the real broker did with an order, named by its client order id. */
export type LiveEvent =
  | { type: 'accepted'; clientOrderId: string; time: number }
  | { type: 'fill'; clientOrderId: string; qty: number; price: number; time: number; costs: number }
  | {
      type: 'cancelled' | 'rejected' | 'expired';
      clientOrderId: string;
      reason: OrderReason;
      time: number;
      /** The broker's own words. */
      message?: string;
    };

export interface LiveStepInput {
  /** Bars of history for the indicators only (a deployment's warm-up), fed before anything else. */
  warmup?: LiveBar[];
  events: LiveEvent[];
  bars: LiveBar[];
  /**
   * The runner's clock, at or after the bars' times: time-driven events due by then (intraday
   * square-off) run after the bars, also when the feed is silent. Omitted: the bars' times only.
   */
  now?: number;
}

export interface LiveOrderIntent {
  /** The order's number in this session (parentId and ocoId refer to it). */
  id: number;
  /** Durable identity: the ledger's key and the broker's correlation id. */
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: string;
  qty: number;
  limitPrice: number | null;
  stopPrice: number | null;
  trail: Trail | null;
  tag: string | null;
  parentId: number | null;
  ocoId: number | null;
  /** The same links by client order id. */
  parentClientOrderId: string | null;
  ocoClientOrderId: string | null;
  /** strategy, bracket (a filled entry's leg) or square_off. */
  createdBy: string;
  createdTime: number;
}

export interface LiveStepOutput {
  orders: LiveOrderIntent[];
  cancels: CancelIntent[];
  /** Client order ids of events that named no working order of this session (ended, or unknown). */
  ignored: string[];
  positions: { symbol: string; qty: number; avgPrice: number | null }[];
  /** When the runner should step again with `now` even without bars (square-off); null: never. */
  nextTimeEvent: number | null;
}

export interface LiveSession {
  /** The most bars of history any symbol needs before the strategy's first call. */
  readonly warmupBars: number;
  step(input: LiveStepInput): LiveStepOutput;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function loadBar(engine: Engine, bar: LiveBar): void {
  const slot = engine.barSlot(bar.symbol);
  slot.time = bar.time;
  slot.open = bar.open;
  slot.high = bar.high;
  slot.low = bar.low;
  slot.close = bar.close;
  slot.volume = bar.volume;
}

/** Runs the bars as timesteps: bars with the same time are one step (engine/timestep.ts). */
function runBars(engine: Engine, bars: LiveBar[], symbolCount: number): void {
  const sorted = [...bars].sort((a, b) => a.time - b.time || a.symbol - b.symbol);
  const active = new Int32Array(symbolCount);
  for (let i = 0; i < sorted.length;) {
    const time = sorted[i]!.time;
    let count = 0;
    for (; i < sorted.length && sorted[i]!.time === time; i++) {
      const bar = sorted[i]!;
      if (!(Number.isInteger(bar.symbol) && bar.symbol >= 0 && bar.symbol < symbolCount))
        throw new RangeError(`bar for symbol index ${bar.symbol}; the session has ${symbolCount}`);
      if (count > 0 && active[count - 1] === bar.symbol)
        throw new RangeError(`two bars for symbol index ${bar.symbol} at ${time}`);
      loadBar(engine, bar);
      active[count++] = bar.symbol;
    }
    runTimestep(engine, time, active, count);
  }
}

function warmUp(engine: Engine, bars: LiveBar[], symbolCount: number): void {
  for (const bar of [...bars].sort((a, b) => a.time - b.time || a.symbol - b.symbol)) {
    if (!(Number.isInteger(bar.symbol) && bar.symbol >= 0 && bar.symbol < symbolCount))
      throw new RangeError(`warm-up bar for symbol index ${bar.symbol}; the session has ${symbolCount}`);
    loadBar(engine, bar);
    engine.warmUp(bar.symbol);
  }
}

function bookEvent(broker: RemoteBrokerPort, e: LiveEvent): boolean {
  switch (e.type) {
    case 'accepted':
      return broker.accept(e.clientOrderId);
    case 'fill':
      return broker.fill(e.clientOrderId, e.qty, e.price, e.time, {
        ...ZERO_COSTS,
        brokerage: e.costs,
        total: e.costs,
      });
    default:
      return (
        ORDER_REASONS.includes(e.reason) && broker.close(e.clientOrderId, e.type, e.reason, e.time, e.message)
      );
  }
}

function intent(o: Order, clientId: (id: number | undefined) => string | null): LiveOrderIntent {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    qty: o.qty,
    limitPrice: finite(o.limitPrice),
    stopPrice: finite(o.stopPrice),
    trail: o.trail ? { ...o.trail } : null,
    tag: o.tag === undefined ? null : String(o.tag).slice(0, 200),
    parentId: o.parentId ?? null,
    ocoId: o.ocoId ?? null,
    parentClientOrderId: clientId(o.parentId),
    ocoClientOrderId: clientId(o.ocoId),
    createdBy: o.createdBy,
    createdTime: o.createdTime,
  };
}

export function openLiveSession(
  strategy: AnyStrategy,
  params: Record<string, unknown>,
  config: LiveSessionConfig,
  tracker: CallTracker,
): LiveSession {
  let port: RemoteBrokerPort | undefined;
  const engine = new Engine({
    symbols: config.symbols,
    instruments: config.instruments,
    strategy,
    params,
    initialCash: config.cash,
    product: config.product,
    broker: (context) => (port = new RemoteBrokerPort(config.symbols.length, context)),
    orderIds: clientOrderIds(config.orderIds),
    ...(config.restore ? { restore: config.restore } : {}),
  });
  const broker = port!;
  if (config.warmup?.length) warmUp(engine, config.warmup, config.symbols.length);
  // Client ids of every order this session made or adopted, by number (for parent/oco links).
  const clientIds = new Map<number, string>();
  for (let s = 0; s < config.symbols.length; s++)
    for (const o of broker.openOrders(s)) clientIds.set(o.id, o.clientOrderId);
  const clientId = (id: number | undefined) => (id === undefined ? null : (clientIds.get(id) ?? null));
  let warmupBars = 0;
  for (let s = 0; s < config.symbols.length; s++) warmupBars = Math.max(warmupBars, engine.warmupOf(s));
  return {
    warmupBars,
    step(input) {
      if (input.warmup?.length) warmUp(engine, input.warmup, config.symbols.length);
      const ignored: string[] = [];
      for (const e of input.events) if (!bookEvent(broker, e)) ignored.push(String(e.clientOrderId));
      runBars(engine, input.bars, config.symbols.length);
      if (input.now !== undefined) engine.onTime(input.now);
      tracker.phase('result');
      const { orders, cancels } = broker.drain();
      for (const o of orders) clientIds.set(o.id, o.clientOrderId);
      const next = engine.nextTimeEvent(engine.time);
      return {
        orders: orders.map((o) => intent(o, clientId)),
        cancels,
        ignored,
        positions: engine.portfolio.positions.map((p) => ({
          symbol: p.symbol,
          qty: p.qty,
          avgPrice: finite(p.avgPrice),
        })),
        nextTimeEvent: Number.isFinite(next) ? next : null,
      };
    },
  };
}
