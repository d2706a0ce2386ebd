// The read-only login for analysts' tools (sql/010_reader_role_and_backtest_orders.sql): enabled
// with a generated password, disabled again, or inspected. The password is sent to PostgreSQL
// only as a SCRAM-SHA-256 verifier (the form PostgreSQL stores), so it never appears in a server
// log or in pg_stat_statements; it is shown to the administrator once.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { Pool } from './pool';

export const READER_ROLE = 'quanttrade_reader';
const ITERATIONS = 4096;

/** PostgreSQL's SCRAM-SHA-256 verifier of `password` (RFC 5802/7677, as pg's own client makes). */
export function scramVerifier(password: string, salt = randomBytes(16)): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export interface ReaderStatus {
  exists: boolean;
  canLogin: boolean;
  connections: number;
}

export async function readerStatus(pool: Pool): Promise<ReaderStatus> {
  const { rows } = await pool.query<{ can_login: boolean; connections: number }>(
    `SELECT r.rolcanlogin AS can_login,
            (SELECT count(*)::int FROM pg_stat_activity a WHERE a.usename = r.rolname) AS connections
       FROM pg_roles r WHERE r.rolname = $1`,
    [READER_ROLE],
  );
  return rows[0]
    ? { exists: true, canLogin: rows[0].can_login, connections: rows[0].connections }
    : { exists: false, canLogin: false, connections: 0 };
}

/** Gives the role LOGIN and a new random password (replacing any earlier one); returns it. */
export async function enableReader(pool: Pool): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  // The verifier is base64 and '$:' only: safe inside a quoted literal (ALTER ROLE takes no
  // bind parameters).
  await pool.query(`ALTER ROLE ${READER_ROLE} LOGIN PASSWORD '${scramVerifier(password)}'`);
  return password;
}

/** Takes LOGIN away and ends the role's open sessions; returns how many were ended. */
export async function disableReader(pool: Pool): Promise<number> {
  await pool.query(`ALTER ROLE ${READER_ROLE} NOLOGIN PASSWORD NULL`);
  const { rows } = await pool.query<{ ended: number }>(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended
       FROM pg_stat_activity WHERE usename = $1`,
    [READER_ROLE],
  );
  return rows[0]!.ended;
}

/** The daemon's connection string with the reader's name and password in it. */
export function readerConnectionString(daemonConnectionString: string, password: string): string {
  const url = new URL(daemonConnectionString);
  url.username = READER_ROLE;
  url.password = password;
  return url.toString();
}
