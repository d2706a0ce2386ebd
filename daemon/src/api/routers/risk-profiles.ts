// risk.profiles.*: users' risk profiles. A profile is a preset's name or a document (limits,
// soft limits, disabled rules, flattenOnHalt, extends); a change to the document makes a new
// version, and verdicts record the version they used. Operators manage their own, admins anyone's.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { PRESET_NAMES } from '../../risk/index';
import { archiveRiskProfile, changeRiskProfile, createRiskProfile } from '../../risk-control/profile-service';
import {
  getProfile,
  listProfiles,
  listProfileVersions,
  profileAssignments,
} from '../../risk-control/profile-store';
import { riskOutputs as out } from '../outputs/risk';
import { riskActor } from './risk-kill-switch';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

const id = z.int().positive();
const name = z.string().trim().min(1).max(100);
// Checked in full by the risk domain (every problem named at once), not here.
const document = z.union([z.enum(PRESET_NAMES), z.record(z.string(), z.unknown())]);

export const profilesRouter = router({
  list: viewerProcedure
    .meta({ description: 'Your risk profiles (admins: everyone’s), by name, with their current document' })
    .input(
      z
        .strictObject({
          includeArchived: z.boolean().default(false),
          limit: z.int().min(1).max(500).default(100),
          offset: z.int().min(0).default(0),
        })
        .default({ includeArchived: false, limit: 100, offset: 0 }),
    )
    .output(out.profiles)
    .query(({ ctx, input }) => ctx.asUser((db) => listProfiles(db, input))),

  get: viewerProcedure
    .meta({ description: 'One profile, every version of it, and where it is assigned', example: { id: 1 } })
    .input(z.strictObject({ id }))
    .output(out.profileDetail)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => ({
        ...(await getProfile(db, input.id)),
        versions: await listProfileVersions(db, input.id),
        assigned: await profileAssignments(db, input.id),
      })),
    ),

  create: operatorProcedure
    .meta({
      description:
        'Creates a profile from a preset name or a document (every problem reported at once); version 1',
      example: { name: 'intraday desk', profile: { extends: 'moderate', limits: { maxOrderValue: 250000 } } },
    })
    .input(
      z.strictObject({
        name,
        description: z.string().max(1000).optional(),
        profile: document,
        /** Admins may create a profile for another user. */
        ownerId: id.optional(),
      }),
    )
    .output(out.profile)
    .mutation(async ({ ctx, input }) => {
      const ownerId = input.ownerId ?? ctx.user.id;
      if (ownerId !== ctx.user.id && ctx.user.role !== 'admin')
        throw new AppError('FORBIDDEN', 'only an admin may create a profile for another user');
      if (ownerId !== ctx.user.id) {
        const { rowCount } = await ctx.pool.query('SELECT 1 FROM users WHERE id = $1', [ownerId]);
        if (!rowCount) throw new AppError('NOT_FOUND', `ownerId: user ${ownerId} does not exist`);
      }
      return createRiskProfile({ run: ctx.asUser, bus: ctx.bus }, riskActor(ctx), { ...input, ownerId });
    }),

  update: operatorProcedure
    .meta({
      description:
        'Renames a profile or changes its document (a new version; running deployments pick it up at once)',
      example: { id: 1, profile: { extends: 'moderate', limits: { maxOrderValue: 200000 } } },
    })
    .input(
      z.strictObject({
        id,
        name: name.optional(),
        description: z.string().max(1000).optional(),
        profile: document.optional(),
      }),
    )
    .output(out.profile)
    .mutation(({ ctx, input }) =>
      changeRiskProfile({ run: ctx.asUser, bus: ctx.bus }, riskActor(ctx), input),
    ),

  archive: operatorProcedure
    .meta({
      description:
        'Archives a profile that is assigned nowhere; its versions stay for the verdicts that used them',
      example: { id: 1 },
    })
    .input(z.strictObject({ id }))
    .output(out.profile)
    .mutation(({ ctx, input }) =>
      archiveRiskProfile({ run: ctx.asUser, bus: ctx.bus }, riskActor(ctx), input.id),
    ),
});
