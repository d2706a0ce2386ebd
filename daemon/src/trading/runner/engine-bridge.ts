// The engine's broker port for paper and live trading: every order the engine hands over goes
// through the pre-trade gate, is committed to the ledger with its signal (outbox) and only then
// sent through the BrokerLink. What the venue reports comes back through the ledger (applied,
// idempotent, booked exactly) and is handed to the engine's listener: acknowledgements, partial
// fills, cancellations, rejections and expiries.
//
// The engine is synchronous and the ledger is not, so submit() and cancel() only queue the
// request; the queue runs one request at a time in the order the engine made them (a cancel never
// overtakes its order). A driver awaits flush() between the phases of a timestep so that every
// order of a bar is at the venue before the venue sees the next bar — the backtester's order.
import type { Logger } from 'pino';
import type { Fill, FillCosts } from '../../core/fill';
import type { Instrument } from '../../core/instrument';
import { endOrder, isWorking, moveOrder, recordFill, type Order, type OrderReason } from '../../core/order';
import { canMoveOrder, type BrokerProduct } from '../../core/order-lifecycle';
import { ORDER_REASON_SOURCES } from '../../core/order';
import { fillCharges, microsToBreakdown, orderCostModel } from '../../costs';
import { BrokerError, type BrokerLink } from '../../broker/broker-link';
import type { BrokerContext, BrokerListener, BrokerPort } from '../../engine/broker-port';
import { trailedStopLevel } from '../../engine/fill-rules';
import type { Ledger } from '../ledger/ledger';
import type { LedgerFill, LedgerOrder, SubmitOrderInput } from '../ledger/ledger-types';
import type { OrderTransactionHook } from '../ledger/place-order';
import type { Fence } from '../lease/lease-store';
import { brokerOrderType, brokerPrices, engineReason } from './order-mapping';
import type { OrderRoute } from './ledger-router';
import type { PreTradeGate } from './pre-trade-gate';

export interface BridgeInstrument {
  /** The instrument master's row id. */
  instrumentId: number;
  instrument: Instrument;
  product: BrokerProduct;
}

export interface BridgeOptions {
  ledger: Ledger;
  link: BrokerLink;
  /** The deployment's lease fence (null only for tests without leases). */
  fence: () => Fence | null;
  deploymentId: number;
  brokerAccountId: number;
  /** 'india' (by product) or a cost model name: the ledger charges fills with it. */
  costModel: string;
  strategyId?: number;
  strategyVersion?: number;
  /** By the engine's symbol index. */
  instruments: readonly BridgeInstrument[];
  gate?: PreTradeGate;
  /** The runner's clock (the gate's `now`). */
  clock: () => number;
  /** The kill switch whose flatten the orders created by 'flatten' carry out (risk-stops.ts). */
  flattenSwitch?: () => number | undefined;
  /** Attached to each new order's signal (what the strategy last reported for the symbol). */
  indicators?: (symbolIndex: number) => Record<string, number | string | boolean | null> | undefined;
  /** Told after the engine of each fill and each order closed (printing, metrics). */
  observer?: OrderObserver;
  log: Logger;
  /** The bridge cannot go on (lease lost, database gone while writing): stop the deployment. */
  onFatal: (err: Error) => void;
}

export interface OrderObserver {
  onFill?(order: Order, fill: Fill): void;
  onClosed?(order: Order): void;
}

interface Tracked {
  order: Order;
  ledgerId?: number;
  cancelReason?: OrderReason;
  /** A trailing stop: the trigger the venue's order has (the engine's moves first, then it). */
  venueStop?: number;
  /** A trailing stop the venue would not move any more (its modification limit): it stays put. */
  trailStopped?: boolean;
}

/** The refused signal's reason for an order type no venue takes. */
const UNSUPPORTED_TYPE = 'order_type_not_supported';

const ZERO_COSTS: FillCosts = {
  brokerage: 0,
  stt: 0,
  exchange: 0,
  sebi: 0,
  ipft: 0,
  stamp: 0,
  gst: 0,
  dp: 0,
  total: 0,
};

export class EngineBridge implements BrokerPort, OrderRoute {
  private listener: BrokerListener | undefined;
  private readonly byClientId = new Map<string, Tracked>();
  private readonly byId = new Map<number, Tracked>();
  private readonly working: Order[][];
  private tail: Promise<void> = Promise.resolve();
  private readonly signalCount = new Map<string, number>();
  private failed: Error | undefined;

  constructor(private readonly options: BridgeOptions) {
    this.working = options.instruments.map(() => []);
  }

  /** The engine's BrokerFactory: `broker: (ctx) => bridge.bind(ctx)`. */
  bind(context: BrokerContext): this {
    this.listener = context.listener;
    for (const order of context.restoredOrders) this.track(order);
    return this;
  }

