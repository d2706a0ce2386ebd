// `quanttrade data synth --symbols N --bars M [--timeframe 1d] [--seed 1] [--from YYYY-MM-DD]`
import { z } from 'zod';
import { storeBars } from '../../market/bar-store';
import { checkSyntheticTotal, MAX_SYNTHETIC_BARS, syntheticUniverse } from '../../market/synthetic-universe';
import { withCommandDatabase } from '../cli-database';
import { defineCommand } from '../command';
import { parseCliTime } from './dates';
import { createProgress } from './progress';

const count = (what: string, max: number) =>
  z.coerce
    .number()
    .int(`a whole number of ${what}`)
    .min(1, `at least 1 ${what}`)
    .max(max, `at most ${max} ${what}`);

const schema = z
  .object({
    symbols: count('symbols', 10_000),
    bars: count('bars', MAX_SYNTHETIC_BARS),
    timeframe: z.string().default('1d'),
    seed: z.coerce.number().int('an integer seed').default(1),
    from: z.string().default('2020-01-01'),
    prefix: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{0,20}$/, 'upper-case letters and digits, starting with a letter')
      .default('SYN'),
  })
  .superRefine(checkSyntheticTotal);

export const synthCommand = defineCommand({
  summary: 'Generate seeded synthetic bars (marked synthetic everywhere)',
  usage: '--symbols N --bars M [--timeframe 1d] [--seed 1] [--from 2020-01-01] [--prefix SYN]',
  description:
    'Geometric Brownian motion on the NSE calendar with Indian tick sizes, for SYN1 … SYNn. They are\n' +
    'stored as synthetic instruments and labelled so everywhere.',
  options: {
    symbols: { type: 'string', value: 'N', describe: 'how many symbols' },
    bars: { type: 'string', value: 'M', describe: 'bars per symbol' },
    timeframe: { type: 'string', value: 'TF', describe: 'bar length (default 1d)' },
    seed: {
      type: 'string',
      value: 'N',
      describe: 'random seed: the same seed gives the same bars (default 1)',
    },
    from: { type: 'string', value: 'DATE', describe: 'first day, YYYY-MM-DD (default 2020-01-01)' },
    prefix: { type: 'string', value: 'P', describe: 'symbol prefix, upper case (default SYN)' },
  },
  schema,
  daemonOptions: true,
  async run(inv) {
    const flags = inv.options;
    parseCliTime('from', flags.from, false);
    const inputs = syntheticUniverse({
      symbols: flags.symbols,
      bars: flags.bars,
      timeframe: flags.timeframe,
      startDate: flags.from.slice(0, 10),
      seed: flags.seed,
      prefix: flags.prefix,
    });
    return withCommandDatabase(inv, async ({ pool }) => {
      const progress = createProgress('storing synthetic bars');
      const stored = await storeBars(pool, inputs, progress.update);
      const total = stored.reduce((n, s) => n + s.written, 0);
      progress.done(
        `stored ${total} synthetic ${flags.timeframe} bars for ${stored.length} symbols (${flags.prefix}1…${flags.prefix}${flags.symbols})`,
      );
      return 0;
    });
  },
});
