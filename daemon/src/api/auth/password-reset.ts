// An admin resets another user's password (they forgot it, or it leaked): a new password —
// generated and returned once unless the admin gives one — written with its audit row in one
// transaction, then every daemon drops the user's cached credentials. Admins change their own
// password with auth.changePassword, which asks for the current one.
import { AppError } from '../../core/errors';
import { withTransaction } from '../../db/pool';
import type { AccountDeps, Actor } from './accounts';
import { writeAudit } from './audit';
import { generatePassword, hashPassword } from './password';
import { updateUser, type UserRow } from './users-store';

export async function resetPassword(
  deps: AccountDeps,
  actor: Actor,
  input: { userId: number; password?: string },
): Promise<{ user: UserRow; generatedPassword?: string }> {
  if (actor.userId === input.userId) {
    throw new AppError(
      'CONFLICT',
      'use auth.changePassword (Users and tokens → Your password) for your own password: it asks for the current one',
    );
  }
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const user = await withTransaction(deps.pool, async (client) => {
    const row = await updateUser(client, input.userId, { passwordHash });
    if (!row) throw new AppError('NOT_FOUND', `no user with id ${input.userId}`);
    await writeAudit(client, {
      actor: actor.label,
      actorUserId: actor.userId,
      action: 'users.reset_password',
      target: `user:${input.userId}`,
      ip: actor.ip,
      details: { generated: generatedPassword !== undefined },
    });
    return row;
  });
  await deps.bus?.publish('auth.changed', { userId: input.userId });
  return { user, generatedPassword };
}
