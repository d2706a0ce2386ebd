// `quanttrade <command> [options]`: dispatches to cli/commands/*.
import { packageVersion } from '../config/package-root';
import { commands } from './commands/index';
import { runCommand } from './run-command';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `quanttrade ${packageVersion()} — algorithmic trading for Indian markets`,
    '',
    'Usage: quanttrade <command> [options]     (quanttrade <command> --help for details)',
    '',
    'Commands:',
    ...lines,
  ].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return;
  }
  if (name === '--version' || name === '-v') {
    console.log(packageVersion());
    return;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`quanttrade: unknown command '${name}'\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  await runCommand(name, command.load, rest);
}
