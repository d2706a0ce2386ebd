// The SQL console against a corpus of hostile statements (support/sql-corpus.ts), through the API
// as an admin: each is refused with a 400 that says why — never a 500, never a crash — and the
// daemon answers after each. Afterwards nothing was written, no role changed, no secret moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { rawCall } from './support/raw-trpc';
import { BOUNDED, REFUSED } from './support/sql-corpus';

let t: TestDaemon;
let before: Record<string, unknown>;

async function snapshot(): Promise<Record<string, unknown>> {
  const { rows } = await t.pool.query(`
    SELECT (SELECT count(*) FROM strategies)::int AS strategies,
           (SELECT count(*) FROM users)::int AS users,
           (SELECT string_agg(key || '=' || value::text, ',' ORDER BY key) FROM settings) AS settings,
           (SELECT count(*) FROM pg_class WHERE relname = 'pwned')::int AS pwned,
           (SELECT rolsuper FROM pg_roles WHERE rolname = 'quanttrade_readonly') AS readonly_super,
           (SELECT count(*) FROM pg_largeobject_metadata)::int AS large_objects,
           has_table_privilege('quanttrade_readonly', 'settings', 'SELECT') AS reads_settings`);
  return rows[0] as Record<string, unknown>;
}

beforeAll(async () => {
  t = await startTestDaemon();
  await t.pool.query(`INSERT INTO strategies (owner_id, name) VALUES ($1, 'canary')`, [t.users.admin.id]);
  before = await snapshot();
});
afterAll(() => t?.stop());

async function sql(statement: string) {
  return rawCall(t.url, 'database.sql', { sql: statement, maxRows: 1000 }, { token: t.users.admin.token });
}

describe('SQL console corpus', () => {
  it(`has at least 100 hostile statements (${REFUSED.length})`, () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(100);
  });

  it('refuses every one with a 400 naming why, and the daemon answers after each', async () => {
    const wrong: string[] = [];
    for (const [what, statement] of REFUSED) {
      const answer = await sql(statement);
      const error = (answer.body as { error?: { message?: string; data?: { appCode?: string } } }).error;
      const refused = ['SQL_REFUSED', 'VALIDATION_FAILED'].includes(error?.data?.appCode ?? '');
      if (answer.status !== 400 || !refused || !error?.message)
        wrong.push(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
      if (/at \S+ \(|node_modules|\.ts:\d+/.test(answer.text))
        wrong.push(`${what}: stack trace in the answer`);
      const health = await fetch(`${t.url}/healthz`);
      if (health.status !== 200) wrong.push(`${what}: daemon not answering after it`);
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it('keeps what runs within the row and byte caps', async () => {
    for (const [what, statement, maxRows] of BOUNDED) {
      const answer = await sql(statement);
      expect(answer.text.length, what).toBeLessThan(8 * 1024 * 1024);
      if (answer.status === 400) {
        expect((answer.body as { error: { data: { appCode: string } } }).error.data.appCode, what).toBe(
          'SQL_REFUSED',
        );
        continue;
      }
      expect(answer.status, what).toBe(200);
      const result = (answer.body as { result: { data: { rowCount: number; truncated: boolean } } }).result
        .data;
      expect(result.rowCount, what).toBeLessThanOrEqual(maxRows);
      expect(result.truncated, what).toBe(true);
    }
  }, 60_000);

  it('left nothing changed: rows, roles, privileges, secrets', async () => {
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});
