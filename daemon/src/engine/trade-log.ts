// Closed round-trip trades of a run, stored as numeric records (see record-table.ts), read back
// as Trade objects for reports and by field for the trade statistics.
import { bookedRupees } from './booked-amount';
import type { Trade } from '../core/position';
import { RecordTable } from './record-table';

// Record layout.
const SYMBOL = 0;
const SIDE = 1; // 0 long, 1 short
const QTY = 2;
const ENTRY_TIME = 3;
const ENTRY_PRICE = 4;
const EXIT_TIME = 5;
const EXIT_PRICE = 6;
const PNL = 7;
const COSTS = 8;
const NET = 9;
const BARS = 10;
const WIDTH = 11;

export class TradeLog {
  private readonly table = new RecordTable(WIDTH);

  constructor(private readonly symbols: readonly string[]) {}

  get length(): number {
    return this.table.length;
  }

  /** Appends a closed trade; net PnL is booked as pnl − costs (both already booked amounts). */
  push(
    symbolIndex: number,
    side: 'long' | 'short',
    qty: number,
    entryTime: number,
    entryPrice: number,
    exitTime: number,
    exitPrice: number,
    pnl: number,
    costs: number,
    bars: number,
  ): number {
    const i = this.table.length;
    const at = this.table.slot(i);
    const row = this.table.chunk;
    row[at + SYMBOL] = symbolIndex;
    row[at + SIDE] = side === 'long' ? 0 : 1;
    row[at + QTY] = qty;
    row[at + ENTRY_TIME] = entryTime;
    row[at + ENTRY_PRICE] = entryPrice;
    row[at + EXIT_TIME] = exitTime;
    row[at + EXIT_PRICE] = exitPrice;
    row[at + PNL] = pnl;
    row[at + COSTS] = costs;
    row[at + NET] = bookedRupees(pnl - costs);
    row[at + BARS] = bars;
    return i;
  }

  netPnlAt(i: number): number {
    return this.table.get(i, NET);
  }

  barsAt(i: number): number {
    return this.table.get(i, BARS);
  }

  durationAt(i: number): number {
    return this.table.get(i, EXIT_TIME) - this.table.get(i, ENTRY_TIME);
  }

  at(i: number): Trade {
    const t = this.table;
    return {
      symbol: this.symbols[t.get(i, SYMBOL)]!,
      side: t.get(i, SIDE) ? 'short' : 'long',
      qty: t.get(i, QTY),
      entryTime: t.get(i, ENTRY_TIME),
      entryPrice: t.get(i, ENTRY_PRICE),
      exitTime: t.get(i, EXIT_TIME),
      exitPrice: t.get(i, EXIT_PRICE),
      pnl: t.get(i, PNL),
      costs: t.get(i, COSTS),
      netPnl: t.get(i, NET),
      bars: t.get(i, BARS),
    };
  }

  toArray(): Trade[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
