// `quanttrade paper`: a paper deployment in this process, on a replayed range of stored bars or
// on the synthetic live feed (docs/trading.md "Running a deployment").
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import type { Pool } from '../../db/pool';
import { cliConfig, cliLogger } from '../cli-database';
import { UsageError } from '../command';
import { PAPER_USAGE, parsePaperArgs, type PaperOptions } from '../paper/paper-args';
import { withPaperDatabase } from '../paper/paper-database';

export async function run(argv: string[]): Promise<number> {
  const options = parsePaperArgs(argv);
  if (options.help) {
    console.log(PAPER_USAGE);
    return 0;
  }
  if (!options.strategy) throw new UsageError('--strategy: required (quanttrade backtest --list-strategies)');
  const config = cliConfig([]);
  const log = cliLogger(config);
  return withPaperDatabase(config, log, (pool) => runMode(pool, log, options)).catch((err: unknown) => {
    // Bad input found in the database (an unknown symbol, too little history): a usage error.
    if (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.code === 'NOT_FOUND'))
      throw new UsageError(err.message);
    throw err;
  });
}

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
