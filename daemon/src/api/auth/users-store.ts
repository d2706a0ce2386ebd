// The users table: accounts, roles, password hashes. Runs as the table owner (password hashes
// are not readable by the app role); callers check roles first (the tRPC role guard) and write
// the audit row in the same transaction.
import type pg from 'pg';
import type { Role } from '../../db/user-scope';

type Queryable = Pick<pg.Pool, 'query'>;

export const ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly Role[];

export interface UserRow {
  id: number;
  email: string;
  role: Role;
  disabledAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

const COLUMNS = `id, email, role, to_json(disabled_at) #>> '{}' AS "disabledAt",
  to_json(last_login_at) #>> '{}' AS "lastLoginAt", to_json(created_at) #>> '{}' AS "createdAt"`;

export async function insertUser(
  db: Queryable,
  input: { email: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [input.email.toLowerCase(), input.role, input.passwordHash],
  );
  return rows[0]!;
}

export async function findUserById(db: Queryable, id: number): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

/** The user and their current session epoch, for checking a session token. */
export async function findUserWithEpoch(
  db: Queryable,
  id: number,
): Promise<(UserRow & { sessionEpoch: number }) | undefined> {
  const { rows } = await db.query<UserRow & { sessionEpoch: number }>(
    `SELECT ${COLUMNS}, session_epoch AS "sessionEpoch" FROM users WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Moves the user's session epoch on (ending every session issued before); returns the new one. */
export async function advanceSessionEpoch(db: Queryable, id: number): Promise<number> {
  const { rows } = await db.query<{ epoch: number }>(
    'UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch AS epoch',
    [id],
  );
  return rows[0]!.epoch;
}

export async function findUserForLogin(
  db: Queryable,
  email: string,
): Promise<(UserRow & { passwordHash: string; sessionEpoch: number }) | undefined> {
  const { rows } = await db.query<UserRow & { passwordHash: string; sessionEpoch: number }>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash", session_epoch AS "sessionEpoch" FROM users WHERE email = $1`,
    [email.toLowerCase()],
  );
  return rows[0];
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  return (await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`)).rows;
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n;
}

export async function updateUser(
  db: Queryable,
  id: number,
  change: { role?: Role; disabled?: boolean; passwordHash?: string; loggedIn?: boolean },
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
       role = coalesce($2, role),
       disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at WHEN $3 THEN coalesce(disabled_at, now()) ELSE NULL END,
       password_hash = coalesce($4, password_hash),
       last_login_at = CASE WHEN $5 THEN now() ELSE last_login_at END
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, change.role ?? null, change.disabled ?? null, change.passwordHash ?? null, change.loggedIn ?? false],
  );
  return rows[0];
}
