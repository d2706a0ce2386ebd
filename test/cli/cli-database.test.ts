// CLI commands open the database, do their work and stop the embedded PostgreSQL again: nothing
// about that ordinary close may be reported as a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { withCliDatabase } from '../../daemon/src/cli/cli-database';
import { loadConfig } from '../../daemon/src/config/load-config';
import { packageRoot } from '../../daemon/src/config/package-root';
import { buildCli, quanttrade } from './backtest-cli';

const home = mkdtempSync(join(tmpdir(), 'qt-cli-db-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('withCliDatabase', () => {
  it('closes every connection before stopping the embedded server (no idle-connection errors)', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const config = loadConfig({
      argv: [],
      env: { QUANTTRADE_HOME: home },
      cwd: home,
      packageRoot: packageRoot(),
    });
    // The server used to be stopped while the pool's connections were still closing, and then
    // only now and then: several rounds, each with every pooled connection busy, make it likely.
    for (let round = 0; round < 8; round++) {
      const answers = await withCliDatabase(config, log, ({ pool }) =>
        Promise.all([1, 2, 3, 4].map(async (n) => (await pool.query('SELECT $1::int AS n', [n])).rows[0].n)),
      );
      expect(answers).toEqual([1, 2, 3, 4]);
    }
    expect(lines.some((line) => line.includes('embedded PostgreSQL stopped'))).toBe(true);
    expect(
      lines.filter((line) => /idle database connection failed|terminating connection/.test(line)),
    ).toEqual([]);
  }, 120_000);
});

describe('a database that cannot be reached', () => {
  it('is named (password hidden) without a stack trace, exit code 1, by every database command', async () => {
    buildCli();
    // A port nothing listens on: bind one, note it, close it.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const url = `postgres://qt:hunter2secret@127.0.0.1:${port}/qt`;
    for (const args of [
      ['data', 'list'],
      ['backtest', '--symbol', 'TCS', '--strategy', 'sma-cross'],
      ['migrate', '--status'],
    ]) {
      const run = await quanttrade(args, { DATABASE_URL: url });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot open DATABASE_URL postgres://qt:*****@127.0.0.1:${port}/qt`);
      expect(run.stderr).toContain('ECONNREFUSED');
      expect(run.stderr).not.toContain('hunter2secret');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  }, 120_000);
});
