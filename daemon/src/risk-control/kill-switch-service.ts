// Engaging and releasing kill switches, for the API and the CLI. Any operator may engage one —
// on their own accounts and deployments, or the global one (an emergency stop must not wait
// for an admin); releasing an account or deployment switch needs its owner (an operator) or an
// admin, and the global one an admin. Both are audited in the same transaction. The database
// then tells every daemon (LISTEN/NOTIFY) and refuses order writes it covers (sql/014_risk.sql).
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { KillSwitchScope } from '../risk/index';
import {
  findEngaged,
  getKillSwitch,
  insertKillSwitch,
  markReleased,
  type KillSwitchRow,
} from './kill-switch-store';
import type { Transaction } from './profile-service';
import { auditRisk, isAdmin, type RiskActor } from './risk-actor';

export interface KillSwitchTarget {
  scope: KillSwitchScope;
  accountId?: number;
  deploymentId?: number;
}

interface Resolved {
  scope: KillSwitchScope;
  ownerId: number | null;
  accountId: number | null;
  deploymentId: number | null;
}

/** Finds the account or deployment (under the caller's row-level security: NOT_FOUND if not theirs). */
async function resolve(db: PoolClient, t: KillSwitchTarget): Promise<Resolved> {
  if (t.scope === 'global') return { scope: 'global', ownerId: null, accountId: null, deploymentId: null };
  if (t.scope === 'account') {
    if (t.accountId === undefined)
      throw new AppError('VALIDATION_FAILED', 'an account kill switch needs accountId');
    const { rows } = await db.query<{ owner_id: number }>(
      'SELECT owner_id FROM broker_accounts WHERE id = $1',
      [t.accountId],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', `no broker account ${t.accountId}`);
    return { scope: 'account', ownerId: rows[0].owner_id, accountId: t.accountId, deploymentId: null };
  }
  if (t.deploymentId === undefined)
    throw new AppError('VALIDATION_FAILED', 'a deployment kill switch needs deploymentId');
  const { rows } = await db.query<{ owner_id: number; broker_account_id: number }>(
    'SELECT owner_id, broker_account_id FROM deployments WHERE id = $1',
    [t.deploymentId],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no deployment ${t.deploymentId}`);
  return {
    scope: 'deployment',
    ownerId: rows[0].owner_id,
    accountId: rows[0].broker_account_id,
    deploymentId: t.deploymentId,
  };
}

function describe(r: Pick<Resolved, 'scope' | 'accountId' | 'deploymentId'>): string {
  return r.scope === 'global'
    ? 'global'
    : r.scope === 'account'
      ? `broker_account:${r.accountId}`
      : `deployment:${r.deploymentId}`;
}

export async function engageKillSwitch(
  run: Transaction,
  actor: RiskActor,
  input: KillSwitchTarget & { flatten: boolean; reason: string },
): Promise<{ killSwitch: KillSwitchRow; created: boolean }> {
  return run(async (db) => {
    const target = await resolve(db, input);
    const { row, created } = await insertKillSwitch(db, {
      ...target,
      flatten: input.flatten,
      reason: input.reason,
      engagedBy: actor.label,
      engagedByUser: actor.userId,
    });
    await auditRisk(db, actor, 'risk.kill_switch_engage', describe(target), {
      killSwitchId: row.id,
      flatten: row.flatten,
      reason: input.reason,
      alreadyEngaged: !created,
    });
    return { killSwitch: row, created };
  });
}

export async function releaseKillSwitch(
  run: Transaction,
  actor: RiskActor,
  input: ({ id: number } | KillSwitchTarget) & { reason: string },
): Promise<KillSwitchRow> {
  return run(async (db) => {
    let current: KillSwitchRow | undefined;
    if ('id' in input) current = await getKillSwitch(db, input.id);
    else {
      if (input.scope === 'global' && !isAdmin(actor))
        throw new AppError('FORBIDDEN', 'releasing the global kill switch needs an admin');
      const target = await resolve(db, input);
      current = await findEngaged(db, target.scope, target.accountId, target.deploymentId);
      if (!current) throw new AppError('CONFLICT', `no kill switch is engaged over ${describe(target)}`);
    }
    if (current.releasedAt !== null)
      throw new AppError(
        'CONFLICT',
        `kill switch ${current.id} was already released by ${current.releasedBy}`,
      );
    if (current.scope === 'global' && !isAdmin(actor))
      throw new AppError('FORBIDDEN', 'releasing the global kill switch needs an admin');
    const released = await markReleased(db, current.id, {
      label: actor.label,
      userId: actor.userId,
      reason: input.reason,
    });
    await auditRisk(db, actor, 'risk.kill_switch_release', describe(current), {
      killSwitchId: current.id,
      engagedBy: current.engagedBy,
      reason: input.reason,
    });
    return released;
  });
}
