// The summary table printed after a single backtest.
import { COST_COMPONENTS, describeCostModel } from '../../costs/index';
import { describeRejections, type BacktestResult } from '../../engine/index';
import { istIsoString } from '../../core/time';
import { fixed, formatParams, percent, rupees, table } from './format';

function day(ms: number): string {
  return Number.isFinite(ms) ? istIsoString(ms).slice(0, 16).replace('T', ' ') : '—';
}

function costsLine(r: BacktestResult): string {
  const c = r.stats.costs;
  const parts = COST_COMPONENTS.filter((k) => c[k] !== 0).map((k) => `${k} ${rupees(c[k])}`);
  return parts.length ? `${rupees(c.total)} (${parts.join(', ')})` : rupees(c.total);
}

export function formatSummary(r: BacktestResult, synthetic: readonly string[] = []): string {
  const s = r.stats;
  const rows: string[][] = [
    ['Initial cash', rupees(r.initialCash)],
    ['Final value', rupees(r.finalValue)],
    ['Cash', rupees(r.cash)],
    ['Total return', percent(s.totalReturn)],
    ['CAGR', percent(s.cagr)],
    ['Volatility (annual)', percent(s.annualVolatility)],
    ['Sharpe / Sortino', `${fixed(s.sharpe)} / ${fixed(s.sortino)}`],
    ['Calmar', fixed(s.calmar)],
    [
      'Max drawdown',
      `${percent(s.maxDrawdown)} (longest ${s.maxDrawdownBars} bars, ${day(s.maxDrawdownStart)} → ${day(s.maxDrawdownEnd)})`,
    ],
    ['Trades', `${s.trades} closed, win rate ${percent(s.winRate, 1)}`],
    ['Profit factor', fixed(s.profitFactor)],
    ['Expectancy / trade', rupees(s.expectancy)],
    ['Average win / loss', `${rupees(s.averageWin)} / ${rupees(s.averageLoss)}`],
    ['Largest win / loss', `${rupees(s.largestWin)} / ${rupees(s.largestLoss)}`],
    ['Average holding', `${fixed(s.averageHoldingBars, 1)} bars`],
    ['Exposure', percent(s.exposure, 1)],
    ['Turnover', `${fixed(s.turnover)}× (traded ${rupees(s.tradedValue)})`],
    ['Orders rejected', describeRejections(s.rejections) ?? 'none'],
    ['Cost model', describeCostModel(r.spec.costs, r.spec.product)],
    ['Costs', costsLine(r)],
    ['Buy and hold', `${percent(s.benchmarkReturn)} (alpha ${percent(s.alpha)}, beta ${fixed(s.beta)})`],
  ];
  for (const p of r.positions)
    rows.push([
      `Open ${p.symbol}`,
      `${p.qty} @ ${fixed(p.avgPrice)} → ${fixed(p.lastPrice)} (${rupees(p.unrealizedPnl)})`,
    ]);
  const head = `${r.spec.strategy} ${formatParams(r.params)} on ${r.symbols.join(', ')}: ${day(s.startTime)} → ${day(s.endTime)}, ${s.bars} bars`;
  const notes = [
    ...(synthetic.length
      ? [`warning: SYNTHETIC data (${synthetic.join(', ')}): generated bars, not market prices`]
      : []),
    ...s.warnings.map((w) => `warning: ${w}`),
  ];
  return `${head}\n\n${table(rows)}${notes.length ? `\n\n${notes.join('\n')}` : ''}`;
}
