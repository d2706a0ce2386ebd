// A deployment of user code: the strategy's decisions come from its sandbox, everything else is
// the runner's usual path. The sandbox runs the engine with the strategy (sandbox/live-strategy.ts:
// the same engine source, so the strategy's context, sizing, brackets and square-off are the
// backtest's own) behind a remote broker port; what leaves it is order and cancel intents, plain
// and checked. Here each intent becomes an engine Order of the deployment's own engine — a
// bookkeeping engine with no strategy logic of its own (PASSIVE_STRATEGY) — and is handed to the
// engine bridge exactly as a template's order is: paused rule, risk gate, ledger outbox, venue.
// What the bridge reports back to that engine (fills, closes, acknowledgements) is also queued
// for the sandbox, which hears it at its next step, before the next bars: the backtester's order.
//
// Why not the sandbox's engine alone: the bridge, the risk gate's books and the run's result read
// an engine in the daemon; an engine in the sandbox is the strategy's to tamper with (it can only
// fool itself), so the daemon's books must not depend on it. Why not the daemon's engine with
// callbacks into the sandbox: the engine is synchronous and a strategy calls its context
// synchronously, while the sandbox is another process — every ctx.position or ctx.buy would be a
// blocking round trip.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Fill } from '../../core/fill';
import {
  ORDER_CREATORS,
  ORDER_REASONS,
  type Order,
  type OrderCreator,
  type OrderReason,
  type OrderType,
} from '../../core/order';
import type { BarView } from '../../indicators/indicator';
import type { BrokerListener } from '../../engine/broker-port';
import type { AnyStrategy } from '../../strategies/strategy';
import type {
  LiveBar,
  LiveEvent,
  LiveOrderIntent,
  LiveStepResult,
  LiveStrategy,
} from '../../sandbox/live-strategy';

/** The strategy of the daemon's engine for a code deployment: no indicators, no decisions. */
export const PASSIVE_STRATEGY: AnyStrategy = {
  name: 'sandboxed',
  description: 'user code: decisions are made in the sandbox',
  params: z.object({}),
  init: () => undefined,
  onBar: () => undefined,
};

/** What the decisions are applied to: the deployment's engine bridge, through its BrokerPort. */
export interface DecisionTarget {
  submit(order: Order): void;
  cancel(order: Order, reason: OrderReason): void;
  /** The close of symbol `s`'s last bar (an order's creation price, as the engine records it). */
  lastClose(s: number): number;
}

export interface DecisionStep {
  bars?: readonly { symbolIndex: number; bar: BarView }[];
  /** The runner's clock: time events (intraday square-off) due by then run in the sandbox. */
  now?: number;
}

function liveBar(symbolIndex: number, bar: BarView): LiveBar {
  const { time, open, high, low, close, volume } = bar as BarView & { time: number };
  return { symbol: symbolIndex, time, open, high, low, close, volume };
}

export class SandboxDecisions {
  private events: LiveEvent[] = [];
  private warmup: LiveBar[] = [];
  /** Orders handed to the bridge, by client order id, until they end. */
  private readonly working = new Map<string, Order>();
  /** Of those, the ones whose acknowledgement the strategy has not heard yet. */
  private readonly unacknowledged = new Set<Order>();
  private readonly symbolIndex: Map<string, number>;
  /** The counter of this session's last client order id. */
  private lastCounter = 0;
  /** When the sandbox wants to be stepped with `now` (square-off); unknown before the first step. */
  private nextTime = -Infinity;

  constructor(
    private readonly live: LiveStrategy,
    symbols: readonly string[],
    /** `d<deployment>-<session base 36>-`: the only client order ids this session may create. */
    private readonly idHead: string,
  ) {
    this.symbolIndex = new Map(symbols.map((s, i) => [s, i]));
  }

  /** Stops the sandbox process. */
  close(): Promise<void> {
    return this.live.close();
  }

  /** Working orders restored from the ledger after a restart: the sandbox adopted the same ones. */
  adopt(orders: readonly Order[]): void {
    for (const order of orders) this.working.set(order.clientOrderId, order);
  }

  /** The engine's broker listener, teed: every fill and close is also queued for the sandbox. */
  tee(inner: BrokerListener): BrokerListener {
    return {
      onFill: (order: Order, fill: Fill) => {
        inner.onFill(order, fill);
        this.acknowledge(order);
        this.events.push({
          type: 'fill',
          clientOrderId: order.clientOrderId,
          qty: fill.qty,
          price: fill.price,
          time: fill.time,
          costs: fill.costs.total,
        });
        if (order.status === 'filled') this.forget(order);
      },
      onOrderClosed: (order: Order) => {
        inner.onOrderClosed(order);
        const status = order.status as 'cancelled' | 'rejected' | 'expired';
        this.events.push({
          type: status,
          clientOrderId: order.clientOrderId,
          reason: order.reason ?? 'cancelled_by_broker',
          time: order.time === order.time ? order.time : 0,
          ...(order.message !== undefined ? { message: order.message } : {}),
        });
        this.forget(order);
      },
    };
  }

