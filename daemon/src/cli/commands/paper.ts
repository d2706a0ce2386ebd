// `quanttrade paper`: a paper deployment in this process, on a replayed range of stored bars or
// on the synthetic live feed (docs/trading.md "Running a deployment").
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import type { Pool } from '../../db/pool';
import { cliLogger } from '../cli-database';
import { defineCommand, UsageError } from '../command';
import {
  PAPER_DESCRIPTION,
  PAPER_OPTIONS,
  PAPER_USAGE,
  paperOptions,
  type PaperOptions,
} from '../paper/paper-args';
import { withPaperDatabase } from '../paper/paper-database';

export const command = defineCommand({
  summary: 'Paper-trade a strategy on replayed stored bars or the synthetic feed, through the ledger',
  usage: PAPER_USAGE,
  description: PAPER_DESCRIPTION,
  options: PAPER_OPTIONS,
  daemonOptions: true,
  async run(inv) {
    const options = paperOptions(inv.options);
    if (!options.strategy)
      throw new UsageError('--strategy: required (quanttrade backtest --list-strategies)');
    const config = inv.config();
    const log = cliLogger(config);
    return withPaperDatabase(config, log, (pool) => runMode(pool, log, options)).catch((err: unknown) => {
      // Bad input found in the database (an unknown symbol, too little history): a usage error.
      if (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.code === 'NOT_FOUND'))
        throw new UsageError(err.message);
      throw err;
    });
  },
});

async function runMode(pool: Pool, log: Logger, options: PaperOptions): Promise<number> {
  if (options.from !== undefined) {
    if (options.symbols.length === 0)
      throw new UsageError('--symbol: required with --from (stored bars to replay)');
    const { runPaperRange } = await import('../paper/paper-run');
    return runPaperRange(pool, log, options);
  }
  const { runPaperLive } = await import('../paper/paper-live');
  return runPaperLive(pool, log, options);
}
