// CPU seconds used by a PostgreSQL cluster (the postmaster and its backends), read from /proc on
// Linux; undefined elsewhere. Lets the market benchmark report server work, not just wall time.
import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from '../../daemon/src/db/pool';

const TICKS_PER_SECOND = 100;

function stat(pid: string): { ppid: number; cpu: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** The postmaster's pid: the parent of this connection's backend. */
export async function postmasterPid(pool: Pool): Promise<number | undefined> {
  const { rows } = await pool.query('SELECT pg_backend_pid() AS pid');
  return stat(String(rows[0].pid))?.ppid;
}

export function postgresCpuSeconds(postmaster: number | undefined): number {
  if (postmaster === undefined) return NaN;
  let total = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return NaN;
  }
  for (const pid of entries) {
    const s = stat(pid);
    if (s && (Number(pid) === postmaster || s.ppid === postmaster)) total += s.cpu;
  }
  return total;
}
