// pg_dump and pg_restore of the server's own major version, for `quanttrade backup` and
// `restore` against an external server: a dump made or restored by another major version can
// fail or lose what the other does not know. Looked for in --pg-bin, then where distributions
// install each version side by side (Debian /usr/lib/postgresql/N/bin, RHEL /usr/pgsql-N/bin,
// Homebrew), then on PATH; each candidate's own --version decides. The password travels in the
// environment (PGPASSWORD), never on a command line others can read.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../core/errors';

const execFileAsync = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

function candidates(tool: PgTool, major: number, pgBin: string | undefined): string[] {
  const dirs = [
    pgBin,
    `/usr/lib/postgresql/${major}/bin`,
    `/usr/pgsql-${major}/bin`,
    `/opt/homebrew/opt/postgresql@${major}/bin`,
    `/usr/local/opt/postgresql@${major}/bin`,
  ].filter((d): d is string => !!d);
  return [...dirs.map((d) => join(d, tool)).filter((p) => existsSync(p)), tool];
}

async function majorOf(path: string): Promise<number | undefined> {
  try {
    const { stdout } = await execFileAsync(path, ['--version'], { timeout: 10_000 });
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The path of `tool` for server major version `major`, or an AppError saying what was found. */
export async function findPgTool(tool: PgTool, major: number, pgBin?: string): Promise<string> {
  const seen: string[] = [];
  for (const path of candidates(tool, major, pgBin)) {
    const found = await majorOf(path);
    if (found === major) return path;
    seen.push(found === undefined ? `${path} (not runnable)` : `${path} (PostgreSQL ${found})`);
  }
  throw new AppError(
    'DEPENDENCY_UNAVAILABLE',
    `no ${tool} for PostgreSQL ${major}, the server's version (found: ${seen.join(', ')}); install that ` +
      `version's client (Debian: apt install postgresql-client-${major}) or pass --pg-bin <its bin directory>`,
  );
}

/** libpq environment for a connection string; the password goes in PGPASSWORD. */
export function libpqEnv(connectionString: string): Record<string, string> {
  const u = new URL(connectionString);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')),
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Runs a client tool; rejects with its last lines of stderr when it fails. */
export function runPgTool(path: string, args: string[], connectionString: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, {
      env: { ...process.env, ...libpqEnv(connectionString) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      const tail = stderr.trim().split('\n').slice(-8).join('\n');
      reject(new AppError('DEPENDENCY_UNAVAILABLE', `${path} failed (${code ?? signal}):\n${tail}`));
    });
  });
}