  submit(order: Order): void {
    this.track(order);
    this.enqueue(() => this.place(order));
  }

  cancel(order: Order, reason: OrderReason): void {
    const tracked = this.byClientId.get(order.clientOrderId);
    if (!tracked || !isWorking(order) || tracked.cancelReason !== undefined) return;
    tracked.cancelReason = reason;
    this.enqueue(() => this.requestCancel(tracked, reason));
  }

  openOrders(symbolIndex: number): Order[] {
    return this.working[symbolIndex]!.slice();
  }

  /** Resolves when every request queued so far has been handled. */
  flush(): Promise<void> {
    return this.tail;
  }

  /**
   * Runs `task` between the queued requests: no order of this bridge is being committed or sent
   * meanwhile (settling unknown sends, unknown-sends.ts). Its failure is the caller's, not the
   * bridge's.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * After the venue has worked a bar of the symbol: each working trailing stop follows the bar's
   * close as the backtester's does (`trailedStopLevel`), and a level that moved is sent to the
   * venue as a new trigger of its stop-loss-market order (queued in order; the venue reports the
   * modification and the ledger records it). Await flush() before the next bar.
   */
  trail(symbolIndex: number, close: number): void {
    const tick = this.options.instruments[symbolIndex]!.instrument.tickSize;
    for (const order of this.working[symbolIndex]!) {
      if (order.type !== 'trailing-stop' || (order.status !== 'open' && order.status !== 'partially_filled'))
        continue;
      const tracked = this.byClientId.get(order.clientOrderId)!;
      if (tracked.trailStopped || tracked.cancelReason !== undefined) continue;
      tracked.venueStop ??= order.stopPrice;
      const level = trailedStopLevel(order.side, order.trail!, order.stopPrice, close, tick);
      if (level === order.stopPrice) continue;
      order.stopPrice = level;
      this.enqueue(() => this.moveStop(tracked, level));
    }
  }

  /** The error that stopped the bridge, if any (nothing is sent after it). */
  get failure(): Error | undefined {
    return this.failed;
  }

  owns(clientOrderId: string): boolean {
    return this.byClientId.has(clientOrderId);
  }

  /** A ledger row changed: move the engine's order along (fills arrive through onLedgerFill). */
  onLedgerOrder(row: LedgerOrder): void {
    const tracked = this.byClientId.get(row.clientOrderId);
    if (!tracked) return;
    tracked.ledgerId ??= row.id;
    const order = tracked.order;
    if (!isWorking(order)) return;
    const s = row.status;
    if (s === 'sent' || s === 'open') {
      if (order.status !== s && canMoveOrder(order.status, s)) moveOrder(order, s);
      return;
    }
    if (s !== 'cancelled' && s !== 'rejected' && s !== 'expired') return;
    // Fills the ledger booked reach the engine first (their events come before the close).
    if (row.filledQty > order.filledQty) return;
    const time = (row.closedAt ?? new Date(this.options.clock())).getTime();
    endOrder(order, s, engineReason(row, tracked.cancelReason), time, row.reason ?? undefined);
    this.settle(order);
    this.listener?.onOrderClosed(order);
    this.options.observer?.onClosed?.(order);
  }

  /** A fill was booked in the ledger: book it in the engine with the same charges. */
  onLedgerFill(fill: LedgerFill): void {
    const tracked = this.byClientId.get(fill.clientOrderId);
    if (!tracked || !isWorking(tracked.order)) return;
    const order = tracked.order;
    const price = Number(fill.price);
    const time = fill.filledAt.getTime();
    const costs = this.chargesOf(order, fill.qty, price, time);
    recordFill(order, fill.qty, price, time, costs.total);
    const engineFill: Fill = {
      orderId: order.id,
      symbolIndex: order.symbolIndex,
      side: order.side,
      qty: fill.qty,
      price,
      time,
      costs,
    };
    if (order.status === 'filled') this.settle(order);
    this.listener?.onFill(order, engineFill);
    this.options.observer?.onFill?.(order, engineFill);
    if (order.status === 'filled' && order.ocoId !== undefined) {
      const partner = this.byId.get(order.ocoId);
      if (partner) this.cancel(partner.order, 'oco');
    }
  }

  private chargesOf(order: Order, qty: number, price: number, time: number): FillCosts {
    const bi = this.options.instruments[order.symbolIndex]!;
    const model = orderCostModel(this.options.costModel, bi.product, bi.instrument.kind);
    const before = {
      side: order.side,
      filledQty: order.filledQty,
      filledValue: order.filledQty === 0 ? 0 : order.avgFillPrice * order.filledQty,
    };
    const charges = microsToBreakdown(fillCharges(model, bi.instrument, before, { qty, price, time }));
    return { ...ZERO_COSTS, ...charges };
  }

