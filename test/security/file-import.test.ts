// market.importFile reads only from the configured import directory (none by default: uploads
// only), never from the data directory, whatever the path says (.., symlinks); a file's text
// never reaches an error message; ingests are visible to their owner and admins only.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../daemon/src/config/load-config';
import { packageRoot } from '../../daemon/src/config/package-root';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { rawCall } from './support/raw-trpc';
import { until } from './support/until';

const SECRET = 'hunter2-the-superuser-password';
const root = mkdtempSync(join(tmpdir(), 'qt-import-'));
const home = join(root, 'home');
const imports = join(root, 'imports');
let database: TestDatabase;
let closed: TestDaemon;
let open: TestDaemon;

beforeAll(async () => {
  mkdirSync(home);
  mkdirSync(imports);
  writeFileSync(join(home, 'postgres.json'), JSON.stringify({ port: 5432, password: SECRET }));
  writeFileSync(join(imports, 'secret-first-line.csv'), `password=${SECRET},x\n2025-01-06,1,2,1,2,100\n`);
  writeFileSync(
    join(imports, 'bad-values.csv'),
    `Date,Open,High,Low,Close,Volume\n2025-01-06,${SECRET},2,1,2,100\n`,
  );
  writeFileSync(join(imports, 'good.csv'), 'Date,Open,High,Low,Close,Volume\n2025-01-06,1,2,1,2,100\n');
  symlinkSync(join(home, 'postgres.json'), join(imports, 'link-to-secret.csv'));
  database = await createTestDatabase();
  [closed, open] = await Promise.all([
    // No worker role: the jobs run on the daemon whose import directory is set (a worker reads
    // its own disk under its own QUANTTRADE_IMPORT_DIR).
    startTestDaemon({ database, config: { home, roles: ['api'] } }),
    startTestDaemon({ database, config: { home, importDir: imports } }),
  ]);
});
afterAll(async () => {
  await Promise.all([closed?.stop(), open?.stop()]);
  await database?.drop();
  rmSync(root, { recursive: true, force: true });
});

async function importFile(t: TestDaemon, path: string) {
  return rawCall(
    t.url,
    'market.importFile',
    { symbol: 'TCS', path, timeframe: '1d' },
    { token: t.users.admin.token },
  );
}

async function ingestOutcome(t: TestDaemon, ingestId: number) {
  return until(
    () => t.api('admin').market.ingest.query({ id: ingestId }),
    (row) => row.status === 'succeeded' || row.status === 'failed',
    30_000,
  );
}

describe('file imports', () => {
  it('are refused when no import directory is configured', async () => {
    const answer = await importFile(closed, join(imports, 'good.csv'));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('file imports are disabled');
    expect(answer.text).toContain('QUANTTRADE_IMPORT_DIR');
  });

  it('refuse paths outside the import directory, into the data directory, or through links', async () => {
    for (const path of [
      join(home, 'postgres.json'),
      `${imports}/../home/postgres.json`,
      '../home/postgres.json',
      'link-to-secret.csv',
      '/etc/passwd',
      'nul\u0000byte.csv',
      'missing.csv',
    ]) {
      const answer = await importFile(open, path);
      expect(answer.status, path).toBe(400);
      expect(answer.text, path).not.toContain(SECRET);
    }
  });

  it('never put the file text into the error, whatever the file holds', async () => {
    for (const file of ['secret-first-line.csv', 'bad-values.csv']) {
      const answer = await importFile(open, file);
      expect(answer.status, file).toBe(200);
      const { ingestId } = (answer.body as { result: { data: { ingestId: number } } }).result.data;
      const row = await ingestOutcome(open, ingestId);
      expect(row.status, file).toBe('failed');
      expect(row.error, file).toMatch(/line 2|missing column/);
      expect(JSON.stringify(row), file).not.toContain(SECRET);
      expect(JSON.stringify(row), file).not.toContain('password');
    }
  });

  it('imports a good file given relative to the import directory', async () => {
    const answer = await importFile(open, 'good.csv');
    const { ingestId } = (answer.body as { result: { data: { ingestId: number } } }).result.data;
    expect((await ingestOutcome(open, ingestId)).status).toBe('succeeded');
  });

  it('refuses an import directory inside the data directory, or holding it', () => {
    for (const importDir of [home, join(home, 'imports'), root]) {
      expect(() =>
        loadConfig({
          argv: [],
          env: { QUANTTRADE_HOME: home, QUANTTRADE_IMPORT_DIR: importDir },
          cwd: root,
          packageRoot: packageRoot(),
        }),
      ).toThrow(/QUANTTRADE_IMPORT_DIR: got .*, expected a directory outside the data directory/);
    }
  });
});

describe('ingest visibility', () => {
  it('shows an ingest to its owner and admins only', async () => {
    const csv = 'Date,Open,High,Low,Close,Volume\n2025-01-06,1,2,1,2,100\n';
    const { ingestId } = await open
      .api('operator')
      .market.import.mutate({ symbol: 'MINE', csv, timeframe: '1d' });
    expect((await open.api('operator').market.ingest.query({ id: ingestId })).id).toBe(ingestId);
    expect((await open.api('admin').market.ingest.query({ id: ingestId })).id).toBe(ingestId);
    for (const who of ['operator2', 'viewer'] as const) {
      const answer = await rawCall(
        open.url,
        'market.ingest',
        { id: ingestId },
        {
          token: open.users[who].token,
          method: 'GET',
        },
      );
      expect(answer.status, who).toBe(404);
      const listed = await open.api(who).market.ingests.query({ limit: 200 });
      expect(
        listed.map((r) => r.id),
        who,
      ).not.toContain(ingestId);
    }
    expect((await open.api('admin').market.ingests.query({ limit: 200 })).map((r) => r.id)).toContain(
      ingestId,
    );
  });
});
