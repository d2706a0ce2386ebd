// users.*: account administration, admins only. Every change is audited.
import { z } from 'zod';
import { changeAccount, createAccount, type Actor } from '../auth/accounts';
import { resetPassword } from '../auth/password-reset';
import { ROLES, listUsers } from '../auth/users-store';
import type { AuthedContext } from '../trpc';
import { adminProcedure, router } from '../trpc';
import { emailSchema, passwordSchema } from './auth';
import { usersOutputs as out } from '../outputs/accounts';

const id = z.number().int().positive();

function actor(ctx: AuthedContext & { ip: string }): Actor {
  return { label: `user:${ctx.user.id}`, userId: ctx.user.id, ip: ctx.ip };
}

export const usersRouter = router({
  list: adminProcedure
    .meta({ description: 'Every user' })
    .output(out.list)
    .query(({ ctx }) => listUsers(ctx.pool)),

  create: adminProcedure
    .meta({
      description: 'Creates a user; without a password one is generated and returned once',
      example: { email: 'analyst@example.com', role: 'viewer' },
    })
    .input(z.object({ email: emailSchema, role: z.enum(ROLES), password: passwordSchema.optional() }))
    .output(out.create)
    .mutation(async ({ ctx, input }) => {
      const { user, generatedPassword } = await createAccount(
        { pool: ctx.pool, bus: ctx.bus },
        actor(ctx),
        input,
      );
      return { user, generatedPassword };
    }),

  setRole: adminProcedure
    .meta({ description: "Changes a user's role", example: { id: 2, role: 'operator' } })
    .input(z.object({ id, role: z.enum(ROLES) }))
    .output(out.change)
    .mutation(({ ctx, input }) =>
      changeAccount({ pool: ctx.pool, bus: ctx.bus }, actor(ctx), input.id, { role: input.role }),
    ),

  disable: adminProcedure
    .meta({
      description: 'Disables a user: their sessions and tokens stop working at once',
      example: { id: 2 },
    })
    .input(z.object({ id }))
    .output(out.change)
    .mutation(({ ctx, input }) =>
      changeAccount({ pool: ctx.pool, bus: ctx.bus }, actor(ctx), input.id, { disabled: true }),
    ),

  enable: adminProcedure
    .meta({ description: 'Enables a disabled user', example: { id: 2 } })
    .input(z.object({ id }))
    .output(out.change)
    .mutation(({ ctx, input }) =>
      changeAccount({ pool: ctx.pool, bus: ctx.bus }, actor(ctx), input.id, { disabled: false }),
    ),

  resetPassword: adminProcedure
    .meta({
      description:
        "Sets another user's password; without one a password is generated and returned once (audited)",
      example: { id: 2 },
    })
    .input(z.object({ id, password: passwordSchema.optional() }))
    .output(out.create)
    .mutation(({ ctx, input }) =>
      resetPassword({ pool: ctx.pool, bus: ctx.bus }, actor(ctx), {
        userId: input.id,
        password: input.password,
      }),
    ),
});
