// Account changes shared by the users/tokens routers and `quanttrade user`: each runs in one
// transaction with its audit row, then tells every daemon to drop cached credentials.
import { AppError } from '../../core/errors';
import { withTransaction, type Pool } from '../../db/pool';
import type { Role } from '../../db/user-scope';
import type { EventBus } from '../../events/event-bus';
import { countLiveTokens, insertApiToken, revokeApiToken, type ApiTokenRow } from './api-tokens';
import { writeAudit } from './audit';
import { generatePassword, hashPassword } from './password';
import { insertUser, updateUser, type UserRow } from './users-store';

/** Who makes a change, for the audit log. */
export interface Actor {
  /** 'user:<id>', 'token:<id>' or 'system' (the CLI, first start). */
  label: string;
  userId?: number;
  ip?: string;
}

export interface AccountDeps {
  pool: Pool;
  /** Absent in the CLI, which runs without a bus (the TTL bounds staleness). */
  bus?: EventBus;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

export async function createAccount(
  deps: AccountDeps,
  actor: Actor,
  input: { email: string; role: Role; password?: string },
): Promise<{ user: UserRow; generatedPassword?: string }> {
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  try {
    const user = await withTransaction(deps.pool, async (client) => {
      const row = await insertUser(client, { email: input.email, role: input.role, passwordHash });
      await writeAudit(client, {
        actor: actor.label,
        actorUserId: actor.userId,
        action: 'users.create',
        target: `user:${row.id}`,
        ip: actor.ip,
        details: { email: row.email, role: row.role },
      });
      return row;
    });
    return { user, generatedPassword };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', `a user with email ${input.email.toLowerCase()} already exists`, {
        field: 'email',
      });
    }
    throw err;
  }
}

export async function changeAccount(
  deps: AccountDeps,
  actor: Actor,
  userId: number,
  change: { role?: Role; disabled?: boolean },
): Promise<UserRow> {
  if (actor.userId === userId && (change.disabled || (change.role && change.role !== 'admin'))) {
    throw new AppError('CONFLICT', 'admins cannot disable or demote themselves; ask another admin');
  }
  const user = await withTransaction(deps.pool, async (client) => {
    const row = await updateUser(client, userId, change);
    if (!row) throw new AppError('NOT_FOUND', `no user with id ${userId}`);
    await writeAudit(client, {
      actor: actor.label,
      actorUserId: actor.userId,
      action: change.role ? 'users.set_role' : change.disabled ? 'users.disable' : 'users.enable',
      target: `user:${userId}`,
      ip: actor.ip,
      details: change,
    });
    return row;
  });
  await deps.bus?.publish('auth.changed', { userId });
  return user;
}

/** Live (unrevoked, unexpired) API tokens one user may hold. */
export const MAX_LIVE_TOKENS = 100;

/**
 * Sets a user's password without the current one (an administrator's recovery: `quanttrade user
 * reset-password`). Generates one when none is given; the caller shows it once.
 */
export async function resetPassword(
  deps: AccountDeps,
  actor: Actor,
  userId: number,
  password?: string,
): Promise<{ user: UserRow; generatedPassword?: string }> {
  const generatedPassword = password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(password ?? generatedPassword!);
  const user = await withTransaction(deps.pool, async (client) => {
    const row = await updateUser(client, userId, { passwordHash });
    if (!row) throw new AppError('NOT_FOUND', `no user with id ${userId}`);
    await writeAudit(client, {
      actor: actor.label,
      actorUserId: actor.userId,
      action: 'users.reset_password',
      target: `user:${userId}`,
      ip: actor.ip,
    });
    return row;
  });
  await deps.bus?.publish('auth.changed', { userId });
  return { user, generatedPassword };
}

export async function createToken(
  deps: AccountDeps,
  actor: Actor,
  input: { userId: number; name: string; expiresInDays?: number },
): Promise<{ token: string; row: ApiTokenRow }> {
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : undefined;
  return withTransaction(deps.pool, async (client) => {
    // Counted under a per-user lock, so parallel requests cannot all pass the cap.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('quanttrade.api_tokens:' || $1, 0))`, [
      String(input.userId),
    ]);
    const live = await countLiveTokens(client, input.userId);
    if (live >= MAX_LIVE_TOKENS) {
      throw new AppError(
        'CONFLICT',
        `user ${input.userId} already has ${live} live API tokens (at most ${MAX_LIVE_TOKENS}); revoke unused ones first`,
        { limit: MAX_LIVE_TOKENS },
      );
    }
    const created = await insertApiToken(client, { userId: input.userId, name: input.name, expiresAt });
    await writeAudit(client, {
      actor: actor.label,
      actorUserId: actor.userId,
      action: 'tokens.create',
      target: `token:${created.row.id}`,
      ip: actor.ip,
      details: { name: input.name, userId: input.userId, prefix: created.row.prefix },
    });
    return created;
  });
}

/** Revokes a token; `ownerId` restricts it to that user's tokens (non-admins). */
export async function revokeToken(
  deps: AccountDeps,
  actor: Actor,
  tokenId: number,
  ownerId: number | undefined,
): Promise<ApiTokenRow> {
  const row = await withTransaction(deps.pool, async (client) => {
    const revoked = await revokeApiToken(client, tokenId, ownerId);
    if (!revoked) throw new AppError('NOT_FOUND', `no active token with id ${tokenId}`);
    await writeAudit(client, {
      actor: actor.label,
      actorUserId: actor.userId,
      action: 'tokens.revoke',
      target: `token:${tokenId}`,
      ip: actor.ip,
    });
    return revoked;
  });
  await deps.bus?.publish('auth.changed', { tokenId });
  return row;
}
