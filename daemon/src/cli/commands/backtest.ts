// `quanttrade backtest`: a backtest (or a sweep, or a walk-forward) in this process, from a CSV.
// Kept to the engine, the CSV parser and node built-ins so it starts fast (no server stack).
import { parseBacktestArgs } from '../backtest/args';
import { asUsageError } from '../backtest/flag-errors';
import { loadBars } from '../backtest/load-bars';
import { runSingleBacktest } from '../backtest/single-run';
import { specFromOptions } from '../backtest/spec-from-options';
import { BACKTEST_USAGE } from '../backtest/usage';

const SHOWN_PROBLEMS = 20;

export async function run(argv: string[]): Promise<number> {
  const options = parseBacktestArgs(argv);
  if (options.help) {
    console.log(BACKTEST_USAGE);
    return 0;
  }
  if (options.listStrategies) {
    const { formatTemplates } = await import('../backtest/templates-list');
    console.log(formatTemplates());
    return 0;
  }
  const spec = specFromOptions(options);
  // The file compiles while the bars load; its sandbox processes start at the first run.
  const file = options.strategyFile
    ? import('../backtest/strategy-file').then((m) =>
        m.loadStrategyFile(options.strategyFile!, options.workers),
      )
    : undefined;
  file?.catch(() => undefined);
  const loaded = await loadBars(options);
  const strategyFile = await file;
  const shown = loaded.problems.slice(0, SHOWN_PROBLEMS);
  for (const p of shown) console.error(`${loaded.source}:${p.line}: ${p.reason}`);
  // Counted by badRows: the list stops at the parser's maxErrors (plus a "not listed" entry).
  if (loaded.problems.length > shown.length)
    console.error(`… and ${loaded.badRows - shown.length} more bad rows`);
  if (loaded.badRows) console.error(`skipped ${loaded.badRows} bad row(s) of ${loaded.source}`);
  // Stored bars come with their instruments (F&O lot and tick as live); a CSV keeps the defaults.
  spec.instruments = loaded.instruments;
  try {
    if (options.sweeps.length > 0 || options.walkForward !== undefined) {
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
}
