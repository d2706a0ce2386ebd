// What the `quanttrade risk` sub-commands share: the database as `start` reaches it (with
// migrations applied) and a transaction runner, through the command framework.
import type { z } from 'zod';
import { withTransaction, type Pool } from '../../db/pool';
import type { Transaction } from '../../risk-control/profile-service';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, type Command, type OptionSpecs } from '../command';

export interface RiskCommandDef {
  summary: string;
  usage?: string | readonly string[];
  description?: string;
  options?: OptionSpecs;
  schema: z.ZodObject;
  /** false: a calculator that never opens the database. */
  database?: false;
  run(flags: Record<string, unknown>, pool: Pool, run: Transaction): Promise<number>;
}

export function riskCommand(def: RiskCommandDef): Command {
  const { database, run, ...rest } = def;
  return defineCommand({
    ...rest,
    daemonOptions: database === false ? undefined : true,
    async run(inv) {
      const flags = inv.options as Record<string, unknown>;
      if (database === false) return run(flags, undefined as never, undefined as never);
      return withCommandDatabase(inv, ({ pool }) => run(flags, pool, (fn) => withTransaction(pool, fn)));
    },
  });
}

/** A table row: columns padded to the widths given. */
export function row(cells: (string | number | null)[], widths: number[]): string {
  return cells
    .map((c, i) => String(c ?? '—').padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

/** --account N / --deployment N, the scopes most risk commands take. */
export const SCOPE_OPTIONS = {
  account: { type: 'string', value: 'N', describe: 'a broker account' },
  deployment: { type: 'string', value: 'N', describe: 'a deployment' },
} as const;
