// API tokens for scripts and the typed client: `qtk_<43 random characters>`, shown once; only
// their sha256 is stored. Revocable, optionally expiring, with a last-used time that is written
// at most once a minute per token (not on every request).
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

export const API_TOKEN_PREFIX = 'qtk_';

/** Exactly what insertApiToken makes: the prefix and 32 random bytes in base64url (43 characters). */
export const API_TOKEN_SHAPE = /^qtk_[A-Za-z0-9_-]{43}$/;

type Queryable = Pick<pg.Pool, 'query'>;

export interface ApiTokenRow {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

// Times as ISO strings: the API sends JSON, and the typed client must see what the types say.
const COLUMNS = `id, user_id AS "userId", name, prefix, to_json(created_at) #>> '{}' AS "createdAt",
  to_json(last_used_at) #>> '{}' AS "lastUsedAt", to_json(expires_at) #>> '{}' AS "expiresAt",
  to_json(revoked_at) #>> '{}' AS "revokedAt"`;

export async function insertApiToken(
  db: Queryable,
  input: { userId: number; name: string; expiresAt?: Date },
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${COLUMNS}`,
    [input.userId, input.name, hashToken(token), token.slice(0, 12), input.expiresAt ?? null],
  );
  return { token, row: rows[0]! };
}

/** The live token with this value, or undefined (unknown, revoked or expired). */
export async function findLiveToken(
  db: Queryable,
  token: string,
): Promise<{ id: number; userId: number } | undefined> {
  const { rows } = await db.query<{ id: number; userId: number }>(
    `SELECT id, user_id AS "userId" FROM api_tokens
      WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hashToken(token)],
  );
  return rows[0];
}

/** Whether token `id` of user `userId` is still live (sessions minted from it die with it). */
export async function isTokenLive(db: Queryable, id: number, userId: number): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM api_tokens
      WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [id, userId],
  );
  return rows.length > 0;
}

export async function countLiveTokens(db: Queryable, userId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM api_tokens
      WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [userId],
  );
  return rows[0]!.n;
}

export async function touchToken(db: Queryable, id: number): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}

export async function listApiTokens(db: Queryable, userId: number | undefined): Promise<ApiTokenRow[]> {
  const { rows } = await db.query<ApiTokenRow>(
    `SELECT ${COLUMNS} FROM api_tokens WHERE ($1::bigint IS NULL OR user_id = $1) ORDER BY id`,
    [userId ?? null],
  );
  return rows;
}

/** Revokes a token; `ownerId` limits it to that user's tokens. Returns the token, if revoked now. */
export async function revokeApiToken(
  db: Queryable,
  id: number,
  ownerId: number | undefined,
): Promise<ApiTokenRow | undefined> {
  const { rows } = await db.query<ApiTokenRow>(
    `UPDATE api_tokens SET revoked_at = now()
      WHERE id = $1 AND revoked_at IS NULL AND ($2::bigint IS NULL OR user_id = $2)
      RETURNING ${COLUMNS}`,
    [id, ownerId ?? null],
  );
  return rows[0];
}
