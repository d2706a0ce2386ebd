// `quanttrade data import --csv FILE --symbol SYMBOL [...]`
import { z } from 'zod';
import { importCsv } from '../../market/csv-import';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { createProgress } from './progress';

export const IMPORT_HELP = `quanttrade data import --csv FILE --symbol SYMBOL [--timeframe 1d] [--timezone IST|UTC]
                       [--date-format DD-MM-YYYY] [--columns date=Timestamp,close="Adj Close"]
  Imports bars from a CSV (default columns Date,Open,High,Low,Close,Volume, any case). Times
  without an offset are IST unless --timezone UTC. The whole file is refused if any row is bad;
  every bad row is listed with its line number. Re-importing a range replaces it.`;

const schema = z.object({
  csv: z.string().min(1, 'a CSV file path'),
  symbol: z.string().min(1, 'a symbol such as TCS or NSE:TCS'),
  timeframe: z.string().optional(),
  timezone: z.enum(['IST', 'UTC']).optional(),
  'date-format': z.string().optional(),
  columns: z.string().optional(),
});

function parseColumns(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const [field, ...header] = pair.split('=');
      return [
        field!.trim(),
        header
          .join('=')
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      ];
    }),
  );
}

export async function runImport(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, {
    csv: 'string',
    symbol: 'string',
    timeframe: 'string',
    timezone: 'string',
    'date-format': 'string',
    columns: 'string',
  });
  const flags = validateFlags(schema, values);
  return context.withDatabase(rest, async (pool) => {
    const progress = createProgress(`importing ${flags.symbol}`);
    const stored = await importCsv(pool, {
      symbol: flags.symbol,
      path: flags.csv,
      timeframe: flags.timeframe,
      timezone: flags.timezone,
      dateFormat: flags['date-format'],
      columns: parseColumns(flags.columns),
      onProgress: progress.update,
    });
    progress.done(
      `imported ${stored.written} ${stored.instrument.exchange}:${stored.instrument.symbol} bars` +
        (stored.replaced ? ` (replacing ${stored.replaced} stored bars in the same range)` : ''),
    );
    return 0;
  });
}
