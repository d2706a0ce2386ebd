// CLI commands open the database, do their work and stop the embedded PostgreSQL again: nothing
// about that ordinary close may be reported as a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { withCliDatabase } from '../../daemon/src/cli/cli-database';
import { loadConfig } from '../../daemon/src/config/load-config';
import { packageRoot } from '../../daemon/src/config/package-root';

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
