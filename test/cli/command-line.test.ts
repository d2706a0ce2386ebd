// How every `quanttrade` command reads its command line and ends (issue 15 §5), through the built
// CLI in a child process: help on every level, `--` ending options, negative numbers as values,
// unknown options named, one exit code per kind of failure, validation before any expensive
// work, and colour only where it belongs.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../daemon/src/config/package-root';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

let dir = '';
let bars = '';
/** A PostgreSQL URL where nothing listens: any command that opens the database fails with 1. */
let deadDatabase = '';

beforeAll(async () => {
  buildCli();
  dir = tempDir();
  bars = join(dir, 'BARS.csv');
  const rows = Array.from({ length: 40 }, (_, i) => {
    const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    const c = 100 + Math.sin(i / 3) * 5;
    return `${day},${c - 0.5},${c + 1},${c - 1},${c},1000`;
  });
  writeFileSync(bars, ['Date,Open,High,Low,Close,Volume', ...rows].join('\n'));
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  deadDatabase = `postgres://qt:secret@127.0.0.1:${port}/qt`;
}, 120_000);

/** No daemon environment leaks in; the home is a directory no test database lives in. */
function run(args: string[], env: Record<string, string> = {}) {
  return quanttrade(args, { QUANTTRADE_HOME: join(dir, 'home'), NO_COLOR: '', ...env });
}

describe('help', () => {
  it('is printed by -h and --help on a sub-command, exit 0, without touching the database', async () => {
    for (const flag of ['-h', '--help']) {
      const r = await run(['user', 'list', flag], { DATABASE_URL: deadDatabase });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: quanttrade user list/);
    }
  });

  it('wins over other mistakes on the same line', async () => {
    const r = await run(['data', 'import', '--frobnicate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: quanttrade data import/);
  });

  it('is not an option after --', async () => {
    const r = await run(['user', 'list', '--', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unexpected argument '--help'");
  });
});

describe('options', () => {
  it('take negative numbers as values: the validator refuses --cash -5000, naming it', async () => {
    const r = await run(['backtest', '--csv', bars, '--strategy', 'sma-cross', '--cash', '-5000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cash: got "-5000", expected a positive number of rupees');
    expect(r.stderr).not.toMatch(/ambiguous/);
  });

  it('name an unknown option, on every kind of command, with exit 2', async () => {
    for (const args of [
      ['user', 'list', '--frobnicate'],
      ['migrate', '--frobnicate'],
      ['backtest', '--csv', bars, '--strategy', 'sma-cross', '--frobnicate'],
      ['data', '--frobnicate'],
    ]) {
      const r = await run(args, { DATABASE_URL: deadDatabase });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('unknown option --frobnicate');
    }
  });

  it('name an option that lacks its value instead of taking the next option as it', async () => {
    const r = await run(['user', 'add', '--email', '--role', 'viewer']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email: got the option --role, expected a value');
  });
});

describe('exit codes', () => {
  it('are 2 for a missing input file in every command, before the database is opened', async () => {
    const missing = join(dir, 'no-such.csv');
    const backtest = await run(['backtest', '--csv', missing, '--strategy', 'sma-cross']);
    const imported = await run(['data', 'import', '--csv', missing, '--symbol', 'TCS'], {
      DATABASE_URL: deadDatabase,
    });
    for (const r of [backtest, imported]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `--csv: got ${JSON.stringify(missing)}, expected a readable file (no such file)`,
      );
      expect(r.stderr).not.toContain('cannot open');
    }
  });

  it('are 2 for an unknown strategy, reported before the bar store is read', async () => {
    const r = await run(['backtest', '--symbol', 'TCS', '--strategy', 'no-such-strategy'], {
      DATABASE_URL: deadDatabase,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--strategy: got "no-such-strategy", expected one of sma-cross, /);
    expect(r.stderr).not.toContain('cannot open');
  });

  it('are 2 for bad input to broker, dev, backup, restore and strategy, before any database or daemon', async () => {
    const missing = join(dir, 'no-such.file');
    // No database and no daemon here: each line must be refused on its own.
    const cases: [string[], string][] = [
      [['restore', missing], `FILE: got ${JSON.stringify(missing)}, expected a readable file (no such file)`],
      [['restore'], 'FILE: got nothing, expected a file written by quanttrade backup'],
      [['backup', '--output', bars], `--output: ${bars} exists; choose another file`],
      [
        ['backtest', '--csv', bars, '--strategy-file', missing],
        `--strategy-file: got ${JSON.stringify(missing)}, expected a readable file (no such file)`,
      ],
      [['backtest', '--csv', bars, '--strategy', 'sma-cross', '--strategy-file', bars], 'give one of them'],
      [['strategy', 'show', 'seven'], 'ID: got "seven", expected a strategy id'],
      [['strategy', 'show', '7', '--version', '0'], '--version: got "0", expected a number >= 1'],
      [['strategy', 'diff', '7'], 'give a FILE to compare with, or --against VERSION'],
      [
        ['strategy', 'push', bars],
        "--name: got nothing, expected the strategy's name in the daemon (--name NAME)",
      ],
      [['strategy', 'push', bars, '--name', 'X'], '--token: got missing, expected an API token'],
      [['broker', 'add', '--owner', 'a@b.c', '--label', 'L', '--client-id', '1'], '--token-stdin: required'],
      [['broker', 'connect', '--id', '-3'], '--id: got "-3", expected'],
      [['dev', 'dhan-fake', '--port', '-1'], '--port: got "-1", expected'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args, { DATABASE_URL: deadDatabase, QUANTTRADE_TOKEN: '' });
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toContain('cannot open');
    }
  });

  it('are 1 for a database that cannot be reached, and 2 for an unknown command', async () => {
    const down = await run(['user', 'list'], { DATABASE_URL: deadDatabase });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot open DATABASE_URL');
    const unknown = await run(['user', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const bare = await run(['user']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: quanttrade user <command>/);
  });
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), so that stdout and stderr are TTYs. */
function onTerminal(args: string[], env: Record<string, string> = {}): string {
  const bin = join(packageRoot(), 'bin/quanttrade.js');
  const line = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', line, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, QUANTTRADE_HOME: join(dir, 'home'), TERM: 'xterm-256color', ...env },
    timeout: 60_000,
  });
  return result.stdout;
}

describe('colour', () => {
  const ESC = '\x1b[';

  it('is used on a terminal, and never with NO_COLOR or --no-color', () => {
    const coloured = onTerminal(['user', 'frobnicate'], { NO_COLOR: '' });
    expect(coloured).toContain("unknown command 'frobnicate'");
    expect(coloured).toContain(ESC);
    const noColorEnv = onTerminal(['user', 'frobnicate'], { NO_COLOR: '1' });
    expect(noColorEnv).toContain("unknown command 'frobnicate'");
    expect(noColorEnv).not.toContain(ESC);
    const noColorFlag = onTerminal(['--no-color', 'user', 'frobnicate'], { NO_COLOR: '' });
    expect(noColorFlag).toContain("unknown command 'frobnicate'");
    expect(noColorFlag).not.toContain(ESC);
  });

  it('is never written to a pipe', async () => {
    const r = await run(['user', 'frobnicate']);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toContain(ESC);
  });
});
