import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../daemon/src/cli/main';
import { istTime } from '../../daemon/src/core/time';
import { MAX_SYNTHETIC_BARS } from '../../daemon/src/market/synthetic-universe';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { useFakeHttpServer } from '../support/fake-http-server';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/market/${name}`, import.meta.url));
const dhan = useFakeHttpServer();
const yahoo = useFakeHttpServer();
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Runs `quanttrade data …` in this process against the test database; returns exit code and output. */
async function data(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const write = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await runCli(['data', ...args, '--database-url', db.url]);
    return { code, out: out.join('\n'), err: err.join('') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

describe('quanttrade data', () => {
  it('imports a CSV, lists it and checks it', async () => {
    const imported = await data(
      'import',
      '--csv',
      fixture('tcs-daily.csv'),
      '--symbol',
      'TCS',
      '--timeframe',
      '1d',
    );
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/imported 3 NSE:TCS 1d bars \(3 new\) in/);
    const list = await data('list');
    expect(list.out).toMatch(/NSE:TCS\s+1d\s+3 bars\s+2025-01-06 00:00 IST … 2025-01-08 00:00 IST\s+\(csv\)/);
    const check = await data('check', '--symbol', 'TCS');
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/missing sessions\s+0/);
  });

  it('says a re-import of an identical file wrote nothing, and counts what a changed one changed', async () => {
    const args = ['import', '--csv', fixture('tcs-daily.csv'), '--symbol', 'SAME', '--timeframe', '1d'];
    expect((await data(...args)).err).toMatch(/imported 3 NSE:SAME 1d bars \(3 new\)/);
    // Row versions (xmin) and the coverage's stamp show whether anything was written.
    const versions = () =>
      db.pool.query(
        `SELECT array_agg(b.xmin::text ORDER BY b.ts) AS bars, max(c.updated_at) AS coverage
           FROM bars b JOIN instruments i ON i.id = b.instrument_id
           JOIN bar_coverage c ON c.instrument_id = i.id WHERE i.symbol = 'SAME'`,
      );
    const before = (await versions()).rows[0];
    const again = await data(...args);
    expect((await versions()).rows[0]).toEqual(before);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(
      /nothing to write: the 3 NSE:SAME 1d bars in the file are stored already, unchanged/,
    );
    expect(again.err).not.toMatch(/replacing/);
    const changed = join(mkdtempSync(join(tmpdir(), 'qt-cli-')), 'changed.csv');
    writeFileSync(
      changed,
      readFileSync(fixture('tcs-daily.csv'), 'utf8').replace('4012.50,1311200', '4012.55,1311200'),
    );
    const third = await data('import', '--csv', changed, '--symbol', 'SAME', '--timeframe', '1d');
    expect(third.err).toMatch(/imported 3 NSE:SAME 1d bars \(1 changed, 2 unchanged\)/);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM bars b JOIN instruments i ON i.id = b.instrument_id WHERE i.symbol = 'SAME'`,
    );
    expect(rows[0].n).toBe(3);
  });

  it('imports a Yahoo download adjusted, skipping and listing its null row', async () => {
    const args = [
      'import',
      '--csv',
      fixture('yahoo-infy-daily.csv'),
      '--symbol',
      'INFY.NS',
      '--timeframe',
      '1d',
    ];
    const refused = await data(...args, '--adjust');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('1 bad row, nothing was imported');
    const imported = await data(...args, '--adjust', '--skip-bad-rows');
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/imported 5 NSE:INFY 1d bars \(5 new\)/);
    expect(imported.err).toMatch(/skipped 1 bad row:\n {2}line 5: Open: got "null", expected a number/);
    const check = await data('check', '--symbol', 'INFY');
    expect(check.out).toMatch(/OHLC inconsistencies\s+0/);
  });

  it('refuses a bad file with every bad line and exit code 2, importing nothing', async () => {
    const bad = await data('import', '--csv', fixture('tcs-daily-bad.csv'), '--symbol', 'BADCLI');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('tcs-daily-bad.csv: 3 bad rows, nothing was imported');
    expect(bad.err).toContain('line 4: Close: got "n/a", expected a number');
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM instruments WHERE symbol = 'BADCLI'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('generates synthetic bars marked as such', async () => {
    const synth = await data(
      'synth',
      '--symbols',
      '2',
      '--bars',
      '300',
      '--prefix',
      'CLISYN',
      '--from',
      '2025-01-01',
    );
    expect(synth.code).toBe(0);
    expect(synth.err).toMatch(/stored 600 synthetic 1d bars for 2 symbols/);
    const list = await data('list');
    expect(list.out).toMatch(/NSE:CLISYN1 \[SYNTHETIC\]\s+1d\s+300 bars/);
  });

  it('names bad options, unknown symbols and unknown sub-commands, exit code 2', async () => {
    const bad = await data('synth', '--symbols', 'many', '--bars', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--symbols: got "many", expected a number[\s\S]*--bars: got "0"/);
    // Each flag within its own limit, the product beyond the total cap: refused before generating.
    const huge = await data('synth', '--symbols', '1000', '--bars', '5000000', '--prefix', 'HUGE');
    expect(huge.code).toBe(2);
    expect(huge.err).toContain(
      `--bars: got "5000000", expected at most ${MAX_SYNTHETIC_BARS} bars in one request counting every symbol (symbols × bars = 1000 × 5000000 = 5000000000)`,
    );
    const { rows: stored } = await db.pool.query(
      `SELECT count(*)::int AS n FROM instruments WHERE symbol LIKE 'HUGE%'`,
    );
    expect(stored[0].n).toBe(0);
    const unknown = await data('check', '--symbol', 'NOSUCH');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown instrument NSE:NOSUCH');
    const frobnicate = await data('frobnicate');
    expect(frobnicate.code).toBe(2);
    expect(frobnicate.err).toContain("quanttrade data: unknown command 'frobnicate'");
    const bing = await data(
      'fetch',
      '--source',
      'bing',
      '--symbol',
      'TCS',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-31',
    );
    expect(bing.code).toBe(2);
    expect(bing.err).toMatch(/--source: got "bing"/);
  });

  it('fetches and stores a Yahoo index (^NSEI) as an index instrument', async () => {
    const t0 = istTime('2025-01-06') / 1000;
    yahoo.queue({
      body: {
        chart: {
          result: [
            {
              timestamp: [t0, t0 + 86400],
              indicators: {
                quote: [
                  {
                    open: [23600, 23650],
                    high: [23700, 23800],
                    low: [23500, 23600],
                    close: [23650, 23750],
                    volume: [0, 0],
                  },
                ],
                adjclose: [{ adjclose: [23650, 23750] }],
              },
            },
          ],
          error: null,
        },
      },
    });
    const args = ['--from', '2025-01-06', '--to', '2025-01-07', '--yahoo-base-url', yahoo.baseUrl];
    const fetched = await data('fetch', '--source', 'yahoo', '--symbol', '^NSEI', ...args);
    expect(fetched.err).toContain('^NSEI: stored 2 1d bars from yahoo');
    expect(fetched.code).toBe(0);
    expect(yahoo.requests[0]!.url.pathname).toBe('/v8/finance/chart/%5ENSEI');
    const { rows } = await db.pool.query(
      `SELECT exchange, segment, kind, source FROM instruments WHERE symbol = '^NSEI'`,
    );
    expect(rows).toEqual([{ exchange: 'NSE', segment: 'IDX_I', kind: 'index', source: 'yahoo' }]);
    const list = await data('list');
    expect(list.out).toMatch(/NSE:\^NSEI\s+1d\s+2 bars/);

    // A symbol the store would refuse is refused before anything is asked of Yahoo.
    const before = yahoo.requests.length;
    const refused = await data('fetch', '--source', 'yahoo', '--symbol', '^', ...args);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      'symbol: got "^", expected a symbol such as TCS, NSE:TCS, TCS.NS or the index ^NSEI',
    );
    expect(yahoo.requests).toHaveLength(before);
  });

  it('fetches with the source URL and Dhan credentials of the daemon options, never echoing the token', async () => {
    expect((await data('instruments', '--file', fixture('dhan-master-compact.csv'))).code).toBe(0);
    const fetch = [
      'fetch',
      '--source',
      'dhan',
      '--symbol',
      'TCS',
      '--from',
      '2025-01-06',
      '--to',
      '2025-01-07',
    ];
    const missing = await data(...fetch, '--dhan-base-url', dhan.baseUrl);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('needs DHAN_ACCESS_TOKEN (--dhan-access-token) and DHAN_CLIENT_ID');
    expect(dhan.requests).toHaveLength(0);

    // Flags, or the environment variables the docs name; the flag wins.
    vi.stubEnv('DHAN_ACCESS_TOKEN', 'jwt-from-env');
    vi.stubEnv('DHAN_CLIENT_ID', '1000000001');
    try {
      dhan.queue({
        body: { open: [1], high: [2], low: [1], close: [2], volume: [10], timestamp: [1736101800] },
      });
      const fromEnv = await data(...fetch, '--dhan-base-url', dhan.baseUrl);
      expect(fromEnv.code).toBe(0);
      expect(dhan.requests[0]!.headers['access-token']).toBe('jwt-from-env');
      expect(dhan.requests[0]!.headers['client-id']).toBe('1000000001');

      dhan.queue({
        body: { open: [1], high: [2], low: [1], close: [2], volume: [10], timestamp: [1736101800] },
      });
      const fromFlag = await data(
        ...fetch,
        '--dhan-base-url',
        dhan.baseUrl,
        '--dhan-access-token',
        'jwt-from-flag',
      );
      expect(fromFlag.code).toBe(0);
      expect(dhan.requests[1]!.headers['access-token']).toBe('jwt-from-flag');
      expect(fromEnv.err + fromEnv.out + fromFlag.err + fromFlag.out).not.toMatch(/jwt-from/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
