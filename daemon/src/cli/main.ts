// Placeholder entry point; the CLI is built in cli/commands.
export async function main(argv: string[]): Promise<void> {
  console.error(`quanttrade: unknown command ${argv.join(' ')}`);
  process.exitCode = 2;
}
