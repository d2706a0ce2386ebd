// What `quanttrade deploy`, `orders`, `positions` and `drift` share: each sub-command declared
// once (flags, a zod schema, positional arguments) and made a command of the framework
// (cli/command.ts: parsing, --help, exit codes by error kind) on the database `start` uses, with
// migrations applied; plain-text tables and JSON. The CLI
// holds the database, so it acts as the system (it sees every user's rows); a deployment it
// creates is checked under its owner's row-level security, like one created over the API.
import type { z } from 'zod';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, UsageError, type ArgSpec, type Command, type OptionSpec } from '../command';

export type FlagKind = 'string' | 'boolean';

export interface SubCommand {
  /** One line for the parent's list and --help. */
  summary: string;
  help: string;
  flags: Record<string, FlagKind>;
  /** Flags that may be given several times (collected as arrays). */
  repeated?: readonly string[];
  /** Positional arguments (an id, a name). */
  args?: readonly ArgSpec[];
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

/** The framework's command (cli/command.ts) for one of ours: options, database, exit codes. */
export function toCommand(sub: SubCommand): Command {
  const options: Record<string, OptionSpec> = {};
  for (const [name, kind] of Object.entries(sub.flags))
    options[name] =
      kind === 'boolean'
        ? { type: 'boolean', describe: name === 'json' ? 'print JSON' : name }
        : { type: 'string', value: name.toUpperCase(), describe: name };
  for (const name of sub.repeated ?? [])
    options[name] = {
      type: 'string',
      value: name.toUpperCase(),
      describe: `${name} (repeatable)`,
      multiple: true,
    };
  return defineCommand({
    summary: sub.summary,
    usage: sub.help.split('\n')[0]!.replace(/^quanttrade \S+( \S+)? ?/, ''),
    description: sub.help.split('\n').slice(1).join('\n').trim() || undefined,
    options,
    args: sub.args ?? [],
    schema: sub.schema,
    daemonOptions: true,
    run: (inv) =>
      withCommandDatabase(inv, ({ pool }) =>
        sub.run(inv.options as Record<string, unknown>, {
          pool,
          run: (fn) => withTransaction(pool, fn),
          args: inv.args,
        }),
      ),
  });
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
