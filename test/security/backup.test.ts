// `quanttrade backup` and `quanttrade restore`, round trips that must lose no row:
// - embedded: a base backup taken while the daemon runs, restored into the stopped installation
//   (rows written after the backup are gone, every row before it is back, the daemon starts on it);
// - external: pg_dump and pg_restore of the server's own version (a distribution PostgreSQL),
//   restored over a database that lost rows since.
// Rows are compared by a checksum of each table's full contents.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgTool } from '../../daemon/src/db/pg-client-tools';
import { createPool, type Pool } from '../../daemon/src/db/pool';
import { seedDailyBars } from '../backtests/support/seed-bars';
import { spawnDaemon, type SpawnedDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { removeHome, runCli } from '../support/spawn-daemon';
import { startDistroCluster, type DistroCluster } from './support/debian-postgres';
import { addOperator } from './support/fault-harness';

const scratch = mkdtempSync(join(tmpdir(), 'qt-backup-'));
const pools: Pool[] = [];
let daemon: SpawnedDaemon | undefined;
let distro: DistroCluster | undefined;

afterAll(async () => {
  await daemon?.stop();
  for (const p of pools) await p.end().catch(() => undefined);
  await distro?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const TABLES = [
  'users',
  'api_tokens',
  'settings',
  'strategies',
  'strategy_versions',
  'instruments',
  'bars',
  'bar_coverage',
  'market_ingests',
  'audit_log',
  'schema_migrations',
];

/** Row count and a checksum of every row, per table. */
async function contents(pool: Pool): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await pool.query<{ n: number; sum: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM ${table} t`,
    );
    out[table] = `${rows[0]!.n}:${rows[0]!.sum}`;
  }
  return out;
}

function poolFor(url: string): Pool {
  const pool = createPool({ connectionString: url, max: 2, log: testLogger() });
  pools.push(pool);
  return pool;
}

async function addStrategy(pool: Pool, name: string): Promise<void> {
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM users ORDER BY id LIMIT 1');
  await pool.query('INSERT INTO strategies (owner_id, name) VALUES ($1, $2)', [rows[0]!.id, name]);
}

describe('backup and restore of the embedded PostgreSQL', () => {
  it('restores a backup taken while the daemon ran, losing no row', async () => {
    // A home of its own under the temporary directory (the postgres user can reach it, so the
    // data, and the data a restore sets aside, stay inside it and go with removeHome).
    const home = mkdtempSync(join(tmpdir(), 'qt-backup-home-'));
    daemon = await spawnDaemon({ home });
    const { readFileSync } = await import('node:fs');
    const { port, password } = JSON.parse(readFileSync(join(home, 'postgres.json'), 'utf8')) as {
      port: number;
      password: string;
    };
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    let pool = poolFor(url);
    await addOperator(pool, 'backed-up@test.local');
    await seedDailyBars(pool, 'BACKEDUP', 800);
    await addStrategy(pool, 'kept by the backup');
    // The first start's demo data must have landed, or the snapshot would race it.
    await expect
      .poll(
        async () =>
          (await pool.query(`SELECT count(*)::int AS n FROM market_ingests WHERE status <> 'succeeded'`))
            .rows[0].n,
        {
          timeout: 60_000,
        },
      )
      .toBe(0);
    const before = await contents(pool);

    const file = join(scratch, 'embedded.tar.gz');
    const backup = await runCli(['backup', '--output', file], { env: { QUANTTRADE_HOME: home } });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`backup written: ${file}`);
    await addStrategy(pool, 'written after the backup');

    // A running daemon is refused; a stopped one is restored.
    const refused = await runCli(['restore', file], { env: { QUANTTRADE_HOME: home } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/a daemon \(pid \d+\) is using .*: stop it before restoring/);
    await daemon.stop();
    daemon = undefined;
    const restored = await runCli(['restore', file], { env: { QUANTTRADE_HOME: home } });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/the data it replaced is in \S+before-restore/);

    daemon = await spawnDaemon({ home });
    pool = poolFor(url);
    expect(await contents(pool)).toEqual(before);
    const names = (await pool.query<{ name: string }>('SELECT name FROM strategies')).rows.map((r) => r.name);
    expect(names).toContain('kept by the backup');
    expect(names).not.toContain('written after the backup');
    await daemon.stop();
    daemon = undefined;
    removeHome(home);
  }, 300_000);
});

describe('backup and restore of an external server', () => {
  it("uses pg_dump and pg_restore of the server's version, and restores every row", async () => {
    distro = await startDistroCluster(['qt_external']);
    const url = distro.url('qt_external');
    const migrated = await runCli(['migrate', '--database-url', url]);
    expect(migrated.code, migrated.stderr).toBe(0);
    const pool = poolFor(url);
    await addOperator(pool, 'external@test.local');
    await seedDailyBars(pool, 'EXTERNAL', 500);
    await addStrategy(pool, 'external strategy');
    const before = await contents(pool);

    const file = join(scratch, 'external.dump');
    const backup = await runCli(['backup', '--database-url', url, '--output', file]);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toContain(`pg_dump of PostgreSQL ${distro.major}`);

    // Losses and additions since the backup: the restore undoes both.
    await pool.query('DELETE FROM bars');
    await pool.query('DELETE FROM strategies');
    await addStrategy(pool, 'after the backup');
    const restored = await runCli(['restore', file, '--database-url', url]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await contents(pool)).toEqual(before);
  }, 300_000);

  it('refuses a pg_dump of another major version than the server, naming both', async () => {
    const dir = join(scratch, 'other-bin');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 16.4"\n');
    chmodSync(join(dir, 'pg_dump'), 0o755);
    await expect(findPgTool('pg_dump', 99, dir)).rejects.toThrow(
      /no pg_dump for PostgreSQL 99, the server's version \(found: .*other-bin\/pg_dump \(PostgreSQL 16\)/,
    );
  });
});
