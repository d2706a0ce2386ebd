import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { describeConfig, loadConfig } from './load-config';
import { describeDaemonOptions } from './config-help';

const base = { cwd: '/srv/qt', packageRoot: '/opt/quanttrade' };

function problems(argv: string[], env: Record<string, string> = {}): string[] {
  try {
    loadConfig({ argv, env, ...base });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return ((err as AppError).details!.problems as { name: string }[]).map((p) => p.name);
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('applies defaults and resolves paths against the working directory', () => {
    const config = loadConfig({ argv: [], env: {}, ...base });
    expect(config).toMatchObject({
      home: '/srv/qt/.quanttrade',
      host: '127.0.0.1',
      port: 8080,
      roles: ['api', 'worker', 'scheduler', 'trader'],
      databaseUrl: undefined,
      shutdownTimeoutSeconds: 30,
      consoleDir: '/opt/quanttrade/console/dist',
      adminEmail: 'admin@localhost',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets flags override the environment, in either flag form', () => {
    const config = loadConfig({
      argv: ['--port=9000', '--roles', 'worker, api'],
      env: {
        QUANTTRADE_PORT: '7000',
        QUANTTRADE_HOME: '/data/qt',
        DATABASE_URL: 'postgres://u:p@db:5432/qt',
      },
      ...base,
    });
    expect(config.port).toBe(9000);
    expect(config.roles).toEqual(['api', 'worker']);
    expect(config.home).toBe('/data/qt');
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/qt');
  });

  it('reports every problem at once, under the name the value came from', () => {
    expect(
      problems(['--port', '-1', 'stray', '--log-format'], {
        QUANTTRADE_SHUTDOWN_TIMEOUT: '0',
        QUANTTRADE_METRICS_TOKEN: 'short',
        QUANTTRADE_TRUST_PROXY: 'maybe',
      }),
    ).toEqual(
      expect.arrayContaining([
        'stray',
        '--log-format',
        '--port',
        'QUANTTRADE_SHUTDOWN_TIMEOUT',
        'QUANTTRADE_METRICS_TOKEN',
        'QUANTTRADE_TRUST_PROXY',
      ]),
    );
  });

  it('never echoes a secret in its message', () => {
    try {
      loadConfig({
        argv: [],
        env: { QUANTTRADE_METRICS_TOKEN: 'tooshort', DATABASE_URL: 'http://u:secretpw@x' },
        ...base,
      });
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('QUANTTRADE_METRICS_TOKEN: got "(hidden)", expected at least 16 characters');
      expect(message).not.toContain('tooshort');
      expect(message).not.toContain('secretpw');
    }
  });

  it('takes the market sources from the environment variables the docs name, or from flags', () => {
    const defaults = loadConfig({ argv: [], env: {}, ...base });
    expect(defaults).toMatchObject({
      yahooBaseUrl: 'https://query1.finance.yahoo.com',
      dhanBaseUrl: 'https://api.dhan.co/v2',
      dhanAccessToken: undefined,
      dhanClientId: undefined,
    });
    const config = loadConfig({
      argv: ['--dhan-client-id', '1000000002'],
      env: {
        QUANTTRADE_YAHOO_BASE_URL: 'http://127.0.0.1:9001',
        QUANTTRADE_DHAN_BASE_URL: 'http://127.0.0.1:9002/v2',
        DHAN_ACCESS_TOKEN: 'eyJ.header.sig',
        DHAN_CLIENT_ID: '1000000001',
      },
      ...base,
    });
    expect(config).toMatchObject({
      yahooBaseUrl: 'http://127.0.0.1:9001',
      dhanBaseUrl: 'http://127.0.0.1:9002/v2',
      dhanAccessToken: 'eyJ.header.sig',
      dhanClientId: '1000000002',
    });
    expect(JSON.stringify(describeConfig(config))).not.toContain('eyJ.header.sig');
    expect(describeConfig(config).dhanAccessToken).toBe('(set)');
  });

  it('refuses a source URL that is not http(s) and a token with spaces, without echoing the token', () => {
    try {
      loadConfig({
        argv: ['--yahoo-base-url', 'query1.finance.yahoo.com'],
        env: { DHAN_ACCESS_TOKEN: 'eyJ secret' },
        ...base,
      });
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(
        '--yahoo-base-url: got "query1.finance.yahoo.com", expected an http:// or https:// URL',
      );
      expect(message).toContain('DHAN_ACCESS_TOKEN: got "(hidden)", expected a single word without spaces');
      expect(message).not.toContain('eyJ secret');
    }
  });

  it('documents every option in start --help', () => {
    const help = describeDaemonOptions();
    for (const name of ['--dhan-access-token <jwt>', 'DHAN_ACCESS_TOKEN', 'QUANTTRADE_YAHOO_BASE_URL'])
      expect(help).toContain(name);
    expect(help).toContain('Default: https://api.dhan.co/v2.');
  });
});
