// `quanttrade backtest --csv …` as one CommonJS bundle (dist/backtest.cjs), which
// bin/quanttrade.js runs with V8's code cache (bin/run-cached-bundle.cjs): the parser, the
// engine, the strategies and zod start from cached bytecode instead of being compiled on every
// run. Everything else, and `backtest --symbol` (the database stack), goes through dist/cli.js.
import * as backtest from './commands/backtest';
import { runCommand } from './run-command';

export function main(argv: string[]): Promise<void> {
  return runCommand('backtest', async () => backtest, argv);
}
