// tRPC set-up: the context, procedure metadata and the builders every router uses.
//
// Every procedure declares its minimum role in `.meta({ role })`: 'public', 'viewer',
// 'operator' or 'admin'. The role guard runs first on every procedure: no valid token →
// UNAUTHORIZED, a role below the minimum → FORBIDDEN, no role declared → refused (deny by
// default; test/daemon/procedure-roles.test.ts also fails the build). The role builders below
// declare the role for you and narrow ctx.user to a non-null AuthUser:
//
//   export const widgetsRouter = router({
//     list: viewerProcedure.input(z.object({ limit: z.number().int().max(100) })).query(({ ctx, input }) => ...),
//     create: operatorProcedure.meta({ description: 'Creates a widget', example: { name: 'a' } })
//       .input(...).mutation(({ ctx }) => ctx.asUser((db) => db.query(...))),
//   });
import { initTRPC, TRPCError } from '@trpc/server';
import type { PoolClient } from '../db/pool';
import { withUserScope } from '../db/user-scope';
import type { AuthUser } from './auth/auth-service';
import type { Context } from './context';
import { validationError } from '../core/errors';
import { formatError, mapProcedureError } from './error-mapping';
import { screenInput } from './input-screen';

export type MinimumRole = 'public' | 'viewer' | 'operator' | 'admin';

export interface ProcedureMeta {
  /** Required on every procedure (optional in the type so role builders can add a description). */
  role?: MinimumRole;
  /** One line for the API explorer. */
  description?: string;
  /** An example input for the API explorer (otherwise one is derived from the input schema). */
  example?: unknown;
}

export const ROLE_RANK: Record<MinimumRole, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  // Never send stack traces to clients, whatever NODE_ENV says.
  isDev: false,
  errorFormatter: formatError,
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * The role check of every procedure (and of the REST downloads, api/rest/download-routes.ts):
 * UNAUTHORIZED without a valid token, FORBIDDEN below the minimum role.
 */
export function authorize(ctx: Context, role: MinimumRole | undefined, path: string): void {
  if (!role || !(role in ROLE_RANK)) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `procedure ${path} declares no role` });
  }
  if (role === 'public') return;
  if (!ctx.user) {
    ctx.metrics.auth.denied.inc({ reason: 'unauthenticated' });
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message:
        ctx.authFailure === 'invalid'
          ? 'the token is invalid, expired or revoked; sign in again'
          : `${path} needs a token: sign in, or send "Authorization: Bearer <API token>"`,
    });
  }
  if (ROLE_RANK[ctx.user.role] < ROLE_RANK[role]) {
    ctx.metrics.auth.denied.inc({ reason: 'forbidden' });
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `${path} needs the ${role} role; you are ${ctx.user.role}`,
    });
  }
}

const roleGuard = t.middleware(async ({ ctx, meta, path, type, next, getRawInput }) => {
  authorize(ctx, meta?.role, path);
  const raw = await getRawInput().catch(() => undefined);
  const screened = screenInput(raw);
  if (screened) {
    const cause = validationError([screened]);
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  const result = await next();
  if (!result.ok) {
    const mapped = await mapProcedureError(result.error, getRawInput);
    if (mapped.code === 'INTERNAL_SERVER_ERROR')
      ctx.log.error({ err: mapped.cause ?? mapped, path }, 'procedure failed');
    throw mapped;
  }
  // A subscription's errors surface while it is iterated, after this middleware has returned:
  // map them the same way (a missing id is NOT_FOUND, not an internal error in everyone's log).
  if (type === 'subscription' && isAsyncIterable(result.data)) {
    return { ...result, data: mapIterationErrors(result.data, getRawInput) };
  }
  return result;
});

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}

async function* mapIterationErrors(
  source: AsyncIterable<unknown>,
  rawInput: () => Promise<unknown>,
): AsyncGenerator<unknown> {
  try {
    yield* source;
  } catch (err) {
    throw await mapProcedureError(
      err instanceof TRPCError ? err : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: err }),
      rawInput,
    );
  }
}

/** The base builder: declare `.meta({ role })`. ctx.user may be null (public procedures). */
export const procedure = t.procedure.use(roleGuard);

export interface AuthedContext {
  user: AuthUser;
  /** Runs `fn` in a transaction under the caller's row-level-security scope. */
  asUser<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
}

// The guard has already refused anonymous callers; this narrows the type and adds asUser.
const authed = procedure.use(({ ctx, next }) => {
  const user = ctx.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  const extra: AuthedContext = {
    user,
    asUser: (fn) => withUserScope(ctx.pool, { userId: user.id, role: user.role }, fn),
  };
  return next({ ctx: extra });
});

export const publicProcedure = procedure.meta({ role: 'public' });
export const viewerProcedure = authed.meta({ role: 'viewer' });
export const operatorProcedure = authed.meta({ role: 'operator' });
export const adminProcedure = authed.meta({ role: 'admin' });
