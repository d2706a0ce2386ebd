// Cash, positions and round-trip trades. Cash is a ledger amount kept in paise: whole-paise
// amounts (values at tick prices, contract-note charges) are booked as exact integers, so cash is
// exact however many fills are booked; fractions of a paisa (a percentage commission) are booked
// unrounded (booked-amount.ts). Positions use the average-cost method; marking to market (equity)
// is a float valuation, never booked.
import type { Fill } from '../core/fill';
import type { Position } from '../core/position';
import type { PortfolioView } from '../strategies/strategy';
import { bookedPaise, bookedRupees } from './booked-amount';
import { CostTotals } from './cost-totals';
import { TradeLog } from './trade-log';

/** A position as stored: signed quantity, average price, realised PnL, mark price. */
export interface PositionState {
  qty: number;
  avgPrice: number;
  realizedPnl: number;
  lastPrice: number;
}

/** A round trip in progress, as a snapshot carries it (values are qty × price sums, rupees). */
export interface TradeState {
  entryTime: number;
  entryQty: number;
  entryValue: number;
  exitQty: number;
  exitValue: number;
  /** Gross PnL realised by its partial exits so far, and the costs of its fills so far. */
  pnl: number;
  costs: number;
  /** Timesteps since the entry. */
  bars: number;
}

/** The trade in progress on a symbol; one reusable object per symbol. */
interface OpenTrade {
  active: boolean;
  side: 'long' | 'short';
  entryTime: number;
  entryBar: number;
  entryQty: number;
  entryValue: number;
  exitQty: number;
  exitValue: number;
  pnl: number;
  costs: number;
}

export class Portfolio implements PortfolioView {
  cash: number;
  readonly positions: Position[];
  readonly trades: TradeLog;
  /** Costs of every fill, by component. */
  readonly costs = new CostTotals();
  /** Sum of |qty|·price over all fills, rupees. */
  turnover = 0;
  /**
   * The same cash summed in double precision the way a float engine books it, for the funds check
   * only (funds-check.ts): a buy subtracts qty·price then its costs; a close adds cost basis plus
   * PnL, qty·avg + qty·(price − avg), then subtracts its costs. Reports use the exact ledger.
   */
  fundsCash: number;
  private cashPaise: number;
  private readonly open: OpenTrade[];

  constructor(initialCash: number, symbols: readonly string[]) {
    this.cashPaise = bookedPaise(initialCash);
    this.cash = this.cashPaise / 100;
    this.fundsCash = initialCash;
    this.positions = symbols.map((symbol) => ({
      symbol,
      qty: 0,
      avgPrice: NaN,
      realizedPnl: 0,
      lastPrice: NaN,
    }));
    this.open = symbols.map(() => ({
      active: false,
      side: 'long',
      entryTime: NaN,
      entryBar: 0,
      entryQty: 0,
      entryValue: 0,
      exitQty: 0,
      exitValue: 0,
      pnl: 0,
      costs: 0,
    }));
    this.trades = new TradeLog(symbols);
  }

  /** Symbols with a non-zero position, as of the latest `equity()` call. */
  openPositions = 0;

  equity(): number {
    let value = this.cash;
    let open = 0;
    const positions = this.positions;
    for (let s = 0; s < positions.length; s++) {
      const p = positions[s]!;
      if (p.qty !== 0) {
        value += p.qty * p.lastPrice;
        open++;
      }
    }
    this.openPositions = open;
    return value;
  }

  /** Market value of short positions (positive rupees), for the no-leverage check. */
  shortValue(): number {
    let value = 0;
    for (const p of this.positions) if (p.qty < 0) value -= p.qty * p.lastPrice;
    return value;
  }

  /**
   * Books a fill; returns the index in `trades` of the trade it closed, or −1. `bar` counts
   * timesteps (for holding periods).
   */
  applyFill(symbolIndex: number, fill: Fill, bar: number): number {
    const value = fill.qty * fill.price;
    const cost = fill.costs.total;
    const booked = bookedPaise(value);
    this.cashPaise += (fill.side === 'buy' ? -booked : booked) - bookedPaise(cost);
    this.cash = this.cashPaise / 100;
    this.turnover += value;
    this.costs.add(fill.costs);

    const pos = this.positions[symbolIndex]!;
    const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
    const old = pos.qty;
    if (old === 0 || old > 0 === signed > 0) {
      this.increase(symbolIndex, pos, fill, cost, bar);
      return -1;
    }
    return this.reduce(symbolIndex, pos, fill, cost, bar);
  }

  private increase(s: number, pos: Position, fill: Fill, cost: number, bar: number): void {
    const old = Math.abs(pos.qty);
    const trade = this.open[s]!;
    if (old === 0) startTrade(trade, fill.side === 'buy' ? 'long' : 'short', fill.time, bar);
    pos.avgPrice = old === 0 ? fill.price : (old * pos.avgPrice + fill.qty * fill.price) / (old + fill.qty);
    pos.qty += fill.side === 'buy' ? fill.qty : -fill.qty;
    trade.entryQty += fill.qty;
    trade.entryValue += fill.qty * fill.price;
    trade.costs += cost;
    this.fundsCash -= (fill.side === 'buy' ? fill.qty : -fill.qty) * fill.price;
    this.fundsCash -= cost;
  }

