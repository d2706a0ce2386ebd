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
    // A file's own code names its parameters; it is checked when it compiles.
    preflightSpec(spec, { template: options.strategyFile === undefined, params: !optimising(options) });
    if (optimising(options)) (await import('../backtest/optimise')).checkOptimisationOptions(options);
  } catch (err) {
    throw asUsageError(err);
  }
  return spec;
}

/** Compiles --strategy-file (if any) while `work` runs; closed again if `work` fails. */
async function alongside<T>(options: BacktestOptions, work: () => Promise<T>) {
  const file = options.strategyFile
    ? import('../backtest/strategy-file').then((m) =>
        m.loadStrategyFile(options.strategyFile!, options.workers),
      )
    : undefined;
  file?.catch(() => undefined);
  try {
    return { result: await work(), strategyFile: await file };
  } catch (err) {
    await (await file?.catch(() => undefined))?.close();
    throw err;
  }
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
    // The file compiles while the bars load; its sandbox processes start at the first run.
    const { result: loaded, strategyFile } = await alongside(options, () => loadBars(options, inv.config));
    const shown = loaded.problems.slice(0, SHOWN_PROBLEMS);
    for (const p of shown) console.error(`${loaded.source}:${p.line}: ${p.reason}`);
    // Counted by badRows: the list stops at the parser's maxErrors (plus a "not listed" entry).
    if (loaded.problems.length > shown.length)
      console.error(`… and ${loaded.badRows - shown.length} more bad rows`);
    if (loaded.badRows) console.error(`skipped ${loaded.badRows} bad row(s) of ${loaded.source}`);
    // Stored bars come with their instruments (F&O lot and tick as live); a CSV keeps the defaults.
    spec.instruments = loaded.instruments;
    try {
      if (optimising(options)) {
        const { runOptimisation } = await import('../backtest/optimise');
        await runOptimisation(options, spec, loaded.bars, strategyFile);
      } else {
        await runSingleBacktest(options, spec, loaded.bars, loaded.synthetic, strategyFile);
      }
    } catch (err) {
      throw asUsageError(err);
    } finally {
      await strategyFile?.close();
    }
    return 0;
  },
});
