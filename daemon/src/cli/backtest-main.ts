// `quanttrade backtest --csv …` as one CommonJS bundle (dist/backtest.cjs), which
// bin/quanttrade.js runs with V8's code cache (bin/run-cached-bundle.cjs): the parser, the
// engine, the strategies and zod start from cached bytecode instead of being compiled on every
// run. Everything else, and `backtest --symbol` (the database stack), goes through dist/cli.js.
// The same command framework runs it, so it parses, helps and fails exactly as there.
import { command } from './commands/backtest';
import { runCommandLine } from './command-runner';

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCommandLine('quanttrade backtest', command, argv);
}
