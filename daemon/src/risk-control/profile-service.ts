// Risk profile changes as users make them: validated (every problem named at once), versioned,
// audited in the same transaction, then announced (risk.profile_changed) so every daemon's gate
// loads the new version. `run` is the transaction to work in — the caller's row-level-security
// scope for the API (ctx.asUser), a plain transaction for the CLI — so users change only their
// own profiles and admins everyone's.
import type { PoolClient } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import { PRESETS, parseProfile, type PresetName } from '../risk/index';
import { assignProfile, type AssignResult, type AssignTarget } from './profile-assignment';
import { archiveProfile, insertProfile, updateProfile, type RiskProfileRow } from './profile-store';
import { auditRisk, type RiskActor } from './risk-actor';
import type { ProfileChangedEvent } from './risk-events';

export type Transaction = <T>(fn: (db: PoolClient) => Promise<T>) => Promise<T>;

export interface ProfileServiceDeps {
  run: Transaction;
  /** Absent in the CLI: the daemons reload profiles on their next start or poll. */
  bus?: EventBus;
}

export interface CreateProfileInput {
  ownerId: number;
  name: string;
  description?: string;
  /** A profile document (limits, soft, disabledRules, flattenOnHalt, extends), or a preset's name. */
  profile: unknown;
}

function documentOf(profile: unknown) {
  return typeof profile === 'string' && profile in PRESETS
    ? parseProfile({ ...PRESETS[profile as PresetName], extends: profile })
    : parseProfile(profile);
}

async function announce(deps: ProfileServiceDeps, ownerId: number, payload: ProfileChangedEvent) {
  await deps.bus?.publish('risk.profile_changed', payload, { ownerId });
}

export async function createRiskProfile(
  deps: ProfileServiceDeps,
  actor: RiskActor,
  input: CreateProfileInput,
): Promise<RiskProfileRow> {
  const document = documentOf(input.profile);
  const row = await deps.run(async (db) => {
    const created = await insertProfile(db, {
      ownerId: input.ownerId,
      name: input.name,
      description: input.description ?? '',
      document,
      createdBy: actor.label,
    });
    await auditRisk(db, actor, 'risk.profile_create', `risk_profile:${created.id}`, {
      name: created.name,
      version: 1,
      document,
    });
    return created;
  });
  await announce(deps, row.ownerId, { profileId: row.id, version: 1 });
  return row;
}

export async function changeRiskProfile(
  deps: ProfileServiceDeps,
  actor: RiskActor,
  input: { id: number; name?: string; description?: string; profile?: unknown },
): Promise<RiskProfileRow> {
  const document = input.profile === undefined ? undefined : documentOf(input.profile);
  const { profile, newVersion } = await deps.run(async (db) => {
    const result = await updateProfile(
      db,
      input.id,
      { name: input.name, description: input.description, document },
      actor.label,
    );
    await auditRisk(db, actor, 'risk.profile_update', `risk_profile:${input.id}`, {
      version: result.profile.latestVersion,
      newVersion: result.newVersion,
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(result.newVersion ? { document } : {}),
    });
    return result;
  });
  if (newVersion)
    await announce(deps, profile.ownerId, { profileId: profile.id, version: profile.latestVersion });
  return profile;
}

export async function archiveRiskProfile(
  deps: ProfileServiceDeps,
  actor: RiskActor,
  id: number,
): Promise<RiskProfileRow> {
  return deps.run(async (db) => {
    const row = await archiveProfile(db, id);
    await auditRisk(db, actor, 'risk.profile_archive', `risk_profile:${id}`, { name: row.name });
    return row;
  });
}

export async function assignRiskProfile(
  deps: ProfileServiceDeps,
  actor: RiskActor,
  target: AssignTarget,
  profileId: number | null,
): Promise<AssignResult> {
  const result = await deps.run(async (db) => {
    const r = await assignProfile(db, target, profileId);
    const where =
      'accountId' in target ? `broker_account:${target.accountId}` : `deployment:${target.deploymentId}`;
    await auditRisk(db, actor, 'risk.profile_assign', where, { profileId, previous: r.previous });
    return r;
  });
  await announce(deps, result.ownerId, {
    profileId,
    version: null,
    ...('accountId' in target ? { accountId: target.accountId } : { deploymentId: target.deploymentId }),
  });
  return result;
}
