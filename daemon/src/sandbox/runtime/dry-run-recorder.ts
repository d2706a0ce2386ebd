// A dry run: a short backtest that records what the strategy did — the first bars its onBar saw
// and the first orders it placed — so a user sees their code at work right after saving it. The
// record survives a failure: what happened up to the error is reported with it.
import type { Order } from '../../core/order';
import type { BacktestResult } from '../../engine/result';
import type { AnyStrategy, StrategyContext } from '../../strategies/strategy';
import { ORDER_METHODS } from './strategy-module';

export interface DryRunBar {
  symbol: string;
  index: number;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface DryRunOrder {
  id: number;
  symbol: string;
  side: string;
  type: string;
  qty: number;
  limitPrice: number;
  stopPrice: number;
  createdTime: number;
  tag: string | undefined;
  /** As the run ended (sent or open when it was still working, or when the run failed first). */
  status: string;
  reason: string | undefined;
  /** Average price of its fills; NaN before any. */
  fillPrice: number;
  /** Time of its last fill or of its end; NaN before either. */
  fillTime: number;
}

export interface DryRunRecord {
  bars: DryRunBar[];
  orders: DryRunOrder[];
  /** onBar calls made, over every symbol. */
  onBarCalls: number;
  ordersPlaced: number;
  /** Set when the run completed. */
  summary?: { barsProcessed: number; trades: number; finalValue: number; initialCash: number };
}

function orderRow(o: Order): DryRunOrder {
  return {
    id: o.id,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    qty: o.qty,
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    createdTime: o.createdTime,
    tag: o.tag,
    status: o.status,
    reason: o.reason,
    fillPrice: o.avgFillPrice,
    fillTime: o.time,
  };
}

/**
 * Runs `run` with `strategy` wrapped to record; returns the record, and what was thrown if the run
 * failed (the caller describes it).
 */
export function recordDryRun(
  strategy: AnyStrategy,
  limits: { bars: number; orders: number },
  run: (recording: AnyStrategy) => BacktestResult,
): { record: DryRunRecord; failed: boolean; thrown?: unknown } {
  const record: DryRunRecord = { bars: [], orders: [], onBarCalls: 0, ordersPlaced: 0 };
  const placed: Order[] = [];
  const facades = new WeakMap<object, StrategyContext<unknown>>();
  const keep = (order: Order | undefined) => {
    if (!order) return;
    record.ordersPlaced++;
    if (placed.length < limits.orders) placed.push(order);
  };
  const facade = (ctx: StrategyContext<unknown>): StrategyContext<unknown> => {
    let f = facades.get(ctx);
    if (f) return f;
    f = Object.create(ctx) as StrategyContext<unknown>;
    for (const name of ORDER_METHODS) {
      const method = ctx[name] as (...args: unknown[]) => Order | undefined;
      // Configurable: the order guard (strategy-module.ts) wraps it in turn.
      Object.defineProperty(f, name, {
        configurable: true,
        value: (...args: unknown[]) => {
          const order = method.apply(ctx, args);
          keep(order);
          return order;
        },
      });
    }
    facades.set(ctx, f);
    return f;
  };
  const recording: AnyStrategy = {
    ...strategy,
    onBar(ctx, state) {
      record.onBarCalls++;
      if (record.bars.length < limits.bars) {
        const b = ctx.bar;
        record.bars.push({
          symbol: ctx.symbol,
          index: ctx.index,
          time: b.time,
          open: b.open,
          high: b.high,
          low: b.low,
          close: b.close,
          volume: b.volume,
        });
      }
      strategy.onBar(facade(ctx), state);
    },
  };
  const finish = () => {
    record.orders = placed.map(orderRow);
  };
  try {
    const result = run(recording);
    finish();
    record.summary = {
      barsProcessed: result.barsProcessed,
      trades: result.trades.length,
      finalValue: result.finalValue,
      initialCash: result.initialCash,
    };
    return { record, failed: false };
  } catch (thrown) {
    finish();
    return { record, failed: true, thrown };
  }
}
