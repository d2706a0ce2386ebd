// `quanttrade data fetch --source yahoo|dhan --symbol S --from D --to D [--timeframe 1d]`
import { z } from 'zod';
import { createDhanCandleFetcher } from '../../broker/dhan';
import { fetchAndStore } from '../../market/fetch-bars';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { parseCliTime } from './dates';
import { createProgress } from './progress';

export const FETCH_HELP = `quanttrade data fetch --source yahoo|dhan --symbol S[,S2…] --from YYYY-MM-DD --to YYYY-MM-DD
                      [--timeframe 1d] [--no-adjust]
  Fetches bars and stores them (each symbol in one transaction). Yahoo: NSE symbols as TCS or
  TCS.NS, BSE as BSE:TCS; 1m history is 30 days, 5m–90m 60 days, 1h 730 days. Dhan: needs the
  instrument master (data instruments), DHAN_ACCESS_TOKEN and DHAN_CLIENT_ID (or the flags
  --dhan-access-token, --dhan-client-id). Base URLs: QUANTTRADE_YAHOO_BASE_URL and
  QUANTTRADE_DHAN_BASE_URL (--yahoo-base-url, --dhan-base-url). See quanttrade start --help.`;

const schema = z.object({
  source: z.enum(['yahoo', 'dhan']),
  symbol: z.string().min(1, 'one or more symbols, comma separated'),
  from: z.string().min(1, 'an IST date YYYY-MM-DD'),
  to: z.string().min(1, 'an IST date YYYY-MM-DD'),
  timeframe: z.string().default('1d'),
  'no-adjust': z.boolean().optional(),
});

export async function runFetch(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, {
    source: 'string',
    symbol: 'string',
    from: 'string',
    to: 'string',
    timeframe: 'string',
    'no-adjust': 'boolean',
  });
  const flags = validateFlags(schema, values);
  const from = parseCliTime('from', flags.from, false)!;
  const to = parseCliTime('to', flags.to, true)!;
  return context.withDatabase(rest, async (pool, config) => {
    for (const symbol of flags.symbol
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const progress = createProgress(`storing ${symbol}`);
      const outcome = await fetchAndStore(
        pool,
        {
          source: flags.source,
          symbol,
          timeframe: flags.timeframe,
          from,
          to,
          adjust: !flags['no-adjust'],
          onProgress: progress.update,
        },
        config,
        createDhanCandleFetcher(pool),
      );
      const skipped = outcome.skipped ? `, skipped ${outcome.skipped} unusable bars` : '';
      progress.done(
        `${symbol}: stored ${outcome.stored.written} ${flags.timeframe} bars from ${flags.source} (${outcome.requests} requests${skipped})`,
      );
    }
    return 0;
  });
}
