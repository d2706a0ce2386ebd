// Flags → the backtest spec runBacktest takes (the same JSON the job system stores).
import { basename } from 'node:path';
import type { BacktestSpec } from '../../engine/index';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';
import { templateNames } from '../../strategies/index';

export function specFromOptions(o: BacktestOptions): BacktestSpec {
  if (o.strategy !== undefined && o.strategyFile !== undefined)
    throw new UsageError('--strategy and --strategy-file: give one of them, a template or your own file');
  if (o.strategy === undefined && o.strategyFile === undefined) {
    throw new UsageError(
      `--strategy: got missing, expected one of ${templateNames().join(', ')} (or --strategy-file FILE)`,
    );
  }
  const instrument: { tickSize?: number; lotSize?: number } = {};
  if (o.tickSize !== undefined) instrument.tickSize = o.tickSize;
  if (o.lotSize !== undefined) instrument.lotSize = o.lotSize;
  return {
    // A file's runs are labelled with its name; its code declares the strategy.
    strategy: o.strategy ?? basename(o.strategyFile!),
    params: o.params,
    from: o.from,
    to: o.to,
    warmupBars: o.warmupBars,
    cash: o.cash,
    costs: o.costs,
    slippage: o.slippage,
    product: o.product as 'delivery' | 'intraday',
    riskFreeRate: o.riskFreeRate,
    equityPoints: o.equityPoints,
    instrument,
  };
}
