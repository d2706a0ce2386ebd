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
import { defineGroup, UsageError } from '../command';
import { riskCommand, row } from './risk-cli';
import type { Transaction } from '../../risk-control/profile-service';

const id = z.coerce.number().int().positive();
const deps = (run: Transaction) => ({ run });

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

export const presets = riskCommand({
  summary: 'The preset profiles, limit by limit',
  database: false,
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
});

export const profiles = riskCommand({
  summary: 'Every risk profile with its version and where it is assigned',
  usage: '[--all]',
  options: { all: { type: 'boolean', describe: 'archived profiles too' } },
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
});

const ID = { id: { type: 'string', value: 'N', describe: 'the profile' } } as const;
const DOCUMENT = {
  preset: { type: 'string', value: 'P', describe: `a preset: ${PRESET_NAMES.join(', ')}` },
  file: {
    type: 'string',
    value: 'PROFILE.json',
    describe: 'a profile file (JSON; docs/risk.md)',
    input: 'file',
  },
} as const;
const name = z.string().trim().min(1).max(100);

const show = riskCommand({
  summary: 'A profile and its versions, as JSON',
  usage: '--id N',
  options: ID,
  schema: z.object({ id }),
  async run(f, _pool, run) {
    const profileId = f.id as number;
    const p = await run((db) => getProfile(db, profileId));
    const versions = await run((db) => listProfileVersions(db, profileId));
    const listed = versions.map((v) => ({
      version: v.version,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
    }));
    console.log(JSON.stringify({ ...p, versions: listed }, null, 2));
    return 0;
  },
});

const create = riskCommand({
  summary: 'Create a profile from a preset or a file',
  usage: '--owner EMAIL --name NAME (--preset P | --file PROFILE.json) [--description T]',
  description:
    'A profile file is JSON: {"extends": "moderate", "limits": {...}, "soft": {...}, "disabledRules":\n' +
    '[...], "flattenOnHalt": false} (docs/risk.md).',
  options: {
    owner: { type: 'string', value: 'EMAIL', describe: "the owner's email" },
    name: { type: 'string', value: 'NAME', describe: "the profile's name" },
    ...DOCUMENT,
    description: { type: 'string', value: 'T', describe: 'what it is for' },
  },
  schema: z.object({
    owner: z.string({ message: "the owner's email" }),
    name: z.string({ message: "the profile's name" }).trim().min(1).max(100),
    preset: z.enum(PRESET_NAMES).optional(),
    file: z.string().optional(),
    description: z.string().max(1000).optional(),
  }),
  async run(f, pool, run) {
    const owner = await findUserForLogin(pool, String(f.owner).toLowerCase());
    if (!owner) throw new AppError('NOT_FOUND', `no user with email ${String(f.owner)}`);
    const document = await documentFrom(f as { preset?: string; file?: string });
    if (document === undefined) throw new UsageError('--preset or --file: got nothing, expected one of them');
    const p = await createRiskProfile(deps(run), SYSTEM_ACTOR, {
      ownerId: owner.id,
      name: String(f.name),
      description: f.description as string | undefined,
      profile: document,
    });
    console.log(`created risk profile ${p.id} '${p.name}' v1 for ${String(f.owner)}`);
    return 0;
  },
});

const update = riskCommand({
  summary: 'Change a profile (a new version)',
  usage: '--id N [--name NAME] [--preset P | --file PROFILE.json]',
  options: { ...ID, name: { type: 'string', value: 'NAME', describe: 'a new name' }, ...DOCUMENT },
  schema: z.object({
    id,
    name: name.optional(),
    preset: z.enum(PRESET_NAMES).optional(),
    file: z.string().optional(),
  }),
  async run(f, _pool, run) {
    const document = await documentFrom(f as { preset?: string; file?: string });
    const p = await changeRiskProfile(deps(run), SYSTEM_ACTOR, {
      id: f.id as number,
      name: f.name as string | undefined,
      profile: document,
    });
    console.log(`risk profile ${p.id} '${p.name}' is at v${p.latestVersion}`);
    return 0;
  },
});

const archive = riskCommand({
  summary: 'Archive a profile',
  usage: '--id N',
  options: ID,
  schema: z.object({ id }),
  async run(f, _pool, run) {
    await archiveRiskProfile(deps(run), SYSTEM_ACTOR, f.id as number);
    console.log(`archived risk profile ${String(f.id)}`);
    return 0;
  },
});

export const profile = defineGroup({
  summary: 'Show, create, update or archive a risk profile (a change makes a new version)',
  commands: { show, create, update, archive },
});

export const assign = riskCommand({
  summary: 'Assign a profile to a broker account, or override it for one deployment',
  usage: '(--account N | --deployment N) (--profile ID | --none)',
  description:
    '--none removes it (the deployment follows its account again; an account falls back to the\n' +
    'conservative preset).',
  options: {
    account: { type: 'string', value: 'N', describe: 'a broker account' },
    deployment: { type: 'string', value: 'N', describe: 'a deployment' },
    profile: { type: 'string', value: 'ID', describe: 'the profile' },
    none: { type: 'boolean', describe: 'remove the assignment' },
  },
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
});
