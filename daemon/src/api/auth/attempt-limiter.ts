// Limits on password guesses — sign-ins per account and per client address, password changes per
// user — that hold under concurrency. Each attempt is reserved (a 'pending' row in auth_attempts)
// before its password is checked, inside a transaction that holds advisory locks on the account
// and the address, and pending rows count like failures. So 200 parallel requests, or one batch
// of many calls, get exactly as many guesses as the limit allows: the rest are refused without
// their password being looked at. The rows live in PostgreSQL, so the limits hold across every
// daemon on the database and survive restarts. A reservation is settled as 'failed' (it keeps
// counting), 'ok' (it stops counting) or released (deleted: the password was never checked).
import type { Pool } from '../../db/pool';
import { withTransaction } from '../../db/pool';

export const ATTEMPT_WINDOW_MINUTES = 15;

export type AttemptKind = 'login' | 'password';

export interface AttemptLimits {
  /** Failures allowed per subject (account) in the window. */
  perSubject: number;
  /** Failures allowed per client address in the window (undefined: no address limit). */
  perAddress?: number;
}

export interface Attempt {
  kind: AttemptKind;
  /** The lower-cased email of a sign-in, `user:<id>` for a password change. */
  subject: string;
  ip: string;
}

export type Reservation = { id: number } | { retryAfterSeconds: number };

// hashtextextended gives a bigint key; the prefix keeps these apart from other advisory locks.
const LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('quanttrade.auth_attempts:' || $1, 0))`;

const COUNT = `
  SELECT count(*) FILTER (WHERE subject = $2)::int AS subject,
         count(*) FILTER (WHERE ip = $3::inet)::int AS address,
         coalesce(extract(epoch FROM min(at) FILTER (WHERE subject = $2) + $4 * interval '1 minute' - now()), 0)::float8 AS "subjectWait",
         coalesce(extract(epoch FROM min(at) FILTER (WHERE ip = $3::inet) + $4 * interval '1 minute' - now()), 0)::float8 AS "addressWait"
    FROM auth_attempts
   WHERE kind = $1 AND outcome IN ('pending', 'failed') AND at > now() - $4 * interval '1 minute'
     AND (subject = $2 OR ip = $3::inet)`;

interface Counts {
  subject: number;
  address: number;
  subjectWait: number;
  addressWait: number;
}

/** Reserves an attempt, or says how long to wait when a limit is reached. */
export async function reserveAttempt(
  pool: Pool,
  attempt: Attempt,
  limits: AttemptLimits,
): Promise<Reservation> {
  return withTransaction(pool, async (client) => {
    // Always the subject first, then the address: a fixed order cannot deadlock.
    await client.query(LOCK, [`${attempt.kind}:subject:${attempt.subject}`]);
    if (limits.perAddress !== undefined) await client.query(LOCK, [`${attempt.kind}:ip:${attempt.ip}`]);
    const { rows } = await client.query<Counts>(COUNT, [
      attempt.kind,
      attempt.subject,
      attempt.ip,
      ATTEMPT_WINDOW_MINUTES,
    ]);
    const counts = rows[0]!;
    const waits: number[] = [];
    if (counts.subject >= limits.perSubject) waits.push(counts.subjectWait);
    if (limits.perAddress !== undefined && counts.address >= limits.perAddress)
      waits.push(counts.addressWait);
    if (waits.length > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits))) };
    const inserted = await client.query<{ id: number }>(
      'INSERT INTO auth_attempts (kind, subject, ip) VALUES ($1, $2, $3::inet) RETURNING id',
      [attempt.kind, attempt.subject, attempt.ip],
    );
    return { id: inserted.rows[0]!.id };
  });
}

/** Records how a reserved attempt ended; 'released' forgets it (the password was not checked). */
export async function settleAttempt(
  pool: Pool,
  id: number,
  outcome: 'failed' | 'ok' | 'released',
): Promise<void> {
  if (outcome === 'released') {
    await pool.query('DELETE FROM auth_attempts WHERE id = $1', [id]);
    return;
  }
  await pool.query('UPDATE auth_attempts SET outcome = $2 WHERE id = $1', [id, outcome]);
}

/** Drops attempts long past every window (called now and then by the auth service). */
export async function pruneAttempts(pool: Pool): Promise<void> {
  await pool.query("DELETE FROM auth_attempts WHERE at < now() - interval '1 day'");
}
