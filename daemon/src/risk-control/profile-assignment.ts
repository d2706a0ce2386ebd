// Which profile governs an account and a deployment: the account's (broker_accounts.
// risk_profile_id), overridden by the deployment's own (deployments.risk_profile_id); with
// neither, the conservative preset. Assigning checks the profile belongs to the same user and is
// not archived.
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { ProfileDocument } from '../risk/index';
import { getProfile } from './profile-store';

export type AssignTarget = { accountId: number } | { deploymentId: number };

export interface AssignResult {
  ownerId: number;
  accountId: number;
  deploymentId: number | null;
  previous: number | null;
  profileId: number | null;
}

export async function assignProfile(
  db: PoolClient,
  target: AssignTarget,
  profileId: number | null,
): Promise<AssignResult> {
  const isAccount = 'accountId' in target;
  const id = isAccount ? target.accountId : target.deploymentId;
  const { rows } = await db.query<{ owner_id: number; account_id: number; risk_profile_id: number | null }>(
    isAccount
      ? 'SELECT owner_id, id AS account_id, risk_profile_id FROM broker_accounts WHERE id = $1 FOR UPDATE'
      : 'SELECT owner_id, broker_account_id AS account_id, risk_profile_id FROM deployments WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `no ${isAccount ? 'broker account' : 'deployment'} ${id}`);
  if (profileId !== null) {
    const profile = await getProfile(db, profileId);
    if (profile.archivedAt) throw new AppError('CONFLICT', `risk profile ${profileId} is archived`);
    if (profile.ownerId !== row.owner_id)
      throw new AppError(
        'CONFLICT',
        `risk profile ${profileId} belongs to another user than ${isAccount ? 'account' : 'deployment'} ${id}`,
      );
  }
  await db.query(
    `UPDATE ${isAccount ? 'broker_accounts' : 'deployments'} SET risk_profile_id = $2 WHERE id = $1`,
    [id, profileId],
  );
  return {
    ownerId: row.owner_id,
    accountId: row.account_id,
    deploymentId: isAccount ? null : id,
    previous: row.risk_profile_id,
    profileId,
  };
}

export interface EffectiveProfile {
  scope: 'account' | 'deployment';
  id: number;
  ownerId: number;
  accountId: number;
  /** Where the profile comes from: the deployment's own, the account's, or the default preset. */
  source: 'deployment' | 'account' | 'preset';
  profileId: number | null;
  version: number | null;
  name: string | null;
  document: ProfileDocument | null;
}

interface EffectiveRow {
  id: number;
  owner_id: number;
  account_id: number;
  source: EffectiveProfile['source'];
  profile_id: number | null;
  version: number | null;
  name: string | null;
  document: ProfileDocument | null;
}

function toEffective(scope: EffectiveProfile['scope'], r: EffectiveRow): EffectiveProfile {
  return {
    scope,
    id: r.id,
    ownerId: r.owner_id,
    accountId: r.account_id,
    source: r.source,
    profileId: r.profile_id,
    version: r.version,
    name: r.name,
    document: r.document,
  };
}

/** The profiles that govern these accounts and deployments now (latest versions). */
export async function loadEffectiveProfiles(
  db: PoolClient,
  accountIds: readonly number[],
  deploymentIds: readonly number[],
): Promise<EffectiveProfile[]> {
  const accounts = await db.query<EffectiveRow>(
    `SELECT a.id, a.owner_id, a.id AS account_id, CASE WHEN p.id IS NULL THEN 'preset' ELSE 'account' END AS source,
            p.id AS profile_id, p.latest_version AS version, p.name, p.limits AS document
       FROM broker_accounts a LEFT JOIN risk_profiles p ON p.id = a.risk_profile_id
      WHERE a.id = ANY($1::bigint[])`,
    [accountIds],
  );
  const deployments = await db.query<EffectiveRow>(
    `SELECT d.id, d.owner_id, d.broker_account_id AS account_id,
            CASE WHEN dp.id IS NOT NULL THEN 'deployment' WHEN ap.id IS NOT NULL THEN 'account' ELSE 'preset' END AS source,
            coalesce(dp.id, ap.id) AS profile_id,
            CASE WHEN dp.id IS NOT NULL THEN dp.latest_version ELSE ap.latest_version END AS version,
            coalesce(dp.name, ap.name) AS name,
            CASE WHEN dp.id IS NOT NULL THEN dp.limits ELSE ap.limits END AS document
       FROM deployments d
       JOIN broker_accounts a ON a.id = d.broker_account_id
       LEFT JOIN risk_profiles dp ON dp.id = d.risk_profile_id
       LEFT JOIN risk_profiles ap ON ap.id = a.risk_profile_id
      WHERE d.id = ANY($1::bigint[])`,
    [deploymentIds],
  );
  return [
    ...accounts.rows.map((r) => toEffective('account', r)),
    ...deployments.rows.map((r) => toEffective('deployment', r)),
  ];
}
