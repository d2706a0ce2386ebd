// `quanttrade kill [--flatten] [--account N | --deployment N] [--reason TEXT]`, `kill release`,
// `kill status`: the kill switch from the shell. The CLI holds the database, so it acts as
// 'system' (with an admin's rights, audited as such). The database itself tells every daemon
// (NOTIFY at commit) and refuses their order writes, so this works with or without a daemon
// running, and even with the API down.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { withTransaction, type Pool } from '../../db/pool';
import { engageKillSwitch, releaseKillSwitch } from '../../risk-control/kill-switch-service';
import { listEngaged, listRecent, type KillSwitchRow } from '../../risk-control/kill-switch-store';
import type { Transaction } from '../../risk-control/profile-service';
import { SYSTEM_ACTOR } from '../../risk-control/risk-actor';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, defineGroup, UsageError } from '../command';

const id = z.coerce.number().int().positive();
const scopeFlags = {
  account: id.optional(),
  deployment: id.optional(),
  reason: z.string().max(500).default(''),
};
const SCOPE_OPTIONS = {
  account: { type: 'string', value: 'N', describe: "one broker account's switch" },
  deployment: { type: 'string', value: 'N', describe: "one deployment's switch" },
  reason: { type: 'string', value: 'TEXT', describe: 'why (audited)' },
} as const;

const transactions =
  (pool: Pool): Transaction =>
  (fn) =>
    withTransaction(pool, fn);

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

const status = defineCommand({
  summary: 'The engaged kill switches and the latest engagements',
  daemonOptions: true,
  run: (inv) =>
    withCommandDatabase(inv, async ({ pool }) => {
      const engaged = await listEngaged(pool);
      console.log(engaged.length === 0 ? 'no kill switch is engaged' : `${engaged.length} engaged:`);
      for (const s of engaged) console.log(describeSwitch(s));
      const recent = await listRecent(pool, 10);
      if (recent.length > 0) console.log('\nlatest:');
      for (const s of recent) console.log(describeSwitch(s));
      return 0;
    }),
});

const release = defineCommand({
  summary: 'Release a kill switch (without a scope: the global one); audited',
  usage: '[--account N | --deployment N | --id N] [--reason TEXT]',
  options: { ...SCOPE_OPTIONS, id: { type: 'string', value: 'N', describe: 'the switch, by its id' } },
  schema: z.object({ ...scopeFlags, id: id.optional() }),
  daemonOptions: true,
  async run(inv) {
    const f = inv.options;
    const input = f.id !== undefined ? { id: f.id, reason: f.reason } : { ...target(f), reason: f.reason };
    return withCommandDatabase(inv, async ({ pool }) => {
      const released = await releaseKillSwitch(transactions(pool), SYSTEM_ACTOR, input);
      console.log(`released kill switch ${released.id}:\n${describeSwitch(released)}`);
      return 0;
    });
  },
});

const engage = defineCommand({
  summary: "Engage a kill switch: the global one, or one account's or one deployment's",
  usage: '[--flatten] [--account N | --deployment N] [--reason TEXT]',
  description:
    'Every daemon stops sending those orders within a second; open orders are cancelled, and with\n' +
    '--flatten positions are closed with rate-limited market orders.',
  options: {
    ...SCOPE_OPTIONS,
    flatten: { type: 'boolean', describe: 'also close the positions (market orders, rate-limited)' },
  },
  schema: z.object({ ...scopeFlags, flatten: z.boolean().optional() }),
  daemonOptions: true,
  async run(inv) {
    const f = inv.options;
    const scope = target(f);
    return withCommandDatabase(inv, async ({ pool }) => {
      const { killSwitch, created } = await engageKillSwitch(transactions(pool), SYSTEM_ACTOR, {
        ...scope,
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
    });
  },
});

export const command = defineGroup({
  summary: 'Engage or release a kill switch (global, --account, --deployment); kill status',
  commands: { release, status },
  default: engage,
});
