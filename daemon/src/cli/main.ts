// `quanttrade <command> [options]`: the root of the command tree (cli/commands/index.ts) run by
// the command framework (command.ts, command-runner.ts). `quanttrade help user add` is
// `quanttrade user add --help`; `--version` prints the version.
import { packageVersion } from '../config/package-root';
import { defineGroup, type Group } from './command';
import { commands } from './commands/index';
import { processIo, runCommandLine, type CliIo } from './command-runner';

/** Every top-level command, loaded when used. */
export function rootGroup(): Group {
  return defineGroup({
    summary: 'Algorithmic trading for Indian markets: the daemon, backtests, market data, accounts',
    description: 'Options before the command: --no-color, --version, --help.',
    commands: Object.fromEntries(
      commands.map((c) => [c.name, { summary: c.summary, load: async () => (await c.load()).command }]),
    ),
  });
}

/** Runs one command line; resolves with its exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const line = first === 'help' ? [...rest, '--help'] : argv;
  const banner = `quanttrade ${packageVersion()} — algorithmic trading for Indian markets`;
  return runCommandLine('quanttrade', rootGroup(), line, io, banner);
}

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCli(argv);
}
