// `quanttrade backtest`: a backtest (or a sweep, or a walk-forward) in this process, from a CSV.
// Kept to the engine, the CSV parser and node built-ins so it starts fast (no server stack).
// Everything that can be checked without bars is checked before any bar is read.
import { preflightSpec } from '../../engine/backtest-preflight';
import { backtestOptions, type BacktestOptions } from '../backtest/args';
import { asUsageError } from '../backtest/flag-errors';
import { loadBars } from '../backtest/load-bars';
import { runSingleBacktest } from '../backtest/single-run';
import { specFromOptions } from '../backtest/spec-from-options';
import { BACKTEST_DESCRIPTION, BACKTEST_OPTIONS, BACKTEST_USAGE } from '../backtest/usage';
import { defineCommand } from '../command';

const SHOWN_PROBLEMS = 20;

const optimising = (o: BacktestOptions) => o.sweeps.length > 0 || o.walkForward !== undefined;

async function preflight(options: BacktestOptions) {
  const spec = specFromOptions(options);
  try {
    preflightSpec(spec, { template: true, params: !optimising(options) });
    if (optimising(options)) (await import('../backtest/optimise')).checkOptimisationOptions(options);
  } catch (err) {
    throw asUsageError(err);
  }
  return spec;
}

export const command = defineCommand({
  summary: 'Backtest a strategy on a CSV or stored bars; sweeps and walk-forward',
  usage: BACKTEST_USAGE,
  description: BACKTEST_DESCRIPTION,
  options: BACKTEST_OPTIONS,
  daemonOptions: true,
  async run(inv) {
    const options = backtestOptions(inv.options);
    if (options.listStrategies) {
      const { formatTemplates } = await import('../backtest/templates-list');
      console.log(formatTemplates());
      return 0;
    }
    const spec = await preflight(options);
    const loaded = await loadBars(options, inv.config);
    const shown = loaded.problems.slice(0, SHOWN_PROBLEMS);
    for (const p of shown) console.error(`${loaded.source}:${p.line}: ${p.reason}`);
    // Counted by badRows: the list stops at the parser's maxErrors (plus a "not listed" entry).
    if (loaded.problems.length > shown.length)
      console.error(`… and ${loaded.badRows - shown.length} more bad rows`);
    if (loaded.badRows) console.error(`skipped ${loaded.badRows} bad row(s) of ${loaded.source}`);
    try {
      if (optimising(options)) {
        const { runOptimisation } = await import('../backtest/optimise');
        await runOptimisation(options, spec, loaded.bars);
      } else {
        await runSingleBacktest(options, spec, loaded.bars, loaded.synthetic);
      }
    } catch (err) {
      throw asUsageError(err);
    }
    return 0;
  },
});
