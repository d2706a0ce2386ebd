// Daemon-wide settings in the `settings` table (not readable by the app or read-only roles).
// `getOrCreateSetting` is race-safe across daemons: the first writer wins and everyone reads
// the winner's value, so several daemons agree on, e.g., the session signing key.
import type { Pool } from './pool';

export async function getOrCreateSetting<T>(pool: Pool, key: string, create: () => T): Promise<T> {
  await pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    key,
    JSON.stringify(create()),
  ]);
  const { rows } = await pool.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0]!.value;
}

export async function getSetting<T>(pool: Pool, key: string): Promise<T | undefined> {
  const { rows } = await pool.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0]?.value;
}

/** Writes `key` unless it exists; true for the one caller (of any daemon) that wrote it. */
export async function claimSetting(pool: Pool, key: string, value: unknown): Promise<boolean> {
  const { rowCount } = await pool.query(
    'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
    [key, JSON.stringify(value)],
  );
  return rowCount === 1;
}
