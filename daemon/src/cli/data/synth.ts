// `quanttrade data synth --symbols N --bars M [--timeframe 1d] [--seed 1] [--from YYYY-MM-DD]`
import { z } from 'zod';
import { storeBars } from '../../market/bar-store';
import { checkSyntheticTotal, MAX_SYNTHETIC_BARS, syntheticUniverse } from '../../market/synthetic-universe';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { parseCliTime } from './dates';
import { createProgress } from './progress';

export const SYNTH_HELP = `quanttrade data synth --symbols N --bars M [--timeframe 1d] [--seed 1] [--from 2020-01-01] [--prefix SYN]
  Generates seeded synthetic bars (geometric Brownian motion on the NSE calendar, Indian tick
  sizes) for SYN1 … SYNn. They are stored as synthetic instruments and labelled so everywhere.`;

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

export async function runSynth(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, {
    symbols: 'string',
    bars: 'string',
    timeframe: 'string',
    seed: 'string',
    from: 'string',
    prefix: 'string',
  });
  const flags = validateFlags(schema, values);
  parseCliTime('from', flags.from, false);
  const inputs = syntheticUniverse({
    symbols: flags.symbols,
    bars: flags.bars,
    timeframe: flags.timeframe,
    startDate: flags.from.slice(0, 10),
    seed: flags.seed,
    prefix: flags.prefix,
  });
  return context.withDatabase(rest, async (pool) => {
    const progress = createProgress('storing synthetic bars');
    const stored = await storeBars(pool, inputs, progress.update);
    const total = stored.reduce((n, s) => n + s.written, 0);
    progress.done(
      `stored ${total} synthetic ${flags.timeframe} bars for ${stored.length} symbols (${flags.prefix}1…${flags.prefix}${flags.symbols})`,
    );
    return 0;
  });
}
