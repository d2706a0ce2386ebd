// `quanttrade data list [--json]` and `quanttrade data instruments [--file F | --url U]`.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { readCoverage } from '../../market/bar-coverage';
import { loadInstrumentMaster } from '../../market/instrument-master-load';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { createProgress } from './progress';

export const LIST_HELP = `quanttrade data list [--json]
  What the bar store holds: each symbol and timeframe with its first and last bar, bar count and
  source. Synthetic instruments are marked [SYNTHETIC].`;

export const INSTRUMENTS_HELP = `quanttrade data instruments [--file FILE | --url URL]
  Loads Dhan's instrument master (compact or detailed CSV; default: Dhan's compact master URL)
  into the instruments table: security ids, tick and lot sizes, expiries.`;

export async function runList(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, { json: 'boolean' });
  const flags = validateFlags(z.object({ json: z.boolean().optional() }), values);
  return context.withDatabase(rest, async (pool) => {
    const coverage = await readCoverage(pool);
    if (flags.json) console.log(JSON.stringify(coverage, null, 2));
    else if (coverage.length === 0)
      console.log('the bar store is empty: quanttrade data import / fetch / synth');
    else {
      for (const c of coverage) {
        const label = `${c.exchange}:${c.symbol}${c.synthetic ? ' [SYNTHETIC]' : ''}`;
        console.log(
          `${label.padEnd(28)} ${c.timeframe.padEnd(4)} ${String(c.bars).padStart(10)} bars  ${formatIstDateTime(c.first)} … ${formatIstDateTime(c.last)}  (${c.source})`,
        );
      }
    }
    return 0;
  });
}

export async function runInstruments(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, { file: 'string', url: 'string' });
  const flags = validateFlags(
    z.object({ file: z.string().optional(), url: z.string().url('an http(s) URL').optional() }),
    values,
  );
  return context.withDatabase(rest, async (pool) => {
    const progress = createProgress('loading the instrument master');
    const result = await loadInstrumentMaster(pool, { path: flags.file, url: flags.url });
    const bad = result.badRows
      ? `; ${result.badRows} malformed rows left out, e.g. ${result.badExamples
          .slice(0, 3)
          .map((b) => `line ${b.line}: ${b.reason}`)
          .join('; ')}`
      : '';
    progress.done(
      `loaded ${result.upserted} instruments (${result.layout} layout, ${result.skipped} other rows skipped${bad})`,
    );
    return 0;
  });
}
