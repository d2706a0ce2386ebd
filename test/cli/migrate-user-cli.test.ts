// The built `quanttrade migrate` and `quanttrade user add --password-stdin` in a child process,
// against an external server (DATABASE_URL): one empty database, migrated by the CLI, then a user
// added by the CLI who signs in over the API of a daemon on that same database.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { runCli } from '../support/spawn-daemon';

const sqlDir = join(packageRoot(), 'sql');
let db: TestDatabase;
let daemon: TestDaemon | undefined;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterAll(async () => {
  await daemon?.stop();
  await db?.drop();
});

/** Every sql/NNN_name.sql file with its sha256, read here rather than through the runner. */
function sqlFiles(): { file: string; sha256: string }[] {
  return readdirSync(sqlDir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      file,
      sha256: createHash('sha256')
        .update(readFileSync(join(sqlDir, file), 'utf8'))
        .digest('hex'),
    }));
}

async function recorded() {
  const { rows } = await db.pool.query<{ file: string; sha256: string; applied_at: Date }>(
    `SELECT lpad(version::text, 3, '0') || '_' || name || '.sql' AS file, sha256, applied_at
       FROM schema_migrations ORDER BY version`,
  );
  return rows;
}

describe('quanttrade migrate (DATABASE_URL)', () => {
  it('applies every migration to an empty database, and a second run applies nothing', async () => {
    const files = sqlFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    const before = await db.pool.query("SELECT to_regclass('schema_migrations') AS t");
    expect(before.rows[0].t).toBeNull();

    const first = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(`applied: ${files.map((f) => f.file).join(', ')}`);
    const applied = await recorded();
    expect(applied.map(({ file, sha256 }) => ({ file, sha256 }))).toEqual(files);
    const users = await db.pool.query("SELECT to_regclass('users') AS t");
    expect(users.rows[0].t).toBe('users');

    const second = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('the database is up to date');
    // Nothing re-applied: the same rows, with the same applied_at.
    expect(await recorded()).toEqual(applied);

    const status = await runCli(['migrate', '--status'], { env: { DATABASE_URL: db.url } });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ applied: files.map((f) => f.file), pending: [] });
  }, 120_000);
});

describe('quanttrade user add --password-stdin (DATABASE_URL)', () => {
  it('reads the password from stdin, never prints it, and that password signs in', async () => {
    const password = 'piped in, never on the command line';
    const added = await runCli(
      ['user', 'add', '--email', 'Piped@Example.com', '--role', 'operator', '--password-stdin'],
      { env: { DATABASE_URL: db.url }, input: `${password}\n` },
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^created operator piped@example\.com \(id \d+\)\n$/);
    expect(added.stdout).not.toContain(password);
    expect(added.stdout).not.toContain('password:');

    const { rows } = await db.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = $1',
      ['piped@example.com'],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.password_hash).not.toContain(password);

    daemon = await startTestDaemon({ database: db });
    const login = await daemon.api().auth.login.mutate({ email: 'piped@example.com', password });
    expect(login.user).toMatchObject({ email: 'piped@example.com', role: 'operator' });
    const me = await daemon.api({ token: login.token }).auth.me.query();
    expect(me).toMatchObject({ email: 'piped@example.com', role: 'operator', via: 'session' });
    // The trailing newline of `echo pw |` is not part of the password.
    await expect(
      daemon.api().auth.login.mutate({ email: 'piped@example.com', password: `${password}\n` }),
    ).rejects.toThrow('wrong email or password');
  }, 120_000);
});
