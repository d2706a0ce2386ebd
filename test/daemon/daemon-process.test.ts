// The real `quanttrade` process: configuration errors, first start on a fresh data directory,
// the user command against a running daemon, SIGKILL and restart with data intact (and the
// embedded PostgreSQL on the same port after every restart), and a graceful SIGTERM. One data
// directory for the whole file (embedded PostgreSQL start-ups are the slow part).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../daemon/src/api/client';
import { OPTIONS } from '../../daemon/src/config/options';
import { spawnDaemon, type SpawnedDaemon } from '../support/daemon';
import { removeHome, runCli } from '../support/spawn-daemon';

let daemon: SpawnedDaemon | undefined;
let home: string | undefined;
afterAll(async () => {
  await daemon?.stop();
  if (home) removeHome(home);
});

function postmasterAlive(home: string): boolean {
  const file = join(home, 'pgdata', 'postmaster.pid');
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded server's port as recorded in <home>/postgres.json and by the running postmaster. */
function embeddedPort(home: string): { recorded: number; listening: number } {
  const { port, dataDir } = JSON.parse(readFileSync(join(home, 'postgres.json'), 'utf8')) as {
    port: number;
    dataDir?: string;
  };
  // Line 4 of postmaster.pid is the port the server listens on.
  const pidLines = readFileSync(join(dataDir ?? join(home, 'pgdata'), 'postmaster.pid'), 'utf8').split('\n');
  return { recorded: port, listening: Number(pidLines[3]) };
}

describe('quanttrade start: configuration', () => {
  it('exits 2 before starting anything, listing every problem with the value and what is expected', async () => {
    const result = await runCli(['start', '--port', 'eighty', '--roles', 'api,chef', '--frobnicate', 'yes'], {
      env: { QUANTTRADE_LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://root:hunter2@db/x' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid configuration (5 problems)');
    expect(result.stderr).toContain('--port: got "eighty", expected an integer from 0 to 65535');
    expect(result.stderr).toContain(
      '--roles: got "api,chef", expected a comma-separated list of api, worker, scheduler, trader',
    );
    expect(result.stderr).toContain('unknown option --frobnicate');
    expect(result.stderr).toContain(
      'QUANTTRADE_LOG_LEVEL: got "loud", expected one of trace, debug, info, warn, error, fatal, silent',
    );
    expect(result.stderr).toContain('DATABASE_URL: got "(hidden)", expected a postgres://');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('documents every option with its environment variable and default in --help', async () => {
    const result = await runCli(['start', '--help']);
    expect(result.code).toBe(0);
    for (const spec of Object.values(OPTIONS)) {
      expect(result.stdout).toContain(`--${spec.flag} ${spec.arg}`);
      expect(result.stdout).toContain(spec.env);
    }
    expect(result.stdout).toContain('Default: 127.0.0.1.');
    expect(result.stdout).toContain('Default: 8080.');
  });
});

describe('quanttrade start: lifecycle on the embedded database', () => {
  let adminPassword: string;
  let pgPort: number;

  it('starts on a fresh data directory; with JSON logs the one-time admin password is a JSON record of its own', async () => {
    home = mkdtempSync(join(tmpdir(), 'qt-home-'));
    daemon = await spawnDaemon({ home });
    pgPort = embeddedPort(home).recorded;
    expect(pgPort).toBeGreaterThan(0);
    expect(embeddedPort(home)).toEqual({ recorded: pgPort, listening: pgPort });
    // docker logs and journald keep stdout: every line of it is JSON, none plain text.
    const records = daemon
      .stdout()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.msg === 'daemon ready')).toMatchObject({ url: daemon.url });
    const announced = records.filter((r) => r.event === 'first_admin');
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ level: 30, email: 'admin@localhost', url: daemon.url });
    adminPassword = announced[0]!.password as string;
    expect(adminPassword.length).toBeGreaterThanOrEqual(20);
    // Only that record holds it: no log line from the logger does.
    expect(records.filter((r) => JSON.stringify(r).includes(adminPassword))).toHaveLength(1);
    expect(daemon.output().split(adminPassword)).toHaveLength(2);
    const qt = createClient({ url: daemon.url });
    const { token } = await qt.api.auth.login.mutate({ email: 'admin@localhost', password: adminPassword });
    const admin = createClient({ url: daemon.url, token });
    await admin.api.users.create.mutate({
      email: 'keeper@example.com',
      role: 'operator',
      password: 'a long enough password',
    });
    expect((await admin.api.system.info.query()).databaseMode).toBe('embedded');
  });

  it('lets `quanttrade user` work against the running daemon, and explains bad input', async () => {
    const added = await runCli(['user', 'add', '--email', 'Analyst@Example.com', '--role', 'viewer'], {
      env: { QUANTTRADE_HOME: home! },
    });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/created viewer analyst@example\.com \(id \d+\)\npassword: \S{20}/);
    const bad = await runCli(['user', 'add', '--email', 'nobody', '--role', 'king'], {
      env: { QUANTTRADE_HOME: home! },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email: got "nobody", expected an email address');
    expect(bad.stderr).toContain('--role: got "king", expected one of "viewer", "operator", "admin"');
    const status = await runCli(['migrate', '--status'], { env: { QUANTTRADE_HOME: home! } });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      pending: [],
      applied: expect.arrayContaining(['001_init.sql']),
    });
    // The daemon is unharmed.
    expect((await fetch(`${daemon!.url}/readyz`)).status).toBe(200);
  });

  it('starts again after SIGKILL on the same data directory, with its data intact', async () => {
    daemon!.kill('SIGKILL');
    expect((await daemon!.exited).signal).toBe('SIGKILL');
    daemon = await spawnDaemon({ home });
    expect(daemon.output()).not.toContain('First start');
    expect(daemon.output()).not.toContain('first_admin');
    // The embedded PostgreSQL comes back on the port chosen at first start.
    expect(embeddedPort(home!)).toEqual({ recorded: pgPort, listening: pgPort });
    const qt = createClient({ url: daemon.url });
    const { token } = await qt.api.auth.login.mutate({ email: 'admin@localhost', password: adminPassword });
    const users = await createClient({ url: daemon.url, token }).api.users.list.query();
    expect(users.map((u) => u.email)).toEqual(
      expect.arrayContaining(['admin@localhost', 'keeper@example.com', 'analyst@example.com']),
    );
  });

  it('shuts down on SIGTERM with exit code 0 and stops its PostgreSQL', async () => {
    expect(postmasterAlive(home!)).toBe(true);
    const result = await daemon!.stop();
    daemon = undefined;
    expect(result).toEqual({ code: 0, signal: null });
    expect(postmasterAlive(home!)).toBe(false);
  });

  it('exits at once on a second signal during shutdown', async () => {
    daemon = await spawnDaemon({ home: home! });
    // After a graceful stop too, the port is reused.
    expect(embeddedPort(home!)).toEqual({ recorded: pgPort, listening: pgPort });
    daemon.kill('SIGINT');
    while (!daemon.output().includes('signal received')) await new Promise((r) => setTimeout(r, 5));
    daemon.kill('SIGINT');
    const result = await daemon.exited;
    daemon = undefined;
    expect(result.code).toBe(130);
    // Even a forced exit does not leave the embedded PostgreSQL running.
    for (let i = 0; i < 100 && postmasterAlive(home!); i++) await new Promise((r) => setTimeout(r, 50));
    expect(postmasterAlive(home!)).toBe(false);
  });
});
