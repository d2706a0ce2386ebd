// The broker port of a live session inside the sandbox. The real broker is outside: orders the
// strategy places are collected here and leave the sandbox as plain intents at the end of the
// step; fills, cancellations and rejections come back in the next step and are booked through the
// engine's listener, exactly as a simulated broker would report them.
import type { Fill, FillCosts } from '../../core/fill';
import type { Order, OrderReason } from '../../core/order';
import type { BrokerListener, BrokerPort } from '../../engine/broker-port';

export interface CancelIntent {
  orderId: number;
  reason: OrderReason;
}

export class RemoteBrokerPort implements BrokerPort {
  /** Orders created since the last drain. */
  private outbox: Order[] = [];
  private cancels: CancelIntent[] = [];
  private readonly working: Order[][];
  private readonly byId = new Map<number, Order>();
  private readonly filledQty = new Map<number, number>();

  constructor(
    symbols: number,
    private readonly listener: BrokerListener,
  ) {
    this.working = Array.from({ length: symbols }, () => []);
  }

  submit(order: Order): void {
    this.working[order.symbolIndex]!.push(order);
    this.byId.set(order.id, order);
    this.outbox.push(order);
  }

  /** A cancel is a request to the real broker; the order stays pending until it confirms. */
  cancel(order: Order, reason: OrderReason): void {
    if (order.status !== 'pending') return;
    if (this.cancels.some((c) => c.orderId === order.id)) return;
    this.cancels.push({ orderId: order.id, reason });
  }

  onBar(): void {}

  pending(symbolIndex: number): Order[] {
    return this.working[symbolIndex]!.filter((o) => o.status === 'pending');
  }

  drain(): { orders: Order[]; cancels: CancelIntent[] } {
    const out = { orders: this.outbox, cancels: this.cancels };
    this.outbox = [];
    this.cancels = [];
    return out;
  }

  /** Books a fill the real broker reported; false when the order is unknown or no longer pending. */
  fill(orderId: number, qty: number, price: number, time: number, costs: FillCosts): boolean {
    const order = this.byId.get(orderId);
    if (!order || order.status !== 'pending') return false;
    const before = this.filledQty.get(orderId) ?? 0;
    const done = before + qty;
    if (!(qty > 0) || done > order.qty + 1e-9) return false;
    this.filledQty.set(orderId, done);
    const mutable = order as { -readonly [K in keyof Order]: Order[K] };
    mutable.fillPrice = Number.isNaN(order.fillPrice)
      ? price
      : (order.fillPrice * before + price * qty) / done;
    mutable.time = time;
    mutable.costs += costs.total;
    mutable.accepted = true;
    const complete = done >= order.qty - 1e-9;
    if (complete) {
      mutable.status = 'filled';
      this.forget(order);
    }
    const fill: Fill = { orderId, symbolIndex: order.symbolIndex, side: order.side, qty, price, time, costs };
    this.listener.onFill(order, fill);
    if (complete && order.ocoId !== undefined) {
      const partner = this.byId.get(order.ocoId);
      if (partner) this.cancel(partner, 'oco');
    }
    return true;
  }

  /** Books a cancellation or rejection the real broker reported. */
  close(orderId: number, status: 'cancelled' | 'rejected', reason: OrderReason, time: number): boolean {
    const order = this.byId.get(orderId);
    if (!order || order.status !== 'pending') return false;
    const mutable = order as { -readonly [K in keyof Order]: Order[K] };
    mutable.status = status;
    mutable.reason = reason;
    mutable.time = time;
    this.forget(order);
    this.listener.onOrderClosed(order);
    return true;
  }

  private forget(order: Order): void {
    const list = this.working[order.symbolIndex]!;
    list.splice(list.indexOf(order), 1);
    this.byId.delete(order.id);
    this.filledQty.delete(order.id);
  }
}
