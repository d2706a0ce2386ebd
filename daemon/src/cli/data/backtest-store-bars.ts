// `quanttrade backtest --symbol S[,S2] [--timeframe 1d] [--from …] [--to …]` without --csv: bars
// come from the bar store, in the database `start` uses (QUANTTRADE_HOME or DATABASE_URL). Loaded
// from the first stored bar up to --to: the engine applies --from itself, and feeds the
// --warmup bars before it to the indicators.
import type { BarSeries } from '../../core/bar';
import type { Config } from '../../config/load-config';
import { AppError } from '../../core/errors';
import { parseTimeBound } from '../../core/time-window';
import { loadBacktestBars } from '../../market/bar-store';
import { findInstruments, masterInstrument, type MasterInstrument } from '../../market/instrument-store';
import { UsageError } from '../command';
import { cliLogger, withCliDatabase } from '../cli-database';

export interface StoreBarsOptions {
  symbol: string;
  timeframe?: string;
  to?: string;
}

export async function loadStoreBars(
  options: StoreBarsOptions,
  config: Config,
): Promise<{
  bars: Map<string, BarSeries>;
  instruments: Record<string, MasterInstrument>;
  problems: [];
  badRows: 0;
  source: string;
  synthetic: string[];
}> {
  const symbols = options.symbol
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const timeframe = options.timeframe ?? '1d';
  try {
    const to = options.to === undefined ? undefined : parseTimeBound(options.to, 'to');
    const loaded = await withCliDatabase(config, cliLogger(config), async ({ pool }) => {
      const instruments = await findInstruments(pool, symbols);
      const synthetic = symbols.filter((_, i) => instruments[i]!.synthetic);
      if (synthetic.length > 0) {
        console.error(
          `note: ${synthetic.join(', ')} ${synthetic.length === 1 ? 'holds' : 'hold'} SYNTHETIC bars (generated, not market prices)`,
        );
      }
      const series = await loadBacktestBars(pool, { symbols, timeframe, to });
      return { series, synthetic, instruments: instruments.map(masterInstrument) };
    });
    const { series, synthetic } = loaded;
    return {
      bars: new Map(series.map((s, i) => [symbols[i]!, s])),
      // keyed like the bars: lot, tick and segment from the instrument master (F&O sizes as live)
      instruments: Object.fromEntries(symbols.map((s, i) => [s, loaded.instruments[i]!])),
      problems: [],
      badRows: 0,
      source: `the bar store (${config.databaseUrl ? 'DATABASE_URL' : config.home})`,
      synthetic,
    };
  } catch (err) {
    if (err instanceof AppError && (err.kind === 'invalid' || err.kind === 'not_found')) {
      throw new UsageError(`--symbol: ${err.message}`);
    }
    throw err;
  }
}
