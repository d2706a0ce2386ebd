// Statistics of the closed round-trip trades (a position still open at the end is not a trade).
// Wins and losses are judged on net PnL (after costs); see docs/statistics.md.
import type { Trade } from '../core/position';

export interface TradeStats {
  trades: number;
  winRate: number;
  /** Gross profit of winners / gross loss of losers (net PnL); Infinity with no losers. */
  profitFactor: number;
  /** Mean net PnL per trade, rupees. */
  expectancy: number;
  averageWin: number;
  averageLoss: number;
  largestWin: number;
  largestLoss: number;
  averageHoldingBars: number;
  averageHoldingMs: number;
}

export function tradeStats(trades: readonly Trade[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let won = 0;
  let lost = 0;
  let largestWin = NaN;
  let largestLoss = NaN;
  let bars = 0;
  let ms = 0;
  for (const t of trades) {
    if (t.netPnl > 0) {
      wins++;
      won += t.netPnl;
      largestWin = wins === 1 ? t.netPnl : Math.max(largestWin, t.netPnl);
    } else if (t.netPnl < 0) {
      losses++;
      lost += t.netPnl;
      largestLoss = losses === 1 ? t.netPnl : Math.min(largestLoss, t.netPnl);
    }
    bars += t.bars;
    ms += t.exitTime - t.entryTime;
  }
  const n = trades.length;
  return {
    trades: n,
    winRate: n ? wins / n : NaN,
    profitFactor: lost < 0 ? won / -lost : won > 0 ? Infinity : NaN,
    expectancy: n ? (won + lost) / n : NaN,
    averageWin: wins ? won / wins : NaN,
    averageLoss: losses ? lost / losses : NaN,
    largestWin,
    largestLoss,
    averageHoldingBars: n ? bars / n : NaN,
    averageHoldingMs: n ? ms / n : NaN,
  };
}
