// `quanttrade kill [--flatten] [--account N | --deployment N] [--reason TEXT]`, `kill release`,
// `kill status`: the kill switch from the shell. The CLI holds the database, so it acts as
// 'system' (with an admin's rights, audited as such). The database itself tells every daemon
// (NOTIFY at commit) and refuses their order writes, so this works with or without a daemon
// running, and even with the API down.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { AppError } from '../../core/errors';
import { withTransaction, type Pool } from '../../db/pool';
import { engageKillSwitch, releaseKillSwitch } from '../../risk-control/kill-switch-service';
import { listEngaged, listRecent, type KillSwitchRow } from '../../risk-control/kill-switch-store';
import type { Transaction } from '../../risk-control/profile-service';
import { SYSTEM_ACTOR } from '../../risk-control/risk-actor';
import { UsageError } from '../command';
import { dataContext } from '../data/context';
import { splitFlags, validateFlags } from '../flags';

const HELP = `Usage:
  quanttrade kill [--flatten] [--account N | --deployment N] [--reason TEXT]
      Engages a kill switch: the global one, or one account's or one deployment's. Every daemon
      stops sending those orders within a second; open orders are cancelled, and with --flatten
      positions are closed with rate-limited market orders.
  quanttrade kill release [--account N | --deployment N | --id N] [--reason TEXT]
      Releases it (without a scope: the global one). Audited.
  quanttrade kill status
      The engaged switches and the latest engagements.

Database options as for quanttrade start.`;

const id = z.coerce.number().int().positive();
const scopeFlags = {
  account: id.optional(),
  deployment: id.optional(),
  reason: z.string().max(500).default(''),
};
const OWN = {
  flatten: 'boolean',
  account: 'string',
  deployment: 'string',
  id: 'string',
  reason: 'string',
} as const;

function target(f: { account?: number; deployment?: number }) {
  if (f.account !== undefined && f.deployment !== undefined)
    throw new UsageError(
      'give --account or --deployment, not both (a deployment switch names its own account)',
    );
  if (f.account !== undefined) return { scope: 'account' as const, accountId: f.account };
  if (f.deployment !== undefined) return { scope: 'deployment' as const, deploymentId: f.deployment };
  return { scope: 'global' as const };
}

export function describeSwitch(s: KillSwitchRow): string {
  const where =
    s.scope === 'global'
      ? 'global'
      : s.scope === 'account'
        ? `account ${s.accountId}`
        : `deployment ${s.deploymentId} (account ${s.accountId})`;
  const state =
    s.releasedAt === null ? 'ENGAGED' : `released ${formatIstDateTime(s.releasedAt)} by ${s.releasedBy}`;
  return `${String(s.id).padStart(4)}  ${where.padEnd(28)} ${s.flatten ? 'flatten ' : '        '} ${formatIstDateTime(s.engagedAt)} by ${s.engagedBy}  ${state}${s.reason ? `  — ${s.reason}` : ''}`;
}

async function perform(action: string, flags: Record<string, unknown>, pool: Pool): Promise<number> {
  const run: Transaction = (fn) => withTransaction(pool, fn);
  if (action === 'status') {
    const engaged = await listEngaged(pool);
    console.log(engaged.length === 0 ? 'no kill switch is engaged' : `${engaged.length} engaged:`);
    for (const s of engaged) console.log(describeSwitch(s));
    const recent = await listRecent(pool, 10);
    if (recent.length > 0) console.log('\nlatest:');
    for (const s of recent) console.log(describeSwitch(s));
    return 0;
  }
  if (action === 'release') {
    const f = validateFlags(z.object({ ...scopeFlags, id: id.optional() }), flags);
    const input = f.id !== undefined ? { id: f.id, reason: f.reason } : { ...target(f), reason: f.reason };
    const released = await releaseKillSwitch(run, SYSTEM_ACTOR, input);
    console.log(`released kill switch ${released.id}:\n${describeSwitch(released)}`);
    return 0;
  }
  const f = validateFlags(z.object({ ...scopeFlags, flatten: z.boolean().optional() }), flags);
  const { killSwitch, created } = await engageKillSwitch(run, SYSTEM_ACTOR, {
    ...target(f),
    flatten: f.flatten ?? false,
    reason: f.reason,
  });
  console.log(
    `${created ? 'engaged' : 'already engaged:'} kill switch ${killSwitch.id}\n${describeSwitch(killSwitch)}`,
  );
  console.log(
    'every daemon stops sending these orders within a second; open orders are cancelled' +
      (killSwitch.flatten ? ' and positions closed' : ''),
  );
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const action = argv[0] === 'release' || argv[0] === 'status' ? argv[0] : 'engage';
  const args = action === 'engage' ? argv : argv.slice(1);
  const { values, rest } = splitFlags(args, OWN);
  const allowed: Record<string, readonly string[]> = {
    engage: ['flatten', 'account', 'deployment', 'reason'],
    release: ['account', 'deployment', 'id', 'reason'],
    status: [],
  };
  const foreign = Object.keys(values).filter((k) => !allowed[action]!.includes(k));
  if (foreign.length)
    throw new UsageError(
      foreign
        .map((k) => `--${k}: not an option of 'quanttrade kill${action === 'engage' ? '' : ` ${action}`}'`)
        .join('\n'),
    );
  const stray = rest.find((t) => !t.startsWith('--'));
  if (stray !== undefined && !rest.some((t, i) => t.startsWith('--') && rest[i + 1] === stray))
    throw new UsageError(`unknown argument '${stray}'\n\n${HELP}`);
  return dataContext.withDatabase(rest, async (pool) => {
    try {
      return await perform(action, values, pool);
    } catch (err) {
      if (err instanceof AppError && err.kind !== 'bug') {
        console.error(`quanttrade kill${action === 'engage' ? '' : ` ${action}`}: ${err.message}`);
        return err.kind === 'invalid' ? 2 : 1;
      }
      throw err;
    }
  });
}