  /** A bar of history for the strategy's indicators, sent with the next step. */
  warmUp(symbolIndex: number, bar: BarView): void {
    this.warmup.push(liveBar(symbolIndex, bar));
  }

  /** Something for the sandbox to hear, or a time event due by `now` (a timer without bars). */
  due(now: number): boolean {
    return this.events.length > 0 || this.timeDue(now) || this.pendingAcks();
  }

  /**
   * Before a timestep's broker phase: a time event is due (square-off), or the strategy has yet
   * to hear of an order that ended (a refusal it may answer, as it would have at once natively).
   */
  dueBeforeBars(time: number): boolean {
    return this.timeDue(time) || this.events.some((e) => e.type !== 'fill' && e.type !== 'accepted');
  }

  private timeDue(now: number): boolean {
    return this.nextTime <= now;
  }

  nextTimeEvent(): number {
    return this.nextTime === -Infinity ? Infinity : this.nextTime;
  }

  /** One sandbox step: what the bridge reported, then the bars; its intents go to `target`. */
  async step(input: DecisionStep, target: DecisionTarget): Promise<void> {
    for (const order of this.unacknowledged) if (order.status === 'open') this.acknowledge(order);
    const events = this.events;
    const warmup = this.warmup;
    this.events = [];
    this.warmup = [];
    const out = await this.live.step({
      ...(warmup.length ? { warmup } : {}),
      events,
      bars: (input.bars ?? []).map((b) => liveBar(b.symbolIndex, b.bar)),
      ...(input.now !== undefined ? { now: input.now } : {}),
    });
    this.nextTime = out.nextTimeEvent ?? Infinity;
    this.apply(out, target);
  }

  private apply(out: LiveStepResult, target: DecisionTarget): void {
    // Checked before anything is handed over: a step is applied whole or not at all.
    const orders = out.orders.map((i) => this.orderOf(i, target));
    const cancels = out.cancels.map((c) => {
      if (!ORDER_REASONS.includes(c.reason))
        throw new AppError('STRATEGY_FAILED', `the strategy cancelled with an unknown reason '${c.reason}'`);
      return { order: this.working.get(c.clientOrderId), reason: c.reason };
    });
    for (const order of orders) {
      this.working.set(order.clientOrderId, order);
      this.unacknowledged.add(order);
      target.submit(order);
    }
    // A cancel of an order that has ended meanwhile (or was never this session's) is moot.
    for (const c of cancels) if (c.order) target.cancel(c.order, c.reason);
  }

  private orderOf(i: LiveOrderIntent, target: DecisionTarget): Order {
    const s = this.symbolIndex.get(i.symbol);
    const bad = (what: string) =>
      new AppError('STRATEGY_FAILED', `the strategy's order ${i.clientOrderId} has ${what}`);
    if (s === undefined) throw bad(`a symbol outside the deployment ('${i.symbol}')`);
    // This session's ids only, each counter above the last: a forged id can name no other
    // deployment's order, nor one of this session's again (the ledger would refuse it anyway).
    const counter = i.clientOrderId.startsWith(this.idHead)
      ? Number(i.clientOrderId.slice(this.idHead.length))
      : NaN;
    if (!Number.isSafeInteger(counter) || counter <= this.lastCounter)
      throw bad(
        `a client order id that is not this session's next (expected ${this.idHead}${this.lastCounter + 1}…)`,
      );
    this.lastCounter = counter;
    if (!ORDER_CREATORS.includes(i.createdBy as OrderCreator)) throw bad(`creator '${i.createdBy}'`);
    if (!Number.isSafeInteger(i.qty) || i.qty <= 0) throw bad(`quantity ${i.qty}`);
    return {
      id: i.id,
      clientOrderId: i.clientOrderId,
      symbolIndex: s,
      symbol: i.symbol,
      side: i.side,
      qty: i.qty,
      type: i.type as OrderType,
      limitPrice: i.limitPrice ?? NaN,
      stopPrice: i.stopPrice ?? NaN,
      trail: i.trail ?? undefined,
      tag: i.tag ?? undefined,
      createdBy: i.createdBy as OrderCreator,
      createdTime: i.createdTime,
      createdPrice: target.lastClose(s),
      status: 'new',
      reason: undefined,
      message: undefined,
      triggered: false,
      time: NaN,
      filledQty: 0,
      avgFillPrice: NaN,
      costs: 0,
      // Bracket legs are the sandbox engine's to open (they come back as intents of their own).
      bracket: undefined,
      parentId: i.parentId ?? undefined,
      ocoId: i.ocoId ?? undefined,
    };
  }

  private pendingAcks(): boolean {
    for (const order of this.unacknowledged) if (order.status === 'open') return true;
    return false;
  }

  private acknowledge(order: Order): void {
    if (!this.unacknowledged.delete(order)) return;
    this.events.push({ type: 'accepted', clientOrderId: order.clientOrderId, time: order.createdTime });
  }

  private forget(order: Order): void {
    this.working.delete(order.clientOrderId);
    this.unacknowledged.delete(order);
  }
}
