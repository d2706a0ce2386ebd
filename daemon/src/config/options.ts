// Every daemon option, in one catalogue: its environment variable, its flag, its default and
// what it means. `quanttrade start --help` is generated from this list, and load-config.ts
// parses it, so an option cannot exist without being documented. Values arrive as strings
// (environment or argv); each option's schema (option-schemas.ts) turns a string into its
// typed value.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DHAN_BASE_URL, YAHOO_BASE_URL } from './default-endpoints';
import { BROKER_OPTIONS } from './broker-options';
import { NOTIFICATION_OPTIONS } from './notification-options';
import { TRADING_OPTIONS } from './trading-options';
import {
  boolean,
  databaseUrl,
  email,
  httpUrl,
  integer,
  listOf,
  nonEmpty,
  oneOf,
  optionalSecret,
  optionalWord,
} from './option-schemas';

export const DAEMON_ROLES = ['api', 'worker', 'scheduler', 'trader'] as const;
export type DaemonRole = (typeof DAEMON_ROLES)[number];

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export interface OptionSpec {
  /** Environment variable. */
  env: string;
  /** Command-line flag, without the leading dashes. */
  flag: string;
  /** Shown in --help; undefined means "unset". */
  defaultText?: string;
  /** The value used when neither the environment nor a flag gives one. */
  defaultValue?: () => string | undefined;
  /** The placeholder in --help (`--port <n>`). */
  arg: string;
  describe: string;
  /** Secrets are never echoed back in error messages. */
  secret?: boolean;
  schema: z.ZodType;
}

