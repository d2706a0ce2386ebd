// `quanttrade risk presets | profiles | profile show|create|update|archive | assign`.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { findUserForLogin } from '../../api/auth/users-store';
import { LIMIT_KEYS, PRESETS, PRESET_NAMES, describeLimit, LIMITS } from '../../risk/index';
import {
  archiveRiskProfile,
  assignRiskProfile,
  changeRiskProfile,
  createRiskProfile,
} from '../../risk-control/profile-service';
import {
  getProfile,
  listProfiles,
  listProfileVersions,
  profileAssignments,
} from '../../risk-control/profile-store';
import { SYSTEM_ACTOR } from '../../risk-control/risk-actor';
import { UsageError } from '../command';
import { row, type RiskCommand } from './risk-cli';

const id = z.coerce.number().int().positive();
const deps = (run: Parameters<RiskCommand['run']>[2]) => ({ run });

async function documentFrom(f: { preset?: string; file?: string }): Promise<unknown> {
  if (f.preset !== undefined && f.file !== undefined)
    throw new UsageError('give --preset or --file, not both');
  if (f.preset !== undefined) return f.preset;
  if (f.file === undefined) return undefined;
  const text = await readFile(f.file, 'utf8').catch((err: Error) => {
    throw new UsageError(`--file: cannot read ${f.file}: ${err.message}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`--file: ${f.file} is not JSON: ${(err as Error).message}`);
  }
}

export const presets: RiskCommand = {
  help: 'quanttrade risk presets\n  The preset profiles, limit by limit.',
  flags: {},
  schema: z.object({}),
  async run() {
    console.log(row(['limit', ...PRESET_NAMES], [26, 14, 14, 14]));
    for (const key of LIMIT_KEYS)
      console.log(
        row(
          [key, ...PRESET_NAMES.map((p) => describeLimit(PRESETS[p].limits[key], LIMITS[key].unit))],
          [26, 14, 14, 14],
        ),
      );
    return 0;
  },
};

export const profiles: RiskCommand = {
  help: 'quanttrade risk profiles [--all]\n  Every risk profile (--all: archived too) with its version and where it is assigned.',
  flags: { all: 'boolean' },
  schema: z.object({ all: z.boolean().optional() }),
  async run(f, _pool, run) {
    const list = await run((db) =>
      listProfiles(db, { includeArchived: Boolean(f.all), limit: 1000, offset: 0 }),
    );
    if (list.length === 0) console.log('no risk profiles: accounts without one use the conservative preset');
    for (const p of list) {
      const used = await run((db) => profileAssignments(db, p.id));
      const where = [
        ...used.accounts.map((a) => `account ${a}`),
        ...used.deployments.map((d) => `deployment ${d}`),
      ].join(', ');
      console.log(
        row(
          [
            p.id,
            p.name,
            `v${p.latestVersion}`,
            `owner ${p.ownerId}`,
            p.archivedAt ? 'archived' : where || 'unassigned',
          ],
          [5, 24, 5, 10, 0],
        ),
      );
    }
    return 0;
  },
};

export const profile: RiskCommand = {
  help: `quanttrade risk profile show --id N
quanttrade risk profile create --owner EMAIL --name NAME (--preset P | --file PROFILE.json) [--description T]
quanttrade risk profile update --id N [--name NAME] [--preset P | --file PROFILE.json]
quanttrade risk profile archive --id N
  A profile file is JSON: {"extends": "moderate", "limits": {...}, "soft": {...}, "disabledRules": [...],
  "flattenOnHalt": false} (docs/risk.md). A change to it makes a new version.`,
  flags: {
    action: 'string',
    id: 'string',
    owner: 'string',
    name: 'string',
    preset: 'string',
    file: 'string',
    description: 'string',
  },
  schema: z.object({
    action: z.enum(['show', 'create', 'update', 'archive']),
    id: id.optional(),
    owner: z.string().optional(),
    name: z.string().trim().min(1).max(100).optional(),
    preset: z.enum(PRESET_NAMES).optional(),
    file: z.string().optional(),
    description: z.string().max(1000).optional(),
  }),
  async run(f, pool, run) {
    const need = (v: unknown, flag: string) => {
      if (v === undefined)
        throw new UsageError(`--${flag}: missing, needed by 'risk profile ${String(f.action)}'`);
      return v;
    };
    if (f.action === 'create') {
      const owner = await findUserForLogin(pool, String(need(f.owner, 'owner')).toLowerCase());
      if (!owner) throw new AppError('NOT_FOUND', `no user with email ${String(f.owner)}`);
      const document = need(await documentFrom(f as { preset?: string; file?: string }), 'preset or --file');
      const p = await createRiskProfile(deps(run), SYSTEM_ACTOR, {
        ownerId: owner.id,
        name: String(need(f.name, 'name')),
        description: f.description as string | undefined,
        profile: document,
      });
      console.log(`created risk profile ${p.id} '${p.name}' v1 for ${String(f.owner)}`);
      return 0;
    }
    const profileId = Number(need(f.id, 'id'));
    if (f.action === 'update') {
      const document = await documentFrom(f as { preset?: string; file?: string });
      const p = await changeRiskProfile(deps(run), SYSTEM_ACTOR, {
        id: profileId,
        name: f.name as string | undefined,
        profile: document,
      });
      console.log(`risk profile ${p.id} '${p.name}' is at v${p.latestVersion}`);
    } else if (f.action === 'archive') {
      await archiveRiskProfile(deps(run), SYSTEM_ACTOR, profileId);
      console.log(`archived risk profile ${profileId}`);
    } else {
      const p = await run((db) => getProfile(db, profileId));
      const versions = await run((db) => listProfileVersions(db, profileId));
      console.log(
        JSON.stringify(
          {
            ...p,
            versions: versions.map((v) => ({
              version: v.version,
              createdBy: v.createdBy,
              createdAt: v.createdAt,
            })),
          },
          null,
          2,
        ),
      );
    }
    return 0;
  },
};

export const assign: RiskCommand = {
  help: `quanttrade risk assign (--account N | --deployment N) (--profile ID | --none)
  Assigns a profile to a broker account, or overrides it for one deployment; --none removes it
  (the deployment follows its account again; an account falls back to the conservative preset).`,
  flags: { account: 'string', deployment: 'string', profile: 'string', none: 'boolean' },
  schema: z.object({
    account: id.optional(),
    deployment: id.optional(),
    profile: id.optional(),
    none: z.boolean().optional(),
  }),
  async run(f, _pool, run) {
    if ((f.account === undefined) === (f.deployment === undefined))
      throw new UsageError('give --account N or --deployment N (one of them)');
    if ((f.profile === undefined) === !f.none)
      throw new UsageError('give --profile ID or --none (one of them)');
    const target =
      f.account !== undefined ? { accountId: f.account as number } : { deploymentId: f.deployment as number };
    const r = await assignRiskProfile(
      deps(run),
      SYSTEM_ACTOR,
      target,
      (f.profile as number | undefined) ?? null,
    );
    console.log(
      `${'accountId' in target ? `account ${target.accountId}` : `deployment ${target.deploymentId}`}: profile ${r.profileId ?? 'none'} (was ${r.previous ?? 'none'})`,
    );
    return 0;
  },
};
