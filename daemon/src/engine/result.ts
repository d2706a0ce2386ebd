// What a backtest returns. Times are epoch ms; money is rupees. Ledger amounts (cash, final value,
// trade PnL and costs, order costs) are exact to the paisa; prices and the equity curve (a
// valuation at closes) are not rounded. result-json.ts turns this into plain JSON.
import type { Order } from '../core/order';
import type { Trade } from '../core/position';
import type { NormalizedBacktestSpec } from './backtest-spec';
import type { BacktestStats } from './statistics';

/** A position still open after the last bar, valued at the last close (not a closed trade). */
export interface OpenPosition {
  symbol: string;
  qty: number;
  avgPrice: number;
  lastPrice: number;
  marketValue: number;
  unrealizedPnl: number;
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
  /** One point per recorded timestep. */
  equity: { time: Float64Array; value: Float64Array; benchmark: Float64Array };
  trades: Trade[];
  orders: Order[];
  /** Bars processed, warm-up included. */
  barsProcessed: number;
}
