// Closed round-trip trades of a run, stored by column (see chunked-column.ts), plus the running
// sums the trade statistics need, so statistics never walk a list of objects.
import { roundToPaise } from '../core/money';
import type { Trade } from '../core/position';
import { column } from './chunked-column';

export class TradeLog {
  private readonly symbol = column();
  private readonly side = column();
  private readonly qty = column();
  private readonly entryTime = column();
  private readonly entryPrice = column();
  private readonly exitTime = column();
  private readonly exitPrice = column();
  private readonly pnl = column();
  private readonly costs = column();
  private readonly netPnl = column();
  private readonly bars = column();

  constructor(private readonly symbols: readonly string[]) {}

  get length(): number {
    return this.symbol.length;
  }

  /** Appends a closed trade; net PnL is booked as pnl − costs (both already exact to the paisa). */
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
    const i = this.length;
    this.side.set(i, side === 'long' ? 0 : 1);
    this.qty.set(i, qty);
    this.entryTime.set(i, entryTime);
    this.entryPrice.set(i, entryPrice);
    this.exitTime.set(i, exitTime);
    this.exitPrice.set(i, exitPrice);
    this.pnl.set(i, pnl);
    this.costs.set(i, costs);
    this.netPnl.set(i, roundToPaise(pnl - costs));
    this.bars.set(i, bars);
    this.symbol.set(i, symbolIndex);
    return i;
  }

  netPnlAt(i: number): number {
    return this.netPnl.get(i);
  }

  barsAt(i: number): number {
    return this.bars.get(i);
  }

  durationAt(i: number): number {
    return this.exitTime.get(i) - this.entryTime.get(i);
  }

  at(i: number): Trade {
    return {
      symbol: this.symbols[this.symbol.get(i)]!,
      side: this.side.get(i) ? 'short' : 'long',
      qty: this.qty.get(i),
      entryTime: this.entryTime.get(i),
      entryPrice: this.entryPrice.get(i),
      exitTime: this.exitTime.get(i),
      exitPrice: this.exitPrice.get(i),
      pnl: this.pnl.get(i),
      costs: this.costs.get(i),
      netPnl: this.netPnl.get(i),
      bars: this.bars.get(i),
    };
  }

  toArray(): Trade[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