  private reduce(s: number, pos: Position, fill: Fill, cost: number, bar: number): number {
    const trade = this.open[s]!;
    const held = Math.abs(pos.qty);
    const closing = Math.min(fill.qty, held);
    const direction = pos.qty > 0 ? 1 : -1;
    const pnl = closing * (fill.price - pos.avgPrice) * direction;
    // A reversal's costs are split between the closed and the new trade pro rata (in whole paise
    // when the costs are whole paise), so the trades' costs add up to the fills' costs exactly.
    const costPaise = bookedPaise(cost);
    const closingPaise = closing === fill.qty ? costPaise : splitPaise(costPaise, closing, fill.qty);
    const closingCost = closingPaise / 100;
    const basis = direction * closing;
    this.fundsCash += basis * pos.avgPrice + basis * (fill.price - pos.avgPrice);
    this.fundsCash -= closing === fill.qty ? cost : closingCost;
    pos.realizedPnl += pnl;
    trade.pnl += pnl;
    trade.exitQty += closing;
    trade.exitValue += closing * fill.price;
    trade.costs += closingCost;
    pos.qty += fill.side === 'buy' ? fill.qty : -fill.qty;
    if (closing < held) return -1;
    const closed = this.finish(s, trade, fill.time, bar);
    pos.avgPrice = NaN;
    if (pos.qty !== 0) {
      // Reversal: the rest of the fill opens a trade the other way, carrying its share of the costs.
      startTrade(trade, pos.qty > 0 ? 'long' : 'short', fill.time, bar);
      const rest = fill.qty - closing;
      trade.entryQty = rest;
      trade.entryValue = rest * fill.price;
      trade.costs = (costPaise - closingPaise) / 100;
      pos.avgPrice = fill.price;
      this.fundsCash -= (fill.side === 'buy' ? rest : -rest) * fill.price;
      this.fundsCash -= trade.costs;
    }
    return closed;
  }

  private finish(s: number, t: OpenTrade, time: number, bar: number): number {
    t.active = false;
    const pnl = bookedRupees(t.pnl);
    const costs = bookedRupees(t.costs);
    const entryPrice = t.entryValue / t.entryQty;
    const exitPrice = t.exitValue / t.exitQty;
    return this.trades.push(
      s,
      t.side,
      t.entryQty,
      t.entryTime,
      entryPrice,
      time,
      exitPrice,
      pnl,
      costs,
      bar - t.entryBar,
    );
  }

  /** Sets the cash to a stored amount (restore.ts). */
  restoreCash(cash: number): void {
    this.cashPaise = bookedPaise(cash);
    this.cash = this.cashPaise / 100;
    this.fundsCash = this.cash;
  }

  /**
   * Sets a symbol's position to a stored one (restore.ts); `trade` is the round trip in progress,
   * or, when the ledger does not know it, one that starts now with the position as it stands.
   */
  restorePosition(s: number, position: PositionState, trade: TradeState | undefined, step: number): void {
    const pos = this.positions[s]!;
    pos.qty = position.qty;
    pos.avgPrice = position.qty === 0 ? NaN : position.avgPrice;
    pos.realizedPnl = position.realizedPnl;
    pos.lastPrice = Number.isFinite(position.lastPrice) ? position.lastPrice : NaN;
    const t = this.open[s]!;
    t.active = false;
    if (position.qty === 0) return;
    startTrade(t, position.qty > 0 ? 'long' : 'short', trade?.entryTime ?? NaN, step - (trade?.bars ?? 0));
    t.entryQty = trade?.entryQty ?? Math.abs(position.qty);
    t.entryValue = trade?.entryValue ?? Math.abs(position.qty) * position.avgPrice;
    t.exitQty = trade?.exitQty ?? 0;
    t.exitValue = trade?.exitValue ?? 0;
    t.pnl = trade?.pnl ?? 0;
    t.costs = trade?.costs ?? 0;
  }

  /** The round trip in progress on a symbol, unbooked, as a snapshot keeps it; `step` is now. */
  tradeState(s: number, step: number): TradeState | undefined {
    const t = this.open[s]!;
    if (!t.active) return undefined;
    const { entryTime, entryQty, entryValue, exitQty, exitValue, pnl, costs } = t;
    return { entryTime, entryQty, entryValue, exitQty, exitValue, pnl, costs, bars: step - t.entryBar };
  }

  /** The trade still open on a symbol at the end (not a closed trade; reported separately). */
  openTrade(
    symbolIndex: number,
  ): { entryTime: number; entryPrice: number; qty: number; costs: number; pnl: number } | undefined {
    const t = this.open[symbolIndex]!;
    if (!t.active) return undefined;
    return {
      entryTime: t.entryTime,
      entryPrice: t.entryValue / t.entryQty,
      qty: t.entryQty,
      costs: bookedRupees(t.costs),
      pnl: bookedRupees(t.pnl),
    };
  }
}

/** `part`/`whole` of a charge: whole paise for a whole-paise charge, unrounded for a fractional one. */
function splitPaise(paise: number, part: number, whole: number): number {
  return Number.isInteger(paise) ? Math.round((paise * part) / whole) : (paise * part) / whole;
}

function startTrade(t: OpenTrade, side: 'long' | 'short', time: number, bar: number): void {
  t.active = true;
  t.side = side;
  t.entryTime = time;
  t.entryBar = bar;
  t.entryQty = 0;
  t.entryValue = 0;
  t.exitQty = 0;
  t.exitValue = 0;
  t.pnl = 0;
  t.costs = 0;
}
