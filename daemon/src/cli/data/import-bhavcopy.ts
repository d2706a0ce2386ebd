// `quanttrade data import --bhavcopy FILE|DIR[,…] [--series EQ,BE] [--skip-bad-rows]`
import { z } from 'zod';
import { importBhavcopies, type BhavcopyImport } from '../../market/bhavcopy-import';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { describeSkipped } from './import';
import { createProgress } from './progress';

const schema = z.object({
  bhavcopy: z.string().min(1, 'bhavcopy files or directories, comma-separated'),
  series: z
    .string()
    .regex(/^[A-Za-z0-9]{1,4}(,[A-Za-z0-9]{1,4})*$/, 'series codes such as EQ,BE (comma-separated)')
    .optional(),
  'skip-bad-rows': z.boolean().optional(),
  symbol: z.undefined({ message: 'no --symbol: a bhavcopy names its symbols' }).optional(),
  csv: z.undefined({ message: 'either --csv or --bhavcopy, not both' }).optional(),
});

/** What a bhavcopy import did: days, bars, symbols, what changed, and what the series filter left out. */
export function describeBhavcopyImport(result: BhavcopyImport): string {
  const { days, bars, symbols, inserted, updated, deleted, unchanged } = result;
  const span = days.length > 1 ? `${days[0]} … ${days.at(-1)}` : days[0];
  const what = `${bars} daily bars of ${symbols} symbols`;
  const head =
    inserted + updated + deleted === 0
      ? `nothing to write: the ${what} in ${days.length} NSE bhavcopy day${days.length === 1 ? '' : 's'} (${span}) are stored already, unchanged`
      : `imported ${days.length} NSE bhavcopy day${days.length === 1 ? '' : 's'} (${span}): ${what} (${[
          inserted && `${inserted} new`,
          updated && `${updated} changed`,
          deleted && `${deleted} stored removed`,
          unchanged && `${unchanged} unchanged`,
        ]
          .filter(Boolean)
          .join(', ')})`;
  const filtered = Object.entries(result.filtered).sort(([a], [b]) => a.localeCompare(b));
  const left = filtered.length
    ? `\nleft out by series (kept ${result.series.join(', ')}): ${filtered.map(([s, n]) => `${s} ${n}`).join(', ')}`
    : '';
  return head + left;
}

export async function runBhavcopyImport(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, {
    bhavcopy: 'string',
    series: 'string',
    'skip-bad-rows': 'boolean',
    symbol: 'string',
    csv: 'string',
  });
  const flags = validateFlags(schema, values);
  return context.withDatabase(rest, async (pool) => {
    const progress = createProgress('importing bhavcopies');
    const result = await importBhavcopies(pool, {
      paths: flags.bhavcopy.split(',').map((p) => p.trim()),
      series: flags.series?.split(','),
      skipBadRows: flags['skip-bad-rows'],
      onProgress: progress.update,
    });
    progress.done(describeBhavcopyImport(result));
    if (result.skipped) console.error(describeSkipped(result.skipped));
    return 0;
  });
}
