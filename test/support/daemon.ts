// Daemons for tests.
//
// startTestDaemon(): a full daemon in this process — fastify on 127.0.0.1:<free port>, pg-boss,
// the API, real job handlers — on a fresh database cloned from the migrated template, with one
// user and API token per role (admin, operator, viewer and a second operator for row-level
// security tests) and typed tRPC clients (HTTP for queries and mutations, WebSocket for
// subscriptions). Reuse one per test file (beforeAll/afterAll): it takes about a second.
//
// spawnDaemon(): the real `node bin/quanttrade.js start` as a child process, for signals,
// SIGKILL/restart and shutdown tests. It builds dist/ first when stale.
import { tmpdir } from 'node:os';
import type { TRPCClient } from '@trpc/client';
import type { Logger } from 'pino';
import { createToken } from '../../daemon/src/api/auth/accounts';
import { hashPassword } from '../../daemon/src/api/auth/password';
import { findUserForLogin } from '../../daemon/src/api/auth/users-store';
import { createClient, type QuantTradeClient } from '../../daemon/src/api/client';
import type { AppRouter } from '../../daemon/src/api/router';
import { startDaemon, type Daemon } from '../../daemon/src/cli/start';
import type { StartupHook } from '../../daemon/src/cli/startup-hooks';
import { loadConfig, type Config } from '../../daemon/src/config/load-config';
import { packageRoot } from '../../daemon/src/config/package-root';
import type { Pool } from '../../daemon/src/db/pool';
import type { Role } from '../../daemon/src/db/user-scope';
import type { JobHandlerFactory } from '../../daemon/src/jobs/job-handler';
import type { RecentLogs } from '../../daemon/src/logging/recent-logs';
import { createTestDatabase, type TestDatabase } from './database';
import { testLogger } from './logger';

export { spawnDaemon, type SpawnedDaemon, type SpawnOptions } from './spawn-daemon';

export type TestUserName = 'admin' | 'operator' | 'viewer' | 'operator2';

export interface TestUser {
  id: number;
  email: string;
  role: Role;
  password: string;
  /** An API token for this user. */
  token: string;
}

export interface TestDaemonOptions {
  /** Config overrides (roles, shutdownTimeoutSeconds, loginMaxFailures, ...). */
  config?: Partial<Config>;
  /** Job handler factories; default: the real list in cli/job-handlers.ts. */
  handlers?: readonly JobHandlerFactory[];
  /** Start-up hooks; default: none (tests opt in). */
  hooks?: readonly StartupHook[];
  /** Use this database instead of a fresh clone (it is not dropped by stop()). */
  database?: TestDatabase;
  heartbeatMs?: number;
  /** The daemon's logger (default: silent) and the ring its warnings feed (system.recentErrors). */
  log?: Logger;
  recentLogs?: RecentLogs;
}

export interface TestDaemon {
  url: string;
  pool: Pool;
  database: TestDatabase;
  daemon: Daemon;
  users: Record<TestUserName, TestUser>;
  /** A typed client acting as that user (or anonymous); closed by stop(). */
  client(as?: TestUserName | { token: string }): QuantTradeClient;
  /** Shorthand: `api('viewer').system.health.query()`. */
  api(as?: TestUserName | { token: string }): TRPCClient<AppRouter>;
  stop(): Promise<void>;
}

const PASSWORD = 'correct horse battery staple';
// scrypt is deliberately slow: hash the shared test password once per test file.
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));

export function testConfig(overrides: Partial<Config> & { databaseUrl?: string } = {}): Config {
  const base = loadConfig({
    argv: [],
    env: { QUANTTRADE_PORT: '0', QUANTTRADE_LOG_LEVEL: 'silent', QUANTTRADE_JOB_CONCURRENCY: '2' },
    // With DATABASE_URL set the data directory is never used.
    cwd: tmpdir(),
    packageRoot: packageRoot(),
  });
  return Object.freeze({ ...base, ...overrides });
}

async function createUsers(pool: Pool): Promise<Record<TestUserName, TestUser>> {
  const roles: Record<TestUserName, Role> = {
    admin: 'admin',
    operator: 'operator',
    viewer: 'viewer',
    operator2: 'operator',
  };
  const entries = await Promise.all(
    (Object.keys(roles) as TestUserName[]).map(async (name) => {
      const email = `${name}@test.local`;
      // Daemons started together on one database share these users: first insert wins.
      await pool.query(
        `INSERT INTO users (email, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING`,
        [email, roles[name], await passwordHash()],
      );
      const user = (await findUserForLogin(pool, email))!;
      const { token } = await createToken(
        { pool },
        { label: 'system' },
        { userId: user.id, name: `${name} test token` },
      );
      return [name, { id: user.id, email, role: user.role, password: PASSWORD, token }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<TestUserName, TestUser>;
}

export async function startTestDaemon(options: TestDaemonOptions = {}): Promise<TestDaemon> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig({ ...options.config, databaseUrl: database.url });
  const daemon = await startDaemon(config, {
    log: options.log ?? testLogger(),
    recentLogs: options.recentLogs,
    announce: () => undefined,
    handlers: options.handlers,
    hooks: options.hooks ?? [],
    heartbeatMs: options.heartbeatMs,
  });
  const users = await createUsers(database.pool);
  const clients: QuantTradeClient[] = [];
  const client = (as?: TestUserName | { token: string }) => {
    const token = as === undefined ? undefined : typeof as === 'string' ? users[as].token : as.token;
    const c = createClient({ url: daemon.url, token });
    clients.push(c);
    return c;
  };
  return {
    url: daemon.url,
    pool: database.pool,
    database,
    daemon,
    users,
    client,
    api: (as) => client(as).api,
    async stop() {
      for (const c of clients) c.close();
      await daemon.stop();
      if (!options.database) await database.drop();
    },
  };
}
