// Statistics of the closed round-trip trades (a position still open at the end is not a trade).
// Wins and losses are judged on net PnL (after costs); see docs/statistics.md.
import type { TradeLog } from './trade-log';

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

export function tradeStats(trades: TradeLog): TradeStats {
  let wins = 0;
  let losses = 0;
  let won = 0;
  let lost = 0;
  let largestWin = NaN;
  let largestLoss = NaN;
  let bars = 0;
  let ms = 0;
  for (let i = 0; i < trades.length; i++) {
    const net = trades.netPnlAt(i);
    if (net > 0) {
      wins++;
      won += net;
      largestWin = wins === 1 ? net : Math.max(largestWin, net);
    } else if (net < 0) {
      losses++;
      lost += net;
      largestLoss = losses === 1 ? net : Math.min(largestLoss, net);
    }
    bars += trades.barsAt(i);
    ms += trades.durationAt(i);
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
