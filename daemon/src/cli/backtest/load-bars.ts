// Where `quanttrade backtest` gets its bars. Today: one CSV file (--csv). The bar store
// (--symbol against the database) plugs in here, behind the same function.
import { basename, extname } from 'node:path';
import type { BarSeries } from '../../core/bar';
import type { Config } from '../../config/load-config';
import { AppError } from '../../core/errors';
import type { CsvRowError } from '../../market/csv-bars';
import type { MasterInstrument } from '../../market/instrument-store';
import { openCsvFile, parseBarsCsvFile, type CsvFile } from '../../market/csv-file';
import { UsageError } from '../command';
import type { BacktestOptions } from './args';

export interface LoadedBars {
  bars: Map<string, BarSeries>;
  /**
   * Rows that could not be read (line number and reason); the rest of the file is used. The list
   * stops at the parser's maxErrors with one entry saying how many more were not listed.
   */
  problems: CsvRowError[];
  /** How many rows could not be read, listed or not. */
  badRows: number;
  source: string;
  /** Symbols whose bars are synthetic (the bar store knows; a CSV is taken as market data). */
  synthetic: string[];
  /** The bar store's instruments (lot, tick, segment) by symbol; none for a CSV (defaults or flags). */
  instruments: Record<string, MasterInstrument>;
}

/** The file, opened for the parser to read in place (it is never held whole or decoded). */
function openFile(file: string): CsvFile {
  try {
    return openCsvFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? String(err));
    throw new UsageError(`--csv: got ${JSON.stringify(file)}, expected a readable CSV file (${why})`);
  }
}

/** `config` gives the daemon configuration (the database) for --symbol runs from the bar store. */
export async function loadBars(options: BacktestOptions, config: () => Config): Promise<LoadedBars> {
  const file = options.csv;
  if (file === undefined && options.symbol !== undefined) {
    // The bar store (issue 4); loaded lazily so --csv runs never import the database stack.
    const { loadStoreBars } = await import('../data/backtest-store-bars');
    return loadStoreBars({ symbol: options.symbol, timeframe: options.timeframe, to: options.to }, config());
  }
  if (file === undefined)
    throw new UsageError('--csv: got missing, expected a CSV file of bars (Date,Open,High,Low,Close,Volume)');
  const csv = openFile(file);
  const symbol = options.symbol ?? basename(file, extname(file));
  let parsed;
  try {
    parsed = parseBarsCsvFile(csv, {
      symbol,
      timeframe: options.timeframe,
      timezone: options.timezone,
      dateFormat: options.dateFormat,
    });
  } catch (err) {
    if (err instanceof AppError && err.kind === 'invalid') throw new UsageError(err.message);
    throw err;
  }
  if (parsed.series.length === 0) {
    const first = parsed.errors[0];
    const detail = first ? ` (line ${first.line}: ${first.reason})` : '';
    throw new UsageError(`--csv: got ${JSON.stringify(file)}, expected at least one valid bar${detail}`);
  }
  return {
    bars: new Map([[symbol, parsed.series]]),
    problems: parsed.errors,
    badRows: parsed.badRows,
    source: file,
    synthetic: [],
    instruments: {},
  };
}
