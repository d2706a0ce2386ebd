// Restores an embedded base backup (base-backup.ts) into QUANTTRADE_HOME, with no daemon and no
// server running on it: the backup is unpacked next to the data directory, the current data moved
// aside (kept, never deleted), the backup moved into place, and the server started once to replay
// its WAL and prove it opens. Anything failing before that proof puts the old data back.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../core/errors';
import { MANIFEST, type BackupManifest } from './base-backup';
import { otherDaemonPid } from './daemon-lock';
import {
  embeddedLayout,
  embeddedServerMajor,
  freePort,
  runningEmbeddedPostgres,
  startEmbeddedPostgres,
  systemUser,
} from './embedded-postgres';

const execFileAsync = promisify(execFile);

async function unpack(file: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true, mode: 0o700 });
  try {
    await execFileAsync('tar', ['-xzf', file, '-C', into], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const detail = ((err as { stderr?: string }).stderr ?? (err as Error).message).trim();
    throw new AppError('VALIDATION_FAILED', `${file} could not be unpacked: ${detail}`);
  }
}

async function readManifest(dir: string, file: string): Promise<BackupManifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path))
    throw new AppError('VALIDATION_FAILED', `${file} is not a QuantTrade embedded backup (no ${MANIFEST})`);
  const manifest = JSON.parse(await readFile(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 'quanttrade-embedded-base-backup' || manifest.version !== 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${file}: unknown backup format ${manifest.format} v${manifest.version}`,
    );
  }
  await rm(path);
  return manifest;
}

/** The installed binaries' major version must be the backup's: a data directory is version-bound. */
async function checkVersion(dir: string, manifest: BackupManifest): Promise<void> {
  const dataMajor = Number((await readFile(join(dir, 'PG_VERSION'), 'utf8')).trim());
  const installed = await embeddedServerMajor();
  if (installed !== dataMajor) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the backup holds PostgreSQL ${manifest.postgresVersion} data; this installation runs PostgreSQL ${installed}`,
    );
  }
}

export interface RestoreOutcome {
  manifest: BackupManifest;
  /** Where the data replaced by the restore now is (undefined when there was none). */
  previous: string | undefined;
}

export async function restoreBaseBackup(options: {
  home: string;
  file: string;
  log: Logger;
}): Promise<RestoreOutcome> {
  const { home, file, log } = options;
  const daemon = otherDaemonPid(home);
  if (daemon)
    throw new AppError('CONFLICT', `a daemon (pid ${daemon}) is using ${home}: stop it before restoring`);
  if (await runningEmbeddedPostgres(home)) {
    throw new AppError(
      'CONFLICT',
      `a PostgreSQL server is running on ${home}'s data: stop it before restoring`,
    );
  }
  await mkdir(home, { recursive: true });
  const { stateFile, state, dataDir } = await embeddedLayout(home);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const staging = `${dataDir}.restoring-${stamp}`;
  await mkdir(dirname(dataDir), { recursive: true });
  await unpack(file, staging).catch(async (err) => {
    await rm(staging, { recursive: true, force: true });
    throw err;
  });
  let manifest: BackupManifest;
  try {
    manifest = await readManifest(staging, file);
    await checkVersion(staging, manifest);
    const ids = await systemUser();
    if (ids.uid !== undefined) await execFileAsync('chown', ['-R', `${ids.uid}:${ids.gid}`, staging]);
    await chmod(staging, 0o700);
    if (ids.uid !== undefined) await chown(staging, ids.uid, ids.gid!);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  const previous = existsSync(dataDir) ? `${dataDir}.before-restore-${stamp}` : undefined;
  const previousState = existsSync(stateFile) ? await readFile(stateFile, 'utf8') : undefined;
  if (previous) await rename(dataDir, previous);
  await rename(staging, dataDir);
  try {
    const port = state?.port ?? (await freePort());
    await writeFile(stateFile, JSON.stringify({ port, password: manifest.password, dataDir }), {
      mode: 0o600,
    });
    // Replays the backup's WAL; then a query proves the data opens.
    const server = await startEmbeddedPostgres({ home, log });
    try {
      const client = new pg.Client({ connectionString: server.connectionString });
      await client.connect();
      try {
        await client.query('SELECT count(*) FROM pg_class');
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  } catch (err) {
    log.error({ err }, 'the restored data did not open; putting the previous data back');
    await rm(dataDir, { recursive: true, force: true });
    if (previous) await rename(previous, dataDir);
    if (previousState !== undefined) await writeFile(stateFile, previousState, { mode: 0o600 });
    throw new AppError('DEPENDENCY_UNAVAILABLE', `the restored data did not open: ${(err as Error).message}`);
  }
  return { manifest, previous };
}
