// One backtest: run it with a progress bar, print the summary, write the reports asked for.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { BarSeries } from '../../core/bar';
import { resultJsonChunks, runBacktest, type BacktestResult, type BacktestSpec } from '../../engine/index';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';
import { progressBar } from './progress';
import type { StrategyFile } from './strategy-file';
import { formatSummary } from './summary';

function unwritable(flag: string, file: string, err: unknown): UsageError {
  return new UsageError(
    `--${flag}: got ${JSON.stringify(file)}, expected a writable path (${(err as Error).message})`,
  );
}

function write(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw unwritable(flag, file, err);
  }
}

/**
 * Writes text pieces as they come: the document is never one string. Each piece (a few thousand
 * records) is written at once; gathering pieces into bigger strings first cost more than the
 * extra writes (the joined strings had to be flattened before encoding).
 */
function writeStream(flag: string, file: string, pieces: Iterable<string>): void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (err) {
    throw unwritable(flag, file, err);
  }
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/** Runs the template in this process, or `file`'s code in the strategy sandbox. */
export async function runSingleBacktest(
  options: BacktestOptions,
  spec: BacktestSpec,
  bars: Map<string, BarSeries>,
  /** Symbols whose bars are synthetic (generated): marked in every output. */
  synthetic: readonly string[] = [],
  file?: StrategyFile,
): Promise<BacktestResult> {
  const bar = options.quiet ? undefined : progressBar('backtest');
  const onProgress = (f: number, done: number) => bar?.update(f, `${done} bars`);
  const result = file
    ? await file.code.backtest(file.strategy, spec, bars, { onProgress })
    : runBacktest(spec, bars, { onProgress });
  bar?.done();
  if (options.json !== undefined) {
    const marks = { synthetic: synthetic.length > 0, syntheticSymbols: [...synthetic] };
    writeStream('json', options.json, resultJsonChunks(result, marks));
  }
  if (options.html !== undefined) {
    const { renderHtmlReport } = await import('./report-html');
    write('html', options.html, renderHtmlReport(result, bars, { synthetic }));
  }
  if (!options.quiet) console.log(formatSummary(result, synthetic));
  return result;
}