  private track(order: Order): void {
    const tracked: Tracked = { order };
    this.byClientId.set(order.clientOrderId, tracked);
    this.byId.set(order.id, tracked);
    if (isWorking(order)) this.working[order.symbolIndex]!.push(order);
  }

  private settle(order: Order): void {
    const list = this.working[order.symbolIndex]!;
    const k = list.indexOf(order);
    if (k >= 0) list.splice(k, 1);
  }

  private enqueue(task: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.failed) return;
      try {
        await task();
      } catch (err) {
        this.fail(err as Error);
      }
    });
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    this.options.log.error(
      { err: err.message, code: (err as { code?: string }).code },
      'engine bridge stopped',
    );
    this.options.onFatal(err);
  }

  private async place(order: Order): Promise<void> {
    if (!isWorking(order)) return;
    const o = this.options;
    const bi = o.instruments[order.symbolIndex]!;
    const type = brokerOrderType(order.type);
    if (type === undefined) {
      // Refused before the venue, like a risk denial: the signal stays visible with its reason.
      await o.ledger.recordRefusedSignal(
        o.deploymentId,
        bi.instrumentId,
        this.signalOf(order),
        UNSUPPORTED_TYPE,
      );
      this.reject(
        order,
        'broker_rejected',
        `${order.type} orders are not supported in paper or live trading (the ${o.link.venue} venue takes market, limit, stop and stop-limit orders): use a stop order the strategy moves itself`,
      );
      return;
    }
    const input = this.submitInput(order, bi, type);
    if (o.gate) {
      const decision = o.gate.check(order, bi, o.clock());
      if (!decision.allowed) {
        const signalId = await o.ledger.recordRefusedSignal(
          o.deploymentId,
          bi.instrumentId,
          input.signal!,
          decision.code,
        );
        await decision.record({ signalId, clientOrderId: order.clientOrderId });
        this.reject(order, 'risk_denied', decision.message);
        return;
      }
      await decision.prepare();
      // Signal, approval and order commit together (one transaction): an order never exists
      // without its approval, and the decision costs one durable commit.
      await this.send(order, bi, input, (db, row) =>
        decision.record(db, { signalId: row.signalId, clientOrderId: order.clientOrderId }),
      );
      return;
    }
    await this.send(order, bi, input);
  }

  private async send(
    order: Order,
    bi: BridgeInstrument,
    input: SubmitOrderInput,
    inTransaction?: OrderTransactionHook,
  ): Promise<void> {
    const o = this.options;
    const tracked = this.byClientId.get(order.clientOrderId)!;
    if (order.status === 'new') moveOrder(order, 'sent');
    let result: Awaited<ReturnType<Ledger['place']>>;
    try {
      result = await o.ledger.place(o.fence(), input, o.link, inTransaction);
    } catch (err) {
      if (!isKillSwitchRefusal(err)) throw err;
      await this.refuseForKillSwitch(order, bi, input, err as Error);
      return;
    }
    tracked.ledgerId ??= result.order.id;
    if (!result.created) {
      // Recorded before (a repeated signal): the ledger's row says where it stands.
      this.onLedgerOrder(result.order);
      return;
    }
    // Acknowledgements and rejections reach onLedgerOrder through the ledger's listener; an
    // unknown outcome stays `sent` until recovery looks the order up (never a second send).
    if (result.outcome === 'unknown')
      this.options.log.warn(
        { clientOrderId: order.clientOrderId },
        'send outcome unknown; recovery will look it up',
      );
  }

  /**
   * The database's orders trigger refused the write (SQLSTATE QTK01): a kill switch the gate had
   * not heard of yet covers the order. A refusal of this order, not a failure of the deployment:
   * nothing was written — its signal is stored as refused with code kill_switch — or, for an order
   * an earlier run left unsent, that order is closed, never sent.
   */
  private async refuseForKillSwitch(
    order: Order,
    bi: BridgeInstrument,
    input: SubmitOrderInput,
    err: Error,
  ): Promise<void> {
    const o = this.options;
    const tracked = this.byClientId.get(order.clientOrderId)!;
    const written = await o.ledger.order({ clientOrderId: order.clientOrderId });
    if (written?.status === 'new') {
      tracked.ledgerId = written.id;
      tracked.cancelReason = 'kill_switch';
      const cancelled = await o.ledger.cancel(o.fence(), written.id, 'kill_switch', o.link);
      this.onLedgerOrder(cancelled.order);
      return;
    }
    if (written) {
      this.onLedgerOrder(written);
      return;
    }
    await o.ledger.recordRefusedSignal(o.deploymentId, bi.instrumentId, input.signal!, 'kill_switch');
    this.reject(order, 'risk_denied', err.message);
  }

  private submitInput(
    order: Order,
    bi: BridgeInstrument,
    type: SubmitOrderInput['orderType'],
  ): SubmitOrderInput {
    const o = this.options;
    const flattenSwitchId = order.createdBy === 'flatten' ? o.flattenSwitch?.() : undefined;
    return {
      clientOrderId: order.clientOrderId,
      ...(flattenSwitchId !== undefined ? { flattenSwitchId } : {}),
      deploymentId: o.deploymentId,
      brokerAccountId: o.brokerAccountId,
      instrumentId: bi.instrumentId,
      side: order.side,
      qty: order.qty,
      orderType: type,
      product: bi.product,
      validity: 'DAY',
      ...brokerPrices(order),
      costModel: o.costModel,
      signal: this.signalOf(order),
    };
  }

  /** The order's signal: its key is deterministic (bar time, symbol, n-th of the bar). */
  private signalOf(order: Order): NonNullable<SubmitOrderInput['signal']> {
    const o = this.options;
    const key = `${order.createdTime}:${order.symbolIndex}`;
    const n = (this.signalCount.get(key) ?? 0) + 1;
    this.signalCount.set(key, n);
    const prices = brokerPrices(order);
    const indicators = o.indicators?.(order.symbolIndex);
    return {
      signalKey: `${order.createdTime}-${order.symbolIndex}-${n}`,
      barTime: order.createdTime,
      side: order.side,
      qty: order.qty,
      orderType: order.type,
      ...prices,
      ...(order.tag !== undefined ? { tag: order.tag } : {}),
      ...(indicators ? { indicators } : {}),
      ...(o.strategyId !== undefined ? { strategyId: o.strategyId } : {}),
      ...(o.strategyVersion !== undefined ? { strategyVersion: o.strategyVersion } : {}),
    };
  }

  private async moveStop(tracked: Tracked, level: number): Promise<void> {
    const order = tracked.order;
    if (!isWorking(order) || tracked.cancelReason !== undefined) return;
    const o = this.options;
    const id = tracked.ledgerId ?? (await o.ledger.order({ clientOrderId: order.clientOrderId }))?.id;
    try {
      const result =
        id === undefined ? undefined : await o.ledger.modify(o.fence(), id, { triggerPrice: level }, o.link);
      if (result?.sentToVenue) {
        tracked.venueStop = level;
        return;
      }
    } catch (err) {
      if (!(err instanceof BrokerError)) throw err;
      // Refused (say, the venue's modification limit): the venue keeps the order where it was,
      // so does the engine, and the stop trails no more — it still protects at its last level.
      // Unknown (a timeout): the next bar asks again; the venue's report settles the level.
      if (err.outcome === 'rejected') tracked.trailStopped = true;
      o.log.warn(
        {
          clientOrderId: order.clientOrderId,
          level,
          kept: tracked.venueStop,
          outcome: err.outcome,
          err: err.message,
        },
        err.outcome === 'rejected'
          ? 'trailing stop not moved by the venue: it stays at its last level'
          : 'trailing stop move unanswered: asked again after the next bar',
      );
    }
    // Not moved at the venue (refused, or not working there yet): the engine keeps the venue's level.
    if (isWorking(order) && tracked.venueStop !== undefined) order.stopPrice = tracked.venueStop;
  }

  private async requestCancel(tracked: Tracked, reason: OrderReason): Promise<void> {
    if (!isWorking(tracked.order)) return;
    let id = tracked.ledgerId;
    if (id === undefined)
      id = (await this.options.ledger.order({ clientOrderId: tracked.order.clientOrderId }))?.id;
    if (id === undefined) return;
    let result: Awaited<ReturnType<Ledger['cancel']>>;
    try {
      result = await this.options.ledger.cancel(
        this.options.fence(),
        id,
        ORDER_REASON_SOURCES[reason],
        this.options.link,
      );
    } catch (err) {
      // The venue refused the cancel: the order closed there meanwhile (filled, say). Its
      // update reaches the engine through the ledger; the deployment goes on.
      if (!(err instanceof BrokerError && err.outcome === 'rejected')) throw err;
      this.options.log.info(
        { clientOrderId: tracked.order.clientOrderId, err: err.message },
        'cancel refused by the venue: the order has closed there',
      );
      return;
    }
    if (!result.sentToVenue) this.onLedgerOrder(result.order);
  }

  private reject(order: Order, reason: OrderReason, message: string): void {
    endOrder(order, 'rejected', reason, this.options.clock(), message);
    this.settle(order);
    this.listener?.onOrderClosed(order);
    this.options.observer?.onClosed?.(order);
  }
}

/** The orders trigger refused the write: a kill switch covers the order (sql/014_risk.sql). */
function isKillSwitchRefusal(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'QTK01';
}

export { ZERO_COSTS };
