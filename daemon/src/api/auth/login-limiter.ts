// Login rate limiting, per account and per client address, counted from the failed-login rows
// in audit_log — so the limit holds across every daemon on the database and survives restarts.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export const LOGIN_WINDOW_MINUTES = 15;

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
}

/** Seconds to wait before another attempt, or undefined when an attempt is allowed. */
export async function loginRetryAfter(
  db: Queryable,
  attempt: { email: string; ip: string },
  limits: LoginLimits,
): Promise<number | undefined> {
  const { rows } = await db.query<{
    account: number;
    address: number;
    accountWait: number;
    addressWait: number;
  }>(
    `SELECT count(*) FILTER (WHERE actor = $1)::int AS account,
            count(*) FILTER (WHERE ip = $2::inet)::int AS address,
            coalesce(extract(epoch FROM min(at) FILTER (WHERE actor = $1) + $3 * interval '1 minute' - now()), 0)::float8 AS "accountWait",
            coalesce(extract(epoch FROM min(at) FILTER (WHERE ip = $2::inet) + $3 * interval '1 minute' - now()), 0)::float8 AS "addressWait"
       FROM audit_log
      WHERE action = 'auth.login_failed' AND at > now() - $3 * interval '1 minute'
        AND (actor = $1 OR ip = $2::inet)`,
    [attempt.email.toLowerCase(), attempt.ip, LOGIN_WINDOW_MINUTES],
  );
  const row = rows[0]!;
  const waits: number[] = [];
  if (row.account >= limits.perAccount) waits.push(row.accountWait);
  if (row.address >= limits.perAddress) waits.push(row.addressWait);
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits))) : undefined;
}
