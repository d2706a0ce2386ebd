// What the `quanttrade risk` sub-commands share: the database as `start` reaches it (with
// migrations applied), a transaction runner, and flag parsing that refuses foreign flags.
import type { z } from 'zod';
import { withTransaction, type Pool } from '../../db/pool';
import type { Transaction } from '../../risk-control/profile-service';
import { UsageError } from '../command';
import { dataContext } from '../data/context';
import { splitFlags, validateFlags, type FlagKind } from '../flags';

export interface RiskCommand {
  help: string;
  flags: Record<string, FlagKind>;
  schema: z.ZodObject;
  run(flags: Record<string, unknown>, pool: Pool, run: Transaction): Promise<number>;
}

export async function runRiskCommand(name: string, command: RiskCommand, argv: string[]): Promise<number> {
  const { values, rest } = splitFlags(argv, command.flags);
  const foreign = Object.keys(values).filter((k) => !(k in command.schema.shape));
  if (foreign.length)
    throw new UsageError(foreign.map((k) => `--${k}: not an option of 'quanttrade risk ${name}'`).join('\n'));
  const flags = validateFlags(command.schema, values) as Record<string, unknown>;
  return dataContext.withDatabase(rest, (pool) =>
    command.run(flags, pool, (fn) => withTransaction(pool, fn)),
  );
}

/** A table row: columns padded to the widths given. */
export function row(cells: (string | number | null)[], widths: number[]): string {
  return cells
    .map((c, i) => String(c ?? '—').padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}
