// `quanttrade data import --csv FILE --symbol SYMBOL [...]` and `--bhavcopy FILES` (import-bhavcopy.ts)
import { z } from 'zod';
import type { StoredBars } from '../../market/bar-store';
import { importCsv, type SkippedRows } from '../../market/csv-import';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { createProgress } from './progress';

export const IMPORT_HELP = `quanttrade data import --csv FILE --symbol SYMBOL [--timeframe 1d] [--timezone IST|UTC]
                       [--date-format DD-MM-YYYY] [--columns date=Timestamp,close=Last]
                       [--adjust] [--skip-bad-rows]
  Imports bars from a CSV (default columns Date,Open,High,Low,Close,Volume, any case). Times
  without an offset are IST unless --timezone UTC. The whole file is refused if any row is bad;
  every bad row is listed with its line number. Every timestamp must fit the timeframe on the
  exchange's calendar (1m bars on minute boundaries inside the session, 1d bars one per trading
  day). Re-importing a range replaces it; an identical file writes nothing and says so.
  --adjust         scale each bar by its Adj Close / Close (a Yahoo download): open, high, low
                   and close times the ratio, volume divided by it (turnover unchanged)
  --skip-bad-rows  import the good rows and list the bad ones instead of refusing the file

quanttrade data import --bhavcopy FILE|DIR[,FILE|DIR…] [--series EQ,BE,BZ,SM,ST,SZ] [--skip-bad-rows]
  Imports NSE bhavcopies (the UDiFF layout, BhavCopy_NSE_CM_0_0_0_YYYYMMDD_F_0000.csv, or the
  older cmDDMMMYYYYbhav.csv): one daily bar for every symbol of each file's day, all files in one
  transaction. A directory means every .csv in it. Only the listed series are kept (default: the
  share series EQ, BE, BZ, SM, ST, SZ); the rest are counted. Each file must be an NSE trading
  day; a stored day between two imported files is left as it is.`;

const schema = z.object({
  csv: z.string().min(1, 'a CSV file path'),
  symbol: z.string({ message: 'a symbol such as TCS or NSE:TCS' }).min(1, 'a symbol such as TCS or NSE:TCS'),
  timeframe: z.string().optional(),
  timezone: z.enum(['IST', 'UTC']).optional(),
  'date-format': z.string().optional(),
  columns: z.string().optional(),
  adjust: z.boolean().optional(),
  'skip-bad-rows': z.boolean().optional(),
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

/** What an import did, in the words a user checks: new, changed, removed, unchanged. */
export function describeImport(stored: StoredBars): string {
  const what = `${stored.instrument.exchange}:${stored.instrument.symbol} ${stored.timeframe} bars`;
  const { inserted, updated, deleted, unchanged } = stored;
  if (inserted + updated + deleted === 0)
    return `nothing to write: the ${stored.written} ${what} in the file are stored already, unchanged`;
  const parts = [
    inserted && `${inserted} new`,
    updated && `${updated} changed`,
    deleted && `${deleted} stored bar${deleted === 1 ? '' : 's'} not in the file removed`,
    unchanged && `${unchanged} unchanged`,
  ].filter(Boolean);
  return `imported ${stored.written} ${what} (${parts.join(', ')})`;
}

/** The rows --skip-bad-rows left out, listed as a refusal lists them (the first 20). */
export function describeSkipped(skipped: SkippedRows & { errors: { file?: string }[] }): string {
  const shown = skipped.errors
    .slice(0, 20)
    .map((e) => `  ${'file' in e && e.file ? `${e.file} ` : ''}line ${e.line}: ${e.reason}`);
  const more = skipped.rows - shown.length;
  const tail = more > 0 && skipped.errors.length > shown.length ? [`  … ${more} more`] : [];
  return [`skipped ${skipped.rows} bad row${skipped.rows === 1 ? '' : 's'}:`, ...shown, ...tail].join('\n');
}

export async function runImport(argv: string[], context: DataContext): Promise<number> {
  if (argv.some((a) => a === '--bhavcopy' || a.startsWith('--bhavcopy='))) {
    const { runBhavcopyImport } = await import('./import-bhavcopy');
    return runBhavcopyImport(argv, context);
  }
  const { values, rest } = splitFlags(argv, {
    csv: 'string',
    symbol: 'string',
    timeframe: 'string',
    timezone: 'string',
    'date-format': 'string',
    columns: 'string',
    adjust: 'boolean',
    'skip-bad-rows': 'boolean',
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
      adjust: flags.adjust,
      skipBadRows: flags['skip-bad-rows'],
      onProgress: progress.update,
    });
    progress.done(describeImport(stored));
    if (stored.skipped) console.error(describeSkipped(stored.skipped));
    return 0;
  });
}
