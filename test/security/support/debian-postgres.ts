// A PostgreSQL server from the distribution (Debian's postgresql-NN package, which ships pg_dump
// and pg_restore of the same version) as the "external server" of the backup tests: its own
// cluster in a temporary directory, trust authentication on 127.0.0.1. `.ci/run` installs the
// package when it is missing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../daemon/src/db/embedded-postgres';

export interface DistroCluster {
  major: number;
  bin: string;
  url(database: string): string;
  stop(): Promise<void>;
}

export function distroPostgresBin(): { major: number; bin: string } {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter(
          (m) =>
            existsSync(join(root, String(m), 'bin', 'postgres')) &&
            existsSync(join(root, String(m), 'bin', 'pg_dump')),
        )
    : [];
  if (majors.length === 0) {
    throw new Error(
      'no PostgreSQL server package found in /usr/lib/postgresql (Debian: apt install postgresql; .ci/run does)',
    );
  }
  const major = Math.max(...majors);
  return { major, bin: join(root, String(major), 'bin') };
}

export async function startDistroCluster(databases: string[]): Promise<DistroCluster> {
  const { major, bin } = distroPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'qt-distro-pg-'));
  const asRoot = userInfo().uid === 0;
  const ids = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      }
    : {};
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid!);
  const data = join(dir, 'data');
  execFileSync(
    join(bin, 'initdb'),
    [`--pgdata=${data}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C'],
    {
      ...ids,
      stdio: 'ignore',
    },
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!log.includes('ready to accept connections')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`PostgreSQL ${major} did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  for (const database of databases) {
    execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  }
  return {
    major,
    bin,
    url,
    async stop() {
      child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
