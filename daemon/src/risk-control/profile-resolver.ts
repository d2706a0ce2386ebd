// The compiled profile of each account and deployment a daemon's gate serves, kept current: read
// when a scope is prepared, and read again when risk.profile_changed says its profile got a
// new version or the scope another profile. Lookups on the order path are synchronous.
import { AppError } from '../core/errors';
import type { Pool } from '../db/pool';
import {
  DEFAULT_PRESET,
  compilePreset,
  compileProfile,
  parseProfile,
  type CompiledProfile,
  type ScopeKind,
} from '../risk/index';
import { loadEffectiveProfiles, type EffectiveProfile } from './profile-assignment';
import type { ProfileChangedEvent } from './risk-events';

export interface ScopeProfile {
  profile: CompiledProfile;
  ownerId: number;
  accountId: number;
  source: EffectiveProfile['source'];
}

export interface ProfileResolver {
  /** Reads (or re-reads) the profiles of these scopes. */
  load(accountIds: readonly number[], deploymentIds: readonly number[]): Promise<void>;
  get(kind: ScopeKind, id: number): ScopeProfile;
  has(kind: ScopeKind, id: number): boolean;
  /** Re-reads the scopes a change concerns (all known scopes using the profile, or the scope assigned). */
  changed(event: ProfileChangedEvent): Promise<void>;
  known(): { accountIds: number[]; deploymentIds: number[] };
}

const preset = compilePreset(DEFAULT_PRESET);

function compile(e: EffectiveProfile, cache: Map<string, CompiledProfile>): CompiledProfile {
  if (e.profileId === null || e.document === null || e.version === null) return preset;
  const key = `${e.profileId}:${e.version}`;
  let compiled = cache.get(key);
  if (!compiled) {
    // Stored documents were validated when written; parsing again guards against a hand edit.
    compiled = compileProfile(parseProfile(e.document), {
      profileId: e.profileId,
      version: e.version,
      name: e.name ?? '',
    });
    cache.set(key, compiled);
  }
  return compiled;
}

export function createProfileResolver(pool: Pool): ProfileResolver {
  const scopes: Record<ScopeKind, Map<number, ScopeProfile>> = { account: new Map(), deployment: new Map() };
  const compiled = new Map<string, CompiledProfile>();

  async function load(accountIds: readonly number[], deploymentIds: readonly number[]): Promise<void> {
    const client = await pool.connect();
    try {
      for (const e of await loadEffectiveProfiles(client, accountIds, deploymentIds))
        scopes[e.scope].set(e.id, {
          profile: compile(e, compiled),
          ownerId: e.ownerId,
          accountId: e.accountId,
          source: e.source,
        });
    } finally {
      client.release();
    }
    for (const [kind, ids] of [
      ['account', accountIds],
      ['deployment', deploymentIds],
    ] as const)
      for (const id of ids)
        if (!scopes[kind].has(id))
          throw new AppError('NOT_FOUND', `no ${kind === 'account' ? 'broker account' : 'deployment'} ${id}`);
  }

  return {
    load,
    get(kind, id) {
      const s = scopes[kind].get(id);
      if (!s)
        throw new AppError(
          'INVARIANT_BROKEN',
          `risk gate: ${kind} ${id} was not prepared (call prepare() when the deployment starts)`,
        );
      return s;
    },
    has: (kind, id) => scopes[kind].has(id),
    async changed(event) {
      const known = { accountIds: [...scopes.account.keys()], deploymentIds: [...scopes.deployment.keys()] };
      if (event.accountId !== undefined || event.deploymentId !== undefined) {
        // An account's profile also governs its deployments that have none of their own.
        if (event.accountId !== undefined && scopes.account.has(event.accountId))
          return load(known.accountIds, known.deploymentIds);
        if (event.deploymentId !== undefined && scopes.deployment.has(event.deploymentId))
          return load([], [event.deploymentId]);
        return;
      }
      const uses = (s: ScopeProfile) => s.profile.ref.profileId === event.profileId;
      const accounts = known.accountIds.filter((id) => uses(scopes.account.get(id)!));
      const deployments = known.deploymentIds.filter((id) => uses(scopes.deployment.get(id)!));
      if (accounts.length + deployments.length > 0) await load(accounts, deployments);
    },
    known: () => ({ accountIds: [...scopes.account.keys()], deploymentIds: [...scopes.deployment.keys()] }),
  };
}
