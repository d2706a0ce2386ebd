// `quanttrade data import --bhavcopy FILE|DIR[,…] [--series EQ,BE] [--skip-bad-rows]`
import { importBhavcopies, type BhavcopyImport } from '../../market/bhavcopy-import';
import { withCommandDatabase } from '../cli-database';
import { UsageError, type Invocation } from '../command';
import { unreadableFile } from '../command-input';
import { describeSkipped } from './import';
import { createProgress } from './progress';

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

/** Each path must be a readable file or a directory, before the database is opened. */
function checkPaths(paths: readonly string[]): void {
  const problems = paths.flatMap((path) => {
    const why = unreadableFile(path);
    return why && why !== 'a directory'
      ? [`--bhavcopy: got ${JSON.stringify(path)}, expected a readable file or directory (${why})`]
      : [];
  });
  if (problems.length) throw new UsageError(problems.join('\n'));
}

export async function importBhavcopyFiles(
  inv: Invocation<{ series?: string; 'skip-bad-rows'?: boolean }>,
  bhavcopy: string,
): Promise<number> {
  const paths = bhavcopy.split(',').map((p) => p.trim());
  checkPaths(paths);
  return withCommandDatabase(inv, async ({ pool }) => {
    const progress = createProgress('importing bhavcopies');
    const result = await importBhavcopies(pool, {
      paths,
      series: inv.options.series?.split(','),
      skipBadRows: inv.options['skip-bad-rows'],
      onProgress: progress.update,
    });
    progress.done(describeBhavcopyImport(result));
    if (result.skipped) console.error(describeSkipped(result.skipped));
    return 0;
  });
}
