// `quanttrade data fetch --source yahoo|dhan --symbol S --from D --to D [--timeframe 1d]`
import { z } from 'zod';
import { createDhanCandleFetcher } from '../../broker/dhan';
import { fetchAndStore } from '../../market/fetch-bars';
import { withCommandDatabase } from '../cli-database';
import { defineCommand } from '../command';
import { parseCliTime } from './dates';
import { createProgress } from './progress';
import { RANGE_OPTIONS } from './range-options';

const schema = z.object({
  source: z.enum(['yahoo', 'dhan']),
  symbol: z.string().min(1, 'one or more symbols, comma separated'),
  from: z.string().min(1, 'an IST date YYYY-MM-DD'),
  to: z.string().min(1, 'an IST date YYYY-MM-DD'),
  timeframe: z.string().default('1d'),
  'no-adjust': z.boolean().optional(),
});

export const fetchCommand = defineCommand({
  summary: 'Fetch bars from Yahoo Finance or Dhan into the bar store',
  usage: [
    '--source yahoo|dhan --symbol S[,S2…] --from YYYY-MM-DD --to YYYY-MM-DD',
    '  [--timeframe 1d] [--no-adjust]',
  ],
  description:
    'Each symbol is stored in one transaction. Yahoo: NSE symbols as TCS or TCS.NS, BSE as BSE:TCS;\n' +
    '1m history is 30 days, 5m–90m 60 days, 1h 730 days. Dhan: needs the instrument master (data\n' +
    'instruments), DHAN_ACCESS_TOKEN and DHAN_CLIENT_ID (or --dhan-access-token, --dhan-client-id).\n' +
    'Base URLs: QUANTTRADE_YAHOO_BASE_URL, QUANTTRADE_DHAN_BASE_URL (--yahoo-base-url, --dhan-base-url).',
  options: {
    source: { type: 'string', value: 'SOURCE', describe: 'yahoo or dhan' },
    ...RANGE_OPTIONS,
    symbol: { type: 'string', value: 'S[,S2…]', describe: 'symbols, comma-separated' },
    'no-adjust': { type: 'boolean', describe: 'Yahoo: keep prices unadjusted for splits and dividends' },
  },
  schema,
  daemonOptions: true,
  async run(inv) {
    const flags = inv.options;
    const from = parseCliTime('from', flags.from, false)!;
    const to = parseCliTime('to', flags.to, true)!;
    return withCommandDatabase(inv, async ({ pool, config }) => {
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
  },
});
