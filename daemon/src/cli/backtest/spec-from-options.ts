// Flags → the backtest spec runBacktest takes (the same JSON the job system stores).
import type { BacktestSpec } from '../../engine/index';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';
import { templateNames } from '../../strategies/index';

export function specFromOptions(o: BacktestOptions): BacktestSpec {
  if (o.strategy === undefined) {
    throw new UsageError(`--strategy: got missing, expected one of ${templateNames().join(', ')}`);
  }
  const instrument: { tickSize?: number; lotSize?: number } = {};
  if (o.tickSize !== undefined) instrument.tickSize = o.tickSize;
  if (o.lotSize !== undefined) instrument.lotSize = o.lotSize;
  return {
    strategy: o.strategy,
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
