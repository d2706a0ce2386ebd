// A long-lived strategy instance for live trading, inside the sandbox: the same engine as in a
// backtest, with the remote broker port. Each step takes what happened since the last one (fills,
// cancellations, rejections reported by the real broker) and the new bars, runs the engine's
// timesteps, and returns the orders and cancellations the strategy asked for — plain data that
// the daemon's deployment runner passes through the risk gate to the broker.
import { ZERO_COSTS } from '../../costs/cost-model';
import { noCosts } from '../../costs/simple-commissions';
import type { Instrument } from '../../core/instrument';
import type { OrderReason, Trail } from '../../core/order';
import { ORDER_REASONS } from '../../core/order';
import { Engine } from '../../engine/engine';
import { NO_SLIPPAGE } from '../../engine/slippage';
import type { AnyStrategy } from '../../strategies/strategy';
import type { CallTracker } from './call-tracker';
import { RemoteBrokerPort, type CancelIntent } from './remote-broker-port';

export interface LiveSessionConfig {
  symbols: string[];
  /** One per symbol; tick and lot sizes drive rounding and lot checks. */
  instruments: Instrument[];
  params: Record<string, unknown>;
  /** Cash before the positions below were bought (they are booked at their average price). */
  cash: number;
  product: 'delivery' | 'intraday';
  /** Positions held when the session opens (a restarted deployment). */
  positions?: { symbol: string; qty: number; avgPrice: number }[];
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

export type LiveEvent =
  | { type: 'fill'; orderId: number; qty: number; price: number; time: number; costs: number }
  | { type: 'cancelled' | 'rejected'; orderId: number; reason: OrderReason; time: number };

export interface LiveStepInput {
  events: LiveEvent[];
  bars: LiveBar[];
}

export interface LiveOrderIntent {
  id: number;
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
  createdTime: number;
}

export interface LiveStepOutput {
  orders: LiveOrderIntent[];
  cancels: CancelIntent[];
  /** Events that named no pending order of this session (already closed, or unknown). */
  ignored: number[];
  positions: { symbol: string; qty: number; avgPrice: number | null }[];
}

export interface LiveSession {
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

/** Runs the bars as timesteps: bars with the same time are one step (all broker phases first). */
function runBars(engine: Engine, bars: LiveBar[], symbolCount: number): void {
  const sorted = [...bars].sort((a, b) => a.time - b.time || a.symbol - b.symbol);
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.time === sorted[i]!.time) j++;
    const step = sorted.slice(i, j);
    for (const bar of step) {
      if (!(bar.symbol >= 0 && bar.symbol < symbolCount))
        throw new RangeError(`bar for symbol index ${bar.symbol}; the session has ${symbolCount}`);
      loadBar(engine, bar);
      engine.brokerPhase(bar.symbol);
    }
    for (const bar of step) engine.strategyPhase(bar.symbol);
    engine.endStep();
    i = j;
  }
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
    costs: noCosts(),
    slippage: NO_SLIPPAGE,
    product: config.product,
    broker: (_portfolio, listener) => (port = new RemoteBrokerPort(config.symbols.length, listener)),
  });
  const broker = port!;
  for (const p of config.positions ?? []) {
    const s = config.symbols.indexOf(p.symbol);
    if (s < 0 || p.qty === 0) continue;
    engine.portfolio.applyFill(
      s,
      {
        orderId: 0,
        symbolIndex: s,
        side: p.qty > 0 ? 'buy' : 'sell',
        qty: Math.abs(p.qty),
        price: p.avgPrice,
        time: NaN,
        costs: { ...ZERO_COSTS },
      },
      0,
    );
  }
  if (config.warmup?.length) {
    engine.trading = false;
    runBars(engine, config.warmup, config.symbols.length);
    engine.trading = true;
    broker.drain();
  }
  return {
    step(input) {
      const ignored: number[] = [];
      for (const e of input.events) {
        const booked =
          e.type === 'fill'
            ? broker.fill(e.orderId, e.qty, e.price, e.time, {
                ...ZERO_COSTS,
                brokerage: e.costs,
                total: e.costs,
              })
            : ORDER_REASONS.includes(e.reason) && broker.close(e.orderId, e.type, e.reason, e.time);
        if (!booked) ignored.push(e.orderId);
      }
      runBars(engine, input.bars, config.symbols.length);
      tracker.phase('result');
      const { orders, cancels } = broker.drain();
      return {
        orders: orders.map((o) => ({
          id: o.id,
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
          createdTime: o.createdTime,
        })),
        cancels,
        ignored,
        positions: engine.portfolio.positions.map((p) => ({
          symbol: p.symbol,
          qty: p.qty,
          avgPrice: finite(p.avgPrice),
        })),
      };
    },
  };
}
