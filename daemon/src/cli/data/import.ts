// `quanttrade data import --csv FILE --symbol SYMBOL [...]` and `--bhavcopy FILES` (import-bhavcopy.ts)
import { z } from 'zod';
import type { StoredBars } from '../../market/bar-store';
import { importCsv, type SkippedRows } from '../../market/csv-import';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, type Invocation } from '../command';
import { createProgress } from './progress';

const CSV_SECTION = 'CSV file (--csv)';
const BHAVCOPY_SECTION = 'NSE bhavcopies (--bhavcopy)';

// Each mode's options are refused in the other, so a mistyped line is not half-obeyed.
const CSV_ONLY = ['symbol', 'timeframe', 'timezone', 'date-format', 'columns', 'adjust'] as const;

const schema = z
  .object({
    csv: z.string().min(1, 'a CSV file path').optional(),
    symbol: z.string().min(1, 'a symbol such as TCS or NSE:TCS').optional(),
    timeframe: z.string().optional(),
    timezone: z.enum(['IST', 'UTC']).optional(),
    'date-format': z.string().optional(),
    columns: z.string().optional(),
    adjust: z.boolean().optional(),
    'skip-bad-rows': z.boolean().optional(),
    bhavcopy: z.string().min(1, 'bhavcopy files or directories, comma-separated').optional(),
    series: z
      .string()
      .regex(/^[A-Za-z0-9]{1,4}(,[A-Za-z0-9]{1,4})*$/, 'series codes such as EQ,BE (comma-separated)')
      .optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.bhavcopy !== undefined) {
      if (v.csv !== undefined) issue('csv', 'either --csv or --bhavcopy, not both');
      for (const flag of CSV_ONLY)
        if (v[flag] !== undefined) issue(flag, `no --${flag} with --bhavcopy (a bhavcopy names its symbols)`);
      return;
    }
    if (v.csv === undefined) issue('csv', 'a CSV file path (or --bhavcopy FILES)');
    if (v.symbol === undefined) issue('symbol', 'a symbol such as TCS or NSE:TCS');
    if (v.series !== undefined) issue('series', 'no --series without --bhavcopy');
  });

type ImportFlags = z.output<typeof schema>;

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

async function importCsvFile(inv: Invocation<ImportFlags>): Promise<number> {
  const flags = inv.options;
  return withCommandDatabase(inv, async ({ pool }) => {
    const progress = createProgress(`importing ${flags.symbol}`);
    const stored = await importCsv(pool, {
      symbol: flags.symbol!,
      path: flags.csv!,
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

export const importCommand = defineCommand({
  summary: 'Import bars from a CSV file or NSE bhavcopies (all-or-nothing; bad rows listed by line)',
  usage: [
    '--csv FILE --symbol SYMBOL [--timeframe 1d] [--timezone IST|UTC] [--date-format DD-MM-YYYY]',
    '  [--columns date=Timestamp,close=Last] [--adjust] [--skip-bad-rows]',
    '--bhavcopy FILE|DIR[,FILE|DIR…] [--series EQ,BE,BZ,SM,ST,SZ] [--skip-bad-rows]',
  ],
  description:
    'A CSV has the columns Date,Open,High,Low,Close,Volume (any case) unless --columns says otherwise.\n' +
    'Times without an offset are IST unless --timezone UTC. The whole file is refused if any row is\n' +
    'bad (every bad row is listed with its line number), and every timestamp must fit the timeframe\n' +
    "on the exchange's calendar (1m bars on minute boundaries inside the session, 1d bars one per\n" +
    'trading day). Re-importing a range replaces it; an identical file writes nothing and says so.\n\n' +
    'NSE bhavcopies (the UDiFF layout, BhavCopy_NSE_CM_0_0_0_YYYYMMDD_F_0000.csv, or the older\n' +
    "cmDDMMMYYYYbhav.csv): one daily bar for every symbol of each file's day, all files in one\n" +
    'transaction. A directory means every .csv in it. Each file must be an NSE trading day; a stored\n' +
    'day between two imported files is left as it is.',
  options: {
    csv: { type: 'string', value: 'FILE', describe: 'the CSV file', input: 'file', section: CSV_SECTION },
    symbol: {
      type: 'string',
      value: 'S',
      describe: 'its symbol: TCS, NSE:TCS or BSE:TCS',
      section: CSV_SECTION,
    },
    timeframe: { type: 'string', value: 'TF', describe: 'bar length (default 1d)', section: CSV_SECTION },
    timezone: {
      type: 'string',
      value: 'IST|UTC',
      describe: 'zone of times without an offset',
      section: CSV_SECTION,
    },
    'date-format': {
      type: 'string',
      value: 'FMT',
      describe: 'e.g. DD-MM-YYYY or MM/DD/YYYY',
      section: CSV_SECTION,
    },
    columns: {
      type: 'string',
      value: 'MAP',
      describe: 'other column names: date=Timestamp,close=Last',
      section: CSV_SECTION,
    },
    adjust: {
      type: 'boolean',
      describe:
        'scale each bar by its Adj Close / Close (a Yahoo download): open, high,\nlow and close times the ratio, volume divided by it',
      section: CSV_SECTION,
    },
    bhavcopy: {
      type: 'string',
      value: 'PATHS',
      describe: 'bhavcopy files or directories, comma-separated',
      section: BHAVCOPY_SECTION,
    },
    series: {
      type: 'string',
      value: 'LIST',
      describe: 'series kept (default the share series EQ,BE,BZ,SM,ST,SZ); the rest are counted',
      section: BHAVCOPY_SECTION,
    },
    'skip-bad-rows': {
      type: 'boolean',
      describe: 'import the good rows and list the bad ones instead of refusing the file',
      section: 'Both',
    },
  },
  schema,
  daemonOptions: true,
  async run(inv) {
    if (inv.options.bhavcopy === undefined) return importCsvFile(inv);
    const { importBhavcopyFiles } = await import('./import-bhavcopy');
    return importBhavcopyFiles(inv, inv.options.bhavcopy);
  },
});
