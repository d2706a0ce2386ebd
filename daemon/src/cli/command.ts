// A `quanttrade` sub-command. Each lives in cli/commands/<name>.ts and is listed in
// cli/commands/index.ts. `run` returns the process exit code (0 ok, 1 failure, 2 bad usage/config).
export interface Command {
  name: string;
  /** One line for `quanttrade --help`. */
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad command-line usage or configuration: printed without a stack, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
