// The real daemon as a child process: `node bin/quanttrade.js start` with QUANTTRADE_* env, its
// own QUANTTRADE_HOME (embedded PostgreSQL) or a DATABASE_URL, on a free port; resolves once
// /readyz answers 200.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../daemon/src/config/package-root';
import { freePort } from '../../daemon/src/db/embedded-postgres';

export interface SpawnOptions {
  /** Data directory (embedded PostgreSQL); a fresh temporary one by default. */
  home?: string;
  /** Use this database instead of the embedded one. */
  databaseUrl?: string;
  /** Extra environment (QUANTTRADE_*). */
  env?: Record<string, string>;
  args?: string[];
  /** Give up waiting for /readyz after this long (default 60 s). */
  readyTimeoutMs?: number;
}

export interface SpawnedDaemon {
  url: string;
  port: number;
  home: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout + stderr). */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait (SIGKILL after `timeoutMs`); removes the data directory if spawnDaemon made it. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Removes a data directory made for a test (embedded PostgreSQL data is tens of MB). */
export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}

let built = false;

/** Builds dist/ when its sources changed; serialised across concurrent test runs by flock. */
export function ensureBuilt(): void {
  if (built) return;
  const root = packageRoot();
  const result = spawnSync(
    'flock',
    ['/tmp/quanttrade-build.lock', process.execPath, join(root, 'scripts/build.mjs'), '--if-stale'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}${result.stdout}`);
  built = true;
}

export async function runCli(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  ensureBuilt();
  const result = spawnSync(process.execPath, [join(packageRoot(), 'bin/quanttrade.js'), ...args], {
    encoding: 'utf8',
    env: { ...cleanEnv(), ...options.env },
    input: options.input,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * runCli without blocking this process: for commands that talk to a server the test itself runs
 * (the fake Dhan), which could not answer while spawnSync held the event loop.
 */
export async function runCliAsync(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(packageRoot(), 'bin/quanttrade.js'), ...args], {
    env: { ...cleanEnv(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The parent's environment without QUANTTRADE_* and DATABASE_URL, so tests start from defaults. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('QUANTTRADE_') && k !== 'DATABASE_URL' && k !== 'NODE_OPTIONS')
      env[k] = v;
  }
  return env;
}

async function waitReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `daemon exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`daemon not ready within ${timeoutMs} ms:\n${output()}`);
}

export async function spawnDaemon(options: SpawnOptions = {}): Promise<SpawnedDaemon> {
  ensureBuilt();
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'qt-home-'));
  const port = await freePort();
  const env: Record<string, string> = {
    ...cleanEnv(),
    QUANTTRADE_HOME: home,
    QUANTTRADE_PORT: String(port),
    QUANTTRADE_LOG_FORMAT: 'json',
    QUANTTRADE_LOG_LEVEL: 'info',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [join(packageRoot(), 'bin/quanttrade.js'), 'start', ...(options.args ?? [])],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => text, options.readyTimeoutMs ?? 60_000);
  return {
    url,
    port,
    home,
    child,
    output: () => text,
    kill: (signal) => void child.kill(signal),
    exited,
    async stop(timeoutMs = 40_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      if (!options.home) removeHome(home);
      return result;
    },
  };
}
