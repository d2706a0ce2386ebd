// Every order of a run, stored by column (see chunked-column.ts for why). An order's slot is
// `id − 1`; it is written when the order closes (filled, cancelled, rejected) or, for orders still
// pending after the last bar, when the run ends. Live Order objects exist only while pending.
import {
  ORDER_REASONS,
  ORDER_STATUSES,
  ORDER_TYPES,
  type Order,
  type OrderReason,
  type OrderSide,
  type OrderStatus,
  type OrderType,
} from '../core/order';
import { column } from './chunked-column';

/** One order as reported (JSON, database). `price` is the fill price (NaN unless filled). */
export interface OrderRecord {
  id: number;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  qty: number;
  limitPrice: number;
  stopPrice: number;
  createdTime: number;
  /** Time of the fill, cancellation or rejection; NaN while pending. */
  time: number;
  price: number;
  /** Costs of the fill, rupees exact to the paisa (0 unless filled). */
  costs: number;
  status: OrderStatus;
  reason: OrderReason | undefined;
  tag: string | undefined;
  parentId: number | undefined;
  ocoId: number | undefined;
}

export class OrderLog {
  private readonly symbol = column();
  private readonly flags = column(); // side | type << 1 | status << 4
  private readonly reason = column(); // 0 = none, else ORDER_REASONS index + 1
  private readonly qty = column();
  private readonly limitPrice = column();
  private readonly stopPrice = column();
  private readonly createdTime = column();
  private readonly time = column();
  private readonly price = column();
  private readonly costs = column();
  private readonly parentId = column();
  private readonly ocoId = column();
  private readonly tags = new Map<number, string>();

  constructor(private readonly symbols: readonly string[]) {}

  get length(): number {
    return this.symbol.length;
  }

  write(o: Order): void {
    const i = o.id - 1;
    this.symbol.set(i, o.symbolIndex);
    const side = o.side === 'buy' ? 0 : 1;
    this.flags.set(i, side | (ORDER_TYPES.indexOf(o.type) << 1) | (ORDER_STATUSES.indexOf(o.status) << 4));
    this.reason.set(i, o.reason === undefined ? 0 : ORDER_REASONS.indexOf(o.reason) + 1);
    this.qty.set(i, o.qty);
    this.limitPrice.set(i, o.limitPrice);
    this.stopPrice.set(i, o.stopPrice);
    this.createdTime.set(i, o.createdTime);
    this.time.set(i, o.time);
    this.price.set(i, o.fillPrice);
    this.costs.set(i, o.costs);
    this.parentId.set(i, o.parentId ?? 0);
    this.ocoId.set(i, o.ocoId ?? 0);
    if (o.tag !== undefined) this.tags.set(o.id, o.tag);
  }

  at(i: number): OrderRecord {
    const flags = this.flags.get(i);
    const reason = this.reason.get(i);
    return {
      id: i + 1,
      symbol: this.symbols[this.symbol.get(i)]!,
      side: flags & 1 ? 'sell' : 'buy',
      type: ORDER_TYPES[(flags >> 1) & 7]!,
      qty: this.qty.get(i),
      limitPrice: this.limitPrice.get(i),
      stopPrice: this.stopPrice.get(i),
      createdTime: this.createdTime.get(i),
      time: this.time.get(i),
      price: this.price.get(i),
      costs: this.costs.get(i),
      status: ORDER_STATUSES[flags >> 4]!,
      reason: reason === 0 ? undefined : ORDER_REASONS[reason - 1],
      tag: this.tags.get(i + 1),
      parentId: this.parentId.get(i) || undefined,
      ocoId: this.ocoId.get(i) || undefined,
    };
  }

  toArray(): OrderRecord[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
