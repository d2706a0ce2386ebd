// tokens.*: API tokens for scripts and the typed client. A token acts with its owner's role.
// Users manage their own; admins may list and revoke anyone's.
import { z } from 'zod';
import { createToken, revokeToken } from '../auth/accounts';
import { listApiTokens } from '../auth/api-tokens';
import { AppError } from '../../core/errors';
import { findUserById } from '../auth/users-store';
import type { Context } from '../context';
import type { AuthedContext } from '../trpc';
import { router, viewerProcedure } from '../trpc';
import { tokensOutputs as out } from '../outputs/accounts';

/** Whose token to create: your own, or — admins only — another existing, enabled user's. */
async function tokenOwner(ctx: Context & AuthedContext, userId: number | undefined): Promise<number> {
  if (userId === undefined || userId === ctx.user.id) return ctx.user.id;
  if (ctx.user.role !== 'admin') {
    throw new AppError('FORBIDDEN', `only admins create tokens for other users; you are ${ctx.user.role}`);
  }
  const user = await findUserById(ctx.pool, userId);
  if (!user) throw new AppError('NOT_FOUND', `no user with id ${userId}`);
  if (user.disabledAt) throw new AppError('CONFLICT', `user ${userId} is disabled: enable them first`);
  return userId;
}

export const tokensRouter = router({
  list: viewerProcedure
    .meta({ description: "Your API tokens (admins: everyone's with all: true)", example: {} })
    .input(z.object({ all: z.boolean().optional() }).optional())
    .output(out.list)
    .query(({ ctx, input }) =>
      listApiTokens(ctx.pool, input?.all && ctx.user.role === 'admin' ? undefined : ctx.user.id),
    ),

  create: viewerProcedure
    .meta({
      description:
        "Creates an API token (yours; admins: any user's with userId); the token is returned once and never stored",
      example: { name: 'backtest script', expiresInDays: 90 },
    })
    .input(
      z.object({
        name: z.string().trim().min(1).max(100),
        expiresInDays: z.number().int().min(1).max(3650).optional(),
        userId: z.number().int().positive().optional(),
      }),
    )
    .output(out.create)
    .mutation(async ({ ctx, input }) => {
      const owner = await tokenOwner(ctx, input.userId);
      const { token, row } = await createToken(
        { pool: ctx.pool, bus: ctx.bus },
        { label: `user:${ctx.user.id}`, userId: ctx.user.id, ip: ctx.ip },
        { userId: owner, name: input.name, expiresInDays: input.expiresInDays },
      );
      return { token, ...row };
    }),

  revoke: viewerProcedure
    .meta({ description: 'Revokes an API token', example: { id: 1 } })
    .input(z.object({ id: z.number().int().positive() }))
    .output(out.revoke)
    .mutation(({ ctx, input }) =>
      revokeToken(
        { pool: ctx.pool, bus: ctx.bus },
        { label: `user:${ctx.user.id}`, userId: ctx.user.id, ip: ctx.ip },
        input.id,
        ctx.user.role === 'admin' ? undefined : ctx.user.id,
      ),
    ),
});
