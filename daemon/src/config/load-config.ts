// Parses the daemon's configuration once, at boot, from the environment and command-line flags
// (flags win), into a frozen Config passed down explicitly. Every problem is collected and
// reported together — name, value given, what was expected — so a bad deployment is fixed in
// one round trip. Nothing here reads process.env or process.argv itself: callers pass them in.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { fieldIssues } from '../core/zod-issues';
import type { BrokerConfig } from './broker-options';
import type { TradingConfig } from './trading-options';
import { OPTIONS, type DaemonRole, type OptionKey, type OptionSpec } from './options';

export interface Config extends BrokerConfig, TradingConfig {
  readonly home: string;
  readonly databaseUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly roles: readonly DaemonRole[];
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  readonly logFormat: 'auto' | 'json' | 'pretty';
  readonly metricsToken: string | undefined;
  readonly shutdownTimeoutSeconds: number;
  readonly sessionTtlMinutes: number;
  readonly dbPoolMax: number;
  readonly jobConcurrency: number;
  readonly consoleDir: string;
  readonly adminEmail: string;
  readonly loginMaxFailures: number;
  readonly loginMaxFailuresPerAddress: number;
  readonly trustProxy: boolean;
  /** Where market.importFile may read from; undefined: file imports are off. */
  readonly importDir: string | undefined;
  /** Remote bar sources (market/source-settings.ts). */
  readonly yahooBaseUrl: string;
  readonly dhanBaseUrl: string;
  readonly dhanAccessToken: string | undefined;
  readonly dhanClientId: string | undefined;
  /** Notifications (notifications/) and stored secrets (secrets/). */
  readonly telegramBaseUrl: string;
  readonly secretKey: string | undefined;
  readonly secretKeyFile: string | undefined;
}

export interface ConfigProblem {
  /** `--port` or `QUANTTRADE_PORT`: whichever the value came from. */
  name: string;
  value?: string;
  expected: string;
}

export interface ConfigSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths resolve against this. */
  cwd: string;
  /** Where the package lives (for the default console directory). */
  packageRoot: string;
}

const KEYS = Object.keys(OPTIONS) as OptionKey[];
const BY_FLAG = new Map(KEYS.map((k) => [OPTIONS[k].flag, k]));

interface RawValues {
  values: Partial<Record<OptionKey, string>>;
  origin: Partial<Record<OptionKey, string>>;
  problems: ConfigProblem[];
}

function readFlags(argv: readonly string[], raw: RawValues): void {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) {
      raw.problems.push({ name: token, expected: 'an option such as --port 8080 (see --help)' });
      continue;
    }
    const eq = token.indexOf('=');
    const flag = token.slice(2, eq === -1 ? undefined : eq);
    const key = BY_FLAG.get(flag);
    if (!key) {
      raw.problems.push({ name: `--${flag}`, expected: 'a known option (see --help)' });
      if (eq === -1 && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) i++;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = token.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) value = argv[++i];
    if (value === undefined) {
      raw.problems.push({ name: `--${flag}`, expected: `a value: --${flag} ${OPTIONS[key].arg}` });
      continue;
    }
    raw.values[key] = value;
    raw.origin[key] = `--${flag}`;
  }
}

function collectRaw(sources: ConfigSources): RawValues {
  const raw: RawValues = { values: {}, origin: {}, problems: [] };
  for (const key of KEYS) {
    const spec = OPTIONS[key];
    const fromEnv = sources.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      raw.values[key] = fromEnv;
      raw.origin[key] = spec.env;
    }
  }
  readFlags(sources.argv, raw);
  for (const key of KEYS) {
    const spec: OptionSpec = OPTIONS[key];
    if (raw.values[key] === undefined && spec.defaultValue) raw.values[key] = spec.defaultValue();
  }
  return raw;
}

function shown(key: OptionKey, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const spec: OptionSpec = OPTIONS[key];
  return spec.secret ? '(hidden)' : value;
}

const schema = z.object(Object.fromEntries(KEYS.map((k) => [k, OPTIONS[k].schema])));

/** Parses and freezes the configuration, or throws CONFIG_INVALID listing every problem. */
export function loadConfig(sources: ConfigSources): Config {
  const raw = collectRaw(sources);
  const result = schema.safeParse(raw.values);
  const problems = [...raw.problems];
  if (!result.success) {
    for (const issue of fieldIssues(result.error.issues, raw.values)) {
      const key = issue.path as OptionKey;
      const name = raw.origin[key] ?? OPTIONS[key]?.env ?? issue.path;
      problems.push({ name, value: shown(key, raw.values[key]), expected: issue.expected });
    }
  }
  const parsed = (result.success ? result.data : {}) as Record<string, unknown>;
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(sources.cwd, p));
  const importDir =
    typeof parsed.importDir === 'string' && parsed.importDir !== '' ? absolute(parsed.importDir) : undefined;
  if (result.success && importDir && overlaps(importDir, absolute(parsed.home as string))) {
    problems.push({
      name: raw.origin.importDir ?? OPTIONS.importDir.env,
      value: raw.values.importDir,
      expected: 'a directory outside the data directory (QUANTTRADE_HOME), not holding it either',
    });
  }
  if (problems.length > 0) throw configError(problems);
  return Object.freeze({
    ...parsed,
    // Optional values are present as undefined, so the shape is the same in every daemon.
    databaseUrl: parsed.databaseUrl as string | undefined,
    metricsToken: parsed.metricsToken as string | undefined,
    dhanAccessToken: parsed.dhanAccessToken as string | undefined,
    dhanClientId: parsed.dhanClientId as string | undefined,
    brokerKey: parsed.brokerKey as string | undefined,
    brokerKeyFile: parsed.brokerKeyFile as string | undefined,
    brokerPreviousKeyFile: parsed.brokerPreviousKeyFile as string | undefined,
    secretKey: parsed.secretKey as string | undefined,
    secretKeyFile: parsed.secretKeyFile === undefined ? undefined : absolute(parsed.secretKeyFile as string),
    importDir,
    home: absolute(parsed.home as string),
    consoleDir: absolute(
      (parsed.consoleDir as string | undefined) ?? join(sources.packageRoot, 'console/dist'),
    ),
    roles: Object.freeze([...(parsed.roles as DaemonRole[])]),
  }) as Config;
}

/** Whether one directory is the other or lies inside it. */
function overlaps(a: string, b: string): boolean {
  const inside = (x: string, y: string) => {
    const r = relative(y, x);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  return inside(a, b) || inside(b, a);
}

export function configError(problems: ConfigProblem[]): AppError {
  const lines = problems.map(
    (p) =>
      `  ${p.name}: got ${p.value === undefined ? 'nothing' : JSON.stringify(p.value)}, expected ${p.expected}`,
  );
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return new AppError(
    'CONFIG_INVALID',
    `invalid configuration (${problems.length} ${noun}):\n${lines.join('\n')}`,
    {
      problems,
    },
  );
}

/** The config with secrets hidden, for logs and system.info. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl ? redactUrl(config.databaseUrl) : undefined,
    metricsToken: config.metricsToken ? '(set)' : undefined,
    dhanAccessToken: config.dhanAccessToken ? '(set)' : undefined,
    brokerKey: config.brokerKey ? '(set)' : undefined,
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '*****';
    return parsed.toString();
  } catch {
    return '(unparseable)';
  }
}
