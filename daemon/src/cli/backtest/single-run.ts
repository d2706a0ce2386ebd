// One backtest: run it with a progress bar, print the summary, write the reports asked for.
import { writeFileSync } from 'node:fs';
import type { BarSeries } from '../../core/bar';
import {
  backtestResultToJson,
  runBacktest,
  type BacktestResult,
  type BacktestSpec,
} from '../../engine/index';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';
import { progressBar } from './progress';
import type { StrategyFile } from './strategy-file';
import { formatSummary } from './summary';

function write(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(
      `--${flag}: got ${JSON.stringify(file)}, expected a writable path (${(err as Error).message})`,
    );
  }
}

/** Runs the template in this process, or `file`'s code in the strategy sandbox. */
export async function runSingleBacktest(
  options: BacktestOptions,
  spec: BacktestSpec,
  bars: Map<string, BarSeries>,
  file?: StrategyFile,
): Promise<BacktestResult> {
  const bar = options.quiet ? undefined : progressBar('backtest');
  const onProgress = (f: number, done: number) => bar?.update(f, `${done} bars`);
  const result = file
    ? await file.code.backtest(file.strategy, spec, bars, { onProgress })
    : runBacktest(spec, bars, { onProgress });
  bar?.done();
  if (options.json !== undefined)
    write('json', options.json, `${JSON.stringify(backtestResultToJson(result), null, 1)}\n`);
  if (options.html !== undefined) {
    const { renderHtmlReport } = await import('./report-html');
    write('html', options.html, renderHtmlReport(result, bars));
  }
  if (!options.quiet) console.log(formatSummary(result));
  return result;
}
