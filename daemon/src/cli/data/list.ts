// `quanttrade data list [--json]` and `quanttrade data instruments [--file F | --url U]`.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { readCoverage } from '../../market/bar-coverage';
import { loadInstrumentMaster } from '../../market/instrument-master-load';
import { withCommandDatabase } from '../cli-database';
import { defineCommand } from '../command';
import { createProgress } from './progress';

export const listCommand = defineCommand({
  summary: 'What the bar store holds: symbols, timeframes, first and last bar, counts, sources',
  usage: '[--json]',
  description: 'Synthetic instruments are marked [SYNTHETIC].',
  options: { json: { type: 'boolean', describe: 'as JSON' } },
  daemonOptions: true,
  run: (inv) =>
    withCommandDatabase(inv, async ({ pool }) => {
      const flags = inv.options;
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
    }),
});

export const instrumentsCommand = defineCommand({
  summary: "Load Dhan's instrument master: security ids, tick and lot sizes, expiries",
  usage: '[--file FILE | --url URL]',
  description: "The compact or detailed CSV; default: Dhan's compact master URL.",
  options: {
    file: { type: 'string', value: 'FILE', describe: 'a downloaded master CSV', input: 'file' },
    url: { type: 'string', value: 'URL', describe: 'where to download it from' },
  },
  schema: z.object({ file: z.string().optional(), url: z.string().url('an http(s) URL').optional() }),
  daemonOptions: true,
  run: (inv) =>
    withCommandDatabase(inv, async ({ pool }) => {
      const flags = inv.options;
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
    }),
});
