// What can be checked of a backtest before any bar is loaded: the spec's fields, the template
// and its parameters, the cost model, the slippage and the window's bounds. Callers run it first
// so that a mistyped strategy name is reported at once, not after reading a bar store or a
// multi-gigabyte CSV (runBacktest checks the same again, with the bars).
import { validationError } from '../core/errors';
import { parseTimeBound } from '../core/time-window';
import { costModelByName } from '../costs/index';
import { parseParams, requireTemplate } from '../strategies/index';
import { normalizeSpec, type NormalizedBacktestSpec } from './backtest-spec';
import { parseSlippage } from './slippage';

export interface PreflightOptions {
  /** The strategy is a built-in template (not a user's own code, which checks its own names). */
  template: boolean;
  /** Check the parameters too (not for sweeps, whose swept parameters come later). */
  params: boolean;
}

/** Throws VALIDATION_FAILED naming the field, as runBacktest would; returns the normalized spec. */
export function preflightSpec(spec: unknown, options: PreflightOptions): NormalizedBacktestSpec {
  const normalized = normalizeSpec(spec);
  if (options.template) {
    const template = requireTemplate(normalized.strategy);
    if (options.params) parseParams(template, normalized.params);
  }
  costModelByName(normalized.costs, { product: normalized.product });
  if (!parseSlippage(normalized.slippage))
    throw validationError([
      { path: 'slippage', value: normalized.slippage, expected: 'none, ticks:<n> or bps:<n>' },
    ]);
  const from = normalized.from === undefined ? -Infinity : parseTimeBound(normalized.from, 'from');
  const to = normalized.to === undefined ? Infinity : parseTimeBound(normalized.to, 'to');
  if (from >= to)
    throw validationError([
      { path: 'to', value: normalized.to, expected: `a bound after from (${String(normalized.from)})` },
    ]);
  return normalized;
}
