// Every order of a run, stored as numeric records (see record-table.ts for why). An order's slot
// is `id − 1`; it is written when the order closes (filled, cancelled, rejected) or, for orders
// still pending after the last bar, when the run ends. Live Order objects exist only while pending.
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
import { RecordTable } from './record-table';

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

// Record layout.
const SYMBOL = 0;
const FLAGS = 1; // side | type << 1 | status << 4
const REASON = 2; // 0 = none, else ORDER_REASONS index + 1
const QTY = 3;
const LIMIT = 4;
const STOP = 5;
const CREATED = 6;
const TIME = 7;
const PRICE = 8;
const COSTS = 9;
const PARENT = 10;
const OCO = 11;
const WIDTH = 12;

export class OrderLog {
  private readonly table = new RecordTable(WIDTH);
  private readonly tags = new Map<number, string>();

  constructor(private readonly symbols: readonly string[]) {}

  get length(): number {
    return this.table.length;
  }

  write(o: Order): void {
    const at = this.table.slot(o.id - 1);
    const row = this.table.chunk;
    row[at + SYMBOL] = o.symbolIndex;
    const flags = (o.side === 'buy' ? 0 : 1) | (ORDER_TYPES.indexOf(o.type) << 1);
    row[at + FLAGS] = flags | (ORDER_STATUSES.indexOf(o.status) << 4);
    row[at + REASON] = o.reason === undefined ? 0 : ORDER_REASONS.indexOf(o.reason) + 1;
    row[at + QTY] = o.qty;
    row[at + LIMIT] = o.limitPrice;
    row[at + STOP] = o.stopPrice;
    row[at + CREATED] = o.createdTime;
    row[at + TIME] = o.time;
    row[at + PRICE] = o.fillPrice;
    row[at + COSTS] = o.costs;
    row[at + PARENT] = o.parentId ?? 0;
    row[at + OCO] = o.ocoId ?? 0;
    if (o.tag !== undefined) this.tags.set(o.id, o.tag);
  }

  at(i: number): OrderRecord {
    const t = this.table;
    const flags = t.get(i, FLAGS);
    const reason = t.get(i, REASON);
    return {
      id: i + 1,
      symbol: this.symbols[t.get(i, SYMBOL)]!,
      side: flags & 1 ? 'sell' : 'buy',
      type: ORDER_TYPES[(flags >> 1) & 7]!,
      qty: t.get(i, QTY),
      limitPrice: t.get(i, LIMIT),
      stopPrice: t.get(i, STOP),
      createdTime: t.get(i, CREATED),
      time: t.get(i, TIME),
      price: t.get(i, PRICE),
      costs: t.get(i, COSTS),
      status: ORDER_STATUSES[flags >> 4]!,
      reason: reason === 0 ? undefined : ORDER_REASONS[reason - 1],
      tag: this.tags.get(i + 1),
      parentId: t.get(i, PARENT) || undefined,
      ocoId: t.get(i, OCO) || undefined,
    };
  }

  toArray(): OrderRecord[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
