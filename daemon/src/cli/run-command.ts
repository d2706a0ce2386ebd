// Runs one loaded sub-command and turns its outcome into the process exit code: a UsageError is
// printed without a stack (exit 2), an AppError (an expected failure with its own message: a
// database that cannot be reached, a source that refused) without one (exit 1), anything else
// with its stack (exit 1). `quanttrade` (main.ts) and
// the backtest bundle (backtest-main.ts) share it, so both report errors alike.
import { AppError } from '../core/errors';
import { UsageError, type CommandModule } from './command';

export async function runCommand(
  name: string,
  load: () => Promise<CommandModule>,
  argv: string[],
): Promise<void> {
  try {
    const module = await load();
    process.exitCode = await module.run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`quanttrade ${name}: ${err.message}`);
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof AppError) {
      console.error(`quanttrade ${name}: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(`quanttrade ${name}: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  }
}
