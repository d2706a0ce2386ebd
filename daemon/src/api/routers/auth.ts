// auth.*: sign in, who am I, refresh a session, change my password.
import { z } from 'zod';
import { publicProcedure, router, viewerProcedure } from '../trpc';
import { authOutputs as out } from '../outputs/accounts';

export const passwordSchema = z.string().min(12).max(200);
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^@\s]+@[^@\s]+$/, 'an email address such as user@example.com')
  .max(254);

export const authRouter = router({
  login: publicProcedure
    .meta({
      description: 'Signs in; returns a short-lived session token for "Authorization: Bearer …"',
      example: { email: 'admin@localhost', password: 'the password printed on first start' },
    })
    .input(z.object({ email: emailSchema, password: z.string().min(1).max(200) }))
    .output(out.login)
    .mutation(({ ctx, input }) => ctx.auth.login({ ...input, ip: ctx.ip })),

  me: viewerProcedure
    .meta({ description: 'The signed-in user' })
    .output(out.me)
    .query(({ ctx }) => {
      const { id, email, role, via, tokenId } = ctx.user;
      return { id, email, role, via, tokenId };
    }),

  refresh: viewerProcedure
    .meta({
      description:
        'A new session token with a fresh expiry; it ends with the credential it came from (and 7 days after sign-in)',
    })
    .output(out.refresh)
    .mutation(({ ctx }) => ctx.auth.refresh(ctx.user)),

  changePassword: viewerProcedure
    .meta({
      description:
        "Changes your own password and ends your other sessions; called with a session, returns that session's replacement",
    })
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }))
    .output(out.changePassword)
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.auth.changePassword(ctx.user, { ...input, ip: ctx.ip });
      return { ok: true as const, session: session ?? null };
    }),
});
