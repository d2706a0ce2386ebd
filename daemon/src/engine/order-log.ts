// Every order of a run, stored as numeric records (see record-table.ts for why). An order's slot
// is `id − 1`; it is written at each fill and when it ends (filled, cancelled, rejected, expired)
// or, for orders still working after the last bar, when the run ends. Live Order objects exist
// only while they work.
import type { OrderEndSource } from '../core/order-lifecycle';
import {
  ORDER_REASONS,
  ORDER_REASON_SOURCES,
  ORDER_STATUSES,
  ORDER_TYPES,
  type Order,
  type OrderReason,
  type OrderSide,
  type OrderStatus,
  type OrderType,
} from '../core/order';
import { RecordTable } from './record-table';

/**
 * One order as reported (JSON, database). `price` is the average fill price (NaN before any
 * fill); `filledQty` what was executed; `endSource` who ended it (strategy, risk, broker,
 * session, oco, …) when it ended without filling.
 */
export interface OrderRecord {
  id: number;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  qty: number;
  limitPrice: number;
  stopPrice: number;
  createdTime: number;
  /** Time of the last fill, or of the cancellation, rejection or expiry; NaN before either. */
  time: number;
  price: number;
  filledQty: number;
  /** Costs of the fills, rupees exact to the paisa (0 before any fill). */
  costs: number;
  status: OrderStatus;
  reason: OrderReason | undefined;
  endSource: OrderEndSource | undefined;
  /** The broker's or the risk gate's words for a rejection. */
  message: string | undefined;
  tag: string | undefined;
  parentId: number | undefined;
  ocoId: number | undefined;
}

// Record layout.
const SYMBOL = 0;
const FLAGS = 1; // side | type << 1 | status << 4 (3 bits each for type and status)
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
const FILLED = 12;
const WIDTH = 13;

export class OrderLog {
  private readonly table = new RecordTable(WIDTH);
  private readonly tags = new Map<number, string>();
  private readonly messages = new Map<number, string>();

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
    row[at + PRICE] = o.avgFillPrice;
    row[at + COSTS] = o.costs;
    row[at + PARENT] = o.parentId ?? 0;
    row[at + OCO] = o.ocoId ?? 0;
    row[at + FILLED] = o.filledQty;
    if (o.tag !== undefined) this.tags.set(o.id, o.tag);
    if (o.message !== undefined) this.messages.set(o.id, o.message);
  }

  at(i: number): OrderRecord {
    const t = this.table;
    const flags = t.get(i, FLAGS);
    const code = t.get(i, REASON);
    const reason = code === 0 ? undefined : ORDER_REASONS[code - 1];
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
      filledQty: t.get(i, FILLED),
      costs: t.get(i, COSTS),
      status: ORDER_STATUSES[flags >> 4]!,
      reason,
      endSource: reason === undefined ? undefined : ORDER_REASON_SOURCES[reason],
      message: this.messages.get(i + 1),
      tag: this.tags.get(i + 1),
      parentId: t.get(i, PARENT) || undefined,
      ocoId: t.get(i, OCO) || undefined,
    };
  }

  toArray(): OrderRecord[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
