// A data directory whose postmaster.pid names a live process that is not PostgreSQL (its pid was
// reused after a reboot or a container restart): the daemon must neither signal that process
// nor fail to start. The stale pid file is removed and the server starts on its data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { testLogger } from '../support/logger';

const home = mkdtempSync(join(tmpdir(), 'qt-pg-pid-'));
let bystander: ChildProcess | undefined;

afterAll(() => {
  bystander?.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function count(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM kept');
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL with a stale postmaster.pid', () => {
  it('leaves a live non-PostgreSQL process alone, removes the stale file and starts on its data', async () => {
    const log = testLogger();
    const first = await startEmbeddedPostgres({ home, log });
    const client = new pg.Client({ connectionString: first.connectionString });
    await client.connect();
    await client.query('CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2)');
    await client.end();
    await first.stop();

    bystander = spawn('sleep', ['120'], { stdio: 'ignore' });
    const pid = bystander.pid!;
    const { dataDir } = JSON.parse(readFileSync(join(home, 'postgres.json'), 'utf8')) as { dataDir: string };
    writeFileSync(join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n`);

    const second = await startEmbeddedPostgres({ home, log });
    try {
      expect(alive(pid)).toBe(true);
      expect(await count(second.connectionString)).toBe(2);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