/** The catalogue. Keys are the Config field names. */
export const OPTIONS = {
  home: {
    env: 'QUANTTRADE_HOME',
    flag: 'home',
    arg: '<dir>',
    defaultText: './.quanttrade',
    defaultValue: () => './.quanttrade',
    describe: 'Data directory: the embedded PostgreSQL and its connection facts live here.',
    schema: nonEmpty,
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    flag: 'database-url',
    arg: '<url>',
    describe: 'Use this PostgreSQL server instead of the embedded one (postgres://user:pass@host:port/db).',
    secret: true,
    schema: databaseUrl,
  },
  host: {
    env: 'QUANTTRADE_HOST',
    flag: 'host',
    arg: '<address>',
    defaultText: '127.0.0.1',
    defaultValue: () => '127.0.0.1',
    describe: 'Address to listen on; 0.0.0.0 exposes the daemon to the network.',
    schema: nonEmpty,
  },
  port: {
    env: 'QUANTTRADE_PORT',
    flag: 'port',
    arg: '<n>',
    defaultText: '8080',
    defaultValue: () => '8080',
    describe: 'HTTP port for the API, the console, /healthz, /readyz and /metrics (0 picks a free one).',
    schema: integer(0, 65535),
  },
  roles: {
    env: 'QUANTTRADE_ROLES',
    flag: 'roles',
    arg: '<list>',
    defaultText: DAEMON_ROLES.join(','),
    defaultValue: () => DAEMON_ROLES.join(','),
    describe:
      'What this daemon runs: api (tRPC + console), worker (consumes jobs), scheduler (cron jobs, queue maintenance), trader (live trading).',
    schema: listOf(DAEMON_ROLES),
  },
  logLevel: {
    env: 'QUANTTRADE_LOG_LEVEL',
    flag: 'log-level',
    arg: '<level>',
    defaultText: 'info',
    defaultValue: () => 'info',
    describe: `Log level: ${LOG_LEVELS.join(', ')}.`,
    schema: oneOf(LOG_LEVELS),
  },
  logFormat: {
    env: 'QUANTTRADE_LOG_FORMAT',
    flag: 'log-format',
    arg: '<format>',
    defaultText: 'auto',
    defaultValue: () => 'auto',
    describe: 'auto (readable on a terminal, JSON otherwise), json or pretty.',
    schema: oneOf(['auto', 'json', 'pretty']),
  },
  metricsToken: {
    env: 'QUANTTRADE_METRICS_TOKEN',
    flag: 'metrics-token',
    arg: '<token>',
    describe: 'When set, GET /metrics requires "Authorization: Bearer <token>" (at least 16 characters).',
    secret: true,
    schema: optionalSecret(16),
  },
  shutdownTimeoutSeconds: {
    env: 'QUANTTRADE_SHUTDOWN_TIMEOUT',
    flag: 'shutdown-timeout',
    arg: '<seconds>',
    defaultText: '30',
    defaultValue: () => '30',
    describe:
      'On SIGINT/SIGTERM, how long running jobs may take to finish before they are handed back for retry.',
    schema: integer(1, 3600),
  },
  sessionTtlMinutes: {
    env: 'QUANTTRADE_SESSION_TTL',
    flag: 'session-ttl',
    arg: '<minutes>',
    defaultText: '480',
    defaultValue: () => '480',
    describe: 'Lifetime of a login session token, in minutes (API tokens do not expire unless asked to).',
    schema: integer(1, 7 * 24 * 60),
  },
  dbPoolMax: {
    env: 'QUANTTRADE_DB_POOL_MAX',
    flag: 'db-pool-max',
    arg: '<n>',
    defaultText: '10',
    defaultValue: () => '10',
    describe: 'Maximum PostgreSQL connections in the daemon pool (pg-boss keeps its own few).',
    schema: integer(2, 500),
  },
  jobConcurrency: {
    env: 'QUANTTRADE_JOB_CONCURRENCY',
    flag: 'job-concurrency',
    arg: '<n>',
    defaultText: 'number of CPU cores',
    defaultValue: () => String(availableParallelism()),
    describe: 'How many jobs of each CPU-heavy queue (backtests) this worker runs at once.',
    schema: integer(1, 256),
  },
  consoleDir: {
    env: 'QUANTTRADE_CONSOLE_DIR',
    flag: 'console-dir',
    arg: '<dir>',
    defaultText: '<package>/console/dist',
    describe: 'Built console to serve at /; a placeholder page is served when it does not exist.',
    schema: z.string().optional(),
  },
  adminEmail: {
    env: 'QUANTTRADE_ADMIN_EMAIL',
    flag: 'admin-email',
    arg: '<email>',
    defaultText: 'admin@localhost',
    defaultValue: () => 'admin@localhost',
    describe: 'Email of the admin created, with a random password printed once, on the first start.',
    schema: email,
  },
  loginMaxFailures: {
    env: 'QUANTTRADE_LOGIN_MAX_FAILURES',
    flag: 'login-max-failures',
    arg: '<n>',
    defaultText: '5',
    defaultValue: () => '5',
    describe: 'Failed logins allowed per account in 15 minutes before further attempts are refused.',
    schema: integer(1, 1000),
  },
  loginMaxFailuresPerAddress: {
    env: 'QUANTTRADE_LOGIN_MAX_FAILURES_PER_ADDRESS',
    flag: 'login-max-failures-per-address',
    arg: '<n>',
    defaultText: '20',
    defaultValue: () => '20',
    describe: 'Failed logins allowed per client address in 15 minutes.',
    schema: integer(1, 100000),
  },
  importDir: {
    env: 'QUANTTRADE_IMPORT_DIR',
    flag: 'import-dir',
    arg: '<dir>',
    describe:
      'Directory market.importFile may read CSV files from (admins; never the data directory). Unset: uploads only.',
    schema: z.string().optional(),
  },
  trustProxy: {
    env: 'QUANTTRADE_TRUST_PROXY',
    flag: 'trust-proxy',
    arg: '<bool>',
    defaultText: 'false',
    defaultValue: () => 'false',
    describe: 'Take the client address from X-Forwarded-For (only behind a reverse proxy you control).',
    schema: boolean,
  },
  yahooBaseUrl: {
    env: 'QUANTTRADE_YAHOO_BASE_URL',
    flag: 'yahoo-base-url',
    arg: '<url>',
    defaultText: YAHOO_BASE_URL,
    defaultValue: () => YAHOO_BASE_URL,
    describe: 'Yahoo Finance chart API for `data fetch --source yahoo` and market.fetch (a proxy or mirror).',
    schema: httpUrl,
  },
  dhanBaseUrl: {
    env: 'QUANTTRADE_DHAN_BASE_URL',
    flag: 'dhan-base-url',
    arg: '<url>',
    defaultText: DHAN_BASE_URL,
    defaultValue: () => DHAN_BASE_URL,
    describe: 'Dhan REST API for `data fetch --source dhan` and market.fetch.',
    schema: httpUrl,
  },
  dhanAccessToken: {
    env: 'DHAN_ACCESS_TOKEN',
    flag: 'dhan-access-token',
    arg: '<jwt>',
    describe: 'Dhan access token (from web.dhan.co, valid 24 h); needed for Dhan historical data.',
    secret: true,
    schema: optionalWord,
  },
  dhanClientId: {
    env: 'DHAN_CLIENT_ID',
    flag: 'dhan-client-id',
    arg: '<id>',
    describe: 'Your Dhan client id; needed with the access token.',
    schema: optionalWord,
  },
  ...BROKER_OPTIONS,
  ...NOTIFICATION_OPTIONS,
  ...TRADING_OPTIONS,
} satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof OPTIONS;
