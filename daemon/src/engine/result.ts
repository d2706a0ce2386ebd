// What a backtest returns. Times are epoch ms; money is rupees. Ledger amounts (cash, final value,
// trade PnL and costs, order costs) are exact to the paisa; prices and the equity curve (a
// valuation at closes) are not rounded. result-json.ts turns this into plain JSON.
import type { NormalizedBacktestSpec } from './backtest-spec';
import type { EquityCurve } from './equity-curve';
import type { OrderLog } from './order-log';
import type { TradeLog } from './trade-log';
import type { BacktestStats } from './statistics';

/** A position still open after the last bar, valued at the last close (not a closed trade). */
export interface OpenPosition {
  symbol: string;
  qty: number;
  avgPrice: number;
  lastPrice: number;
  marketValue: number;
  unrealizedPnl: number;
  /** Gross PnL already realised by partial exits of this still-open trade. */
  realizedPnl: number;
  /** Costs of the open trade's fills so far. */
  costs: number;
  entryTime: number;
}

export interface BacktestResult {
  spec: NormalizedBacktestSpec;
  symbols: string[];
  /** Parameters after defaults. */
  params: Record<string, unknown>;
  initialCash: number;
  /** Cash plus open positions at the last close, rounded to the paisa. */
  finalValue: number;
  cash: number;
  positions: OpenPosition[];
  stats: BacktestStats;
  /** The equity curve, at most spec.equityPoints points (every timestep when the run is shorter). */
  equity: EquityCurve;
  /** Closed round trips, in closing order (`at(i)`, `toArray()`). */
  trades: TradeLog;
  /** Every order, by id (`at(id − 1)`, `toArray()`). */
  orders: OrderLog;
  /** Bars processed, warm-up included. */
  barsProcessed: number;
}
