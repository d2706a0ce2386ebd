// The broker port of a live session inside the sandbox: the engine's live contract (engine/
// broker-port.ts) with the real broker outside. Orders the strategy places are handed over
// (`sent`) and leave the sandbox as plain intents at the end of the step; cancels leave as
// requests. What the real broker did — acknowledgements, fills (perhaps in parts), cancellations,
// rejections, expiries — comes back in the next step, keyed by client order id, and is booked
// through the engine's listener exactly as any broker reports it.
import type { Fill, FillCosts } from '../../core/fill';
import { endOrder, isWorking, moveOrder, recordFill, type Order, type OrderReason } from '../../core/order';
import { canMoveOrder } from '../../core/order-lifecycle';
import type { BrokerContext, BrokerListener, BrokerPort } from '../../engine/broker-port';

export interface CancelIntent {
  /** The order's number in this session (as in its intent). */
  orderId: number;
  clientOrderId: string;
  reason: OrderReason;
}

export class RemoteBrokerPort implements BrokerPort {
  /** Orders handed over since the last drain. */
  private outbox: Order[] = [];
  private cancels: CancelIntent[] = [];
  /** Working orders by symbol, in creation order. */
  private readonly working: Order[][];
  private readonly byClientId = new Map<string, Order>();
  /** Orders whose cancellation was requested: asked for once, however often the engine asks. */
  private readonly cancelling = new Set<Order>();
  private readonly listener: BrokerListener;

  constructor(symbols: number, context: BrokerContext) {
    this.listener = context.listener;
    this.working = Array.from({ length: symbols }, () => []);
    // Restored working orders are already at the real broker: adopted, not sent again.
    for (const order of context.restoredOrders) this.track(order);
  }

  submit(order: Order): void {
    moveOrder(order, 'sent');
    this.track(order);
    this.outbox.push(order);
  }

  /** A request to the real broker; the order keeps working (and may still fill) until it confirms. */
  cancel(order: Order, reason: OrderReason): void {
    if (!isWorking(order) || this.cancelling.has(order)) return;
    this.cancelling.add(order);
    this.cancels.push({ orderId: order.id, clientOrderId: order.clientOrderId, reason });
  }

  openOrders(symbolIndex: number): Order[] {
    return this.working[symbolIndex]!.slice();
  }

  drain(): { orders: Order[]; cancels: CancelIntent[] } {
    const out = { orders: this.outbox, cancels: this.cancels };
    this.outbox = [];
    this.cancels = [];
    return out;
  }

  /**
   * The real broker accepted the order; false when it is unknown or has ended. An acknowledgement
   * that arrives after a fill (update streams do not keep order) changes nothing.
   */
  accept(clientOrderId: string): boolean {
    const order = this.byClientId.get(clientOrderId);
    if (!order) return false;
    if (order.status === 'sent') moveOrder(order, 'open');
    return true;
  }

  /**
   * Books an execution the real broker reported; false when the order is unknown, has ended, or
   * the quantity is not a positive whole number within what remains.
   */
  fill(clientOrderId: string, qty: number, price: number, time: number, costs: FillCosts): boolean {
    const order = this.byClientId.get(clientOrderId);
    if (!order || !Number.isSafeInteger(qty) || qty <= 0 || order.filledQty + qty > order.qty) return false;
    if (!(price > 0)) return false;
    recordFill(order, qty, price, time, costs.total);
    const complete = order.status === 'filled';
    if (complete) this.forget(order);
    const fill: Fill = {
      orderId: order.id,
      symbolIndex: order.symbolIndex,
      side: order.side,
      qty,
      price,
      time,
      costs,
    };
    this.listener.onFill(order, fill);
    if (complete && order.ocoId !== undefined) {
      const partner = this.working[order.symbolIndex]!.find((o) => o.id === order.ocoId);
      if (partner) this.cancel(partner, 'oco');
    }
    return true;
  }

  /**
   * Books the end of an order the real broker reported: cancelled, rejected or expired; false when
   * the order is unknown, has ended, or cannot end so (a partly filled order is not rejected).
   */
  close(
    clientOrderId: string,
    status: 'cancelled' | 'rejected' | 'expired',
    reason: OrderReason,
    time: number,
    message?: string,
  ): boolean {
    const order = this.byClientId.get(clientOrderId);
    // A broker cannot reject an order it has partly filled: such a report is refused, not booked.
    if (!order || !canMoveOrder(order.status, status)) return false;
    endOrder(order, status, reason, time, message);
    this.forget(order);
    this.listener.onOrderClosed(order);
    return true;
  }

  private track(order: Order): void {
    this.working[order.symbolIndex]!.push(order);
    this.byClientId.set(order.clientOrderId, order);
  }

  private forget(order: Order): void {
    const list = this.working[order.symbolIndex]!;
    list.splice(list.indexOf(order), 1);
    this.byClientId.delete(order.clientOrderId);
    this.cancelling.delete(order);
  }
}
