// On the first start (no users at all) create an admin with a random password, which the caller
// prints once to the terminal. Never a fixed default. Two daemons starting together on an empty
// database serialise on an advisory lock, so exactly one admin is created.
import { withTransaction, type Pool } from '../../db/pool';
import { writeAudit } from './audit';
import { generatePassword, hashPassword } from './password';
import { insertUser } from './users-store';

/** Advisory-lock key for first-admin creation (arbitrary, "qtadmn" in ASCII). */
const FIRST_ADMIN_LOCK = 0x7174_6164_6d6e;

export async function ensureFirstAdmin(
  pool: Pool,
  email: string,
): Promise<{ email: string; password: string } | undefined> {
  const existing = await pool.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM users) AS any');
  if (existing.rows[0]!.any) return undefined;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
    const { rows } = await client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM users) AS any');
    if (rows[0]!.any) return undefined;
    const user = await insertUser(client, { email, role: 'admin', passwordHash });
    await writeAudit(client, {
      actor: 'system',
      action: 'users.create',
      target: `user:${user.id}`,
      details: { email, role: 'admin', reason: 'first start' },
    });
    return { email, password };
  });
}
