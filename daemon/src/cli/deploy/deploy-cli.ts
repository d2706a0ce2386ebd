// What `quanttrade deploy`, `orders`, `positions` and `drift` share: the database as `start`
// reaches it (migrations applied), flags checked by a zod schema (repeatable ones such as
// --symbol and --param collected first), errors as exit codes, and plain-text tables. The CLI
// holds the database, so it acts as the system (it sees every user's rows); a deployment it
// creates is checked under its owner's row-level security, like one created over the API.
import type { z } from 'zod';
import { AppError } from '../../core/errors';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import { UsageError } from '../command';
import { dataContext } from '../data/context';
import { splitFlags, validateFlags, type FlagKind } from '../flags';

export interface SubCommand {
  help: string;
  flags: Record<string, FlagKind>;
  /** Flags that may be given several times (collected as arrays). */
  repeated?: readonly string[];
  schema: z.ZodObject;
  run(flags: Record<string, unknown>, ctx: CliContext): Promise<number>;
}

export interface CliContext {
  pool: Pool;
  /** One transaction as the system (no row-level security). */
  run<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
  /** Positional words after the sub-command (an id, a name). */
  args: string[];
}

/** Takes every `--name value` / `--name=value` out of argv. */
function takeRepeated(
  argv: string[],
  names: readonly string[],
): { values: Record<string, string[]>; rest: string[] } {
  const values: Record<string, string[]> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.indexOf('=');
    const name = token.startsWith('--') ? token.slice(2, eq === -1 ? undefined : eq) : '';
    if (!names.includes(name)) {
      rest.push(token);
      continue;
    }
    const value =
      eq !== -1
        ? token.slice(eq + 1)
        : argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')
          ? argv[++i]!
          : '';
    (values[name] ??= []).push(value);
  }
  return { values, rest };
}

export async function runSubCommand(label: string, command: SubCommand, argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  const repeated = takeRepeated(argv, command.repeated ?? []);
  const { values, rest } = splitFlags(repeated.rest, command.flags);
  const positional: string[] = [];
  while (rest[0] !== undefined && !rest[0].startsWith('--')) positional.push(rest.shift()!);
  const all = { ...values, ...repeated.values };
  const foreign = Object.keys(all).filter((k) => !(k in command.schema.shape));
  if (foreign.length)
    throw new UsageError(foreign.map((k) => `--${k}: not an option of 'quanttrade ${label}'`).join('\n'));
  const flags = validateFlags(command.schema, all) as Record<string, unknown>;
  try {
    return await dataContext.withDatabase(rest, (pool) =>
      command.run(flags, { pool, run: (fn) => withTransaction(pool, fn), args: positional }),
    );
  } catch (err) {
    if (!(err instanceof AppError) || err.kind === 'bug') throw err;
    console.error(`quanttrade ${label}: ${err.message}`);
    return err.kind === 'invalid' ? 2 : 1;
  }
}

/** Dispatches `quanttrade <group> <sub> ...` to its sub-command. */
export async function runGroup(
  group: string,
  help: string,
  commands: Record<string, SubCommand>,
  argv: string[],
  fallback?: string,
): Promise<number> {
  let [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    console.log(help);
    return 0;
  }
  if ((name === undefined || name.startsWith('--')) && fallback) {
    rest = argv;
    name = fallback;
  }
  if (!name) {
    console.log(help);
    return 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown ${group} command '${name}'\n\n${help}`);
  return runSubCommand(`${group} ${name}`, command, rest);
}

/** A table row: columns padded to the widths given. */
export function row(cells: (string | number | null | undefined)[], widths: number[]): string {
  return cells
    .map((c, i) => String(c ?? '—').padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

/** `key=value` → [key, value]; numbers and booleans are converted, everything else stays text. */
export function parseParam(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new UsageError(`--param: got ${JSON.stringify(text)}, expected key=value, e.g. --param fast=10`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  const n = Number(raw);
  return [key, raw !== '' && Number.isFinite(n) ? n : raw];
}

export const printJson = (value: unknown) => console.log(JSON.stringify(value, null, 2));
