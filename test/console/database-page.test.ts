// The Database page in a real browser: tables and the row browser, and a SQL console that
// PostgreSQL itself keeps read-only — every refusal below comes from the database.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { launchBrowser, openPage, signIn, type WatchedPage } from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let admin: WatchedPage;
let expectedRefusals = 0;

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  await daemon.pool.query(
    `INSERT INTO strategies (owner_id, name) SELECT $1, 'strategy ' || g FROM generate_series(1, 75) g`,
    [daemon.users.operator.id],
  );
  admin = await openPage(browser);
  await signIn(admin.page, daemon.url, daemon.users.admin.email, daemon.users.admin.password);
  await admin.page.getByRole('link', { name: 'Database' }).click();
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const strategyCount = async () =>
  (await daemon.pool.query<{ n: number }>('SELECT count(*) AS n FROM strategies')).rows[0]!.n;

describe('tables and rows', () => {
  it('lists tables with exact counts; secret tables are locked', async () => {
    const { page } = admin;
    const row = page.getByRole('row', { name: /^strategies / });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('75');
    expect(await page.getByRole('row', { name: /settings/ }).textContent()).toMatch(/settings 🔒hidden/);
    expect(await page.getByRole('button', { name: 'settings' }).count()).toBe(0);
  });

  it('pages and filters rows, and never shows password hashes', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'strategies', exact: true }).click();
    await page.getByText('75 row(s) · page 1 of 2').waitFor();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText('75 row(s) · page 2 of 2').waitFor();
    await page.getByLabel('Column').selectOption('name');
    await page.getByLabel('Contains').fill('strategy 7');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByText('7 row(s) · page 1 of 1').waitFor(); // 7, 70..75
    await page.getByRole('button', { name: 'users', exact: true }).click();
    const users = (await daemon.pool.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0]!.n;
    await page.getByText(`${users} row(s) · page 1 of 1`).waitFor();
    const headers = await page.locator('section[aria-labelledby="rows-title"] th').allTextContents();
    expect(headers).toContain('email');
    expect(headers).not.toContain('password_hash');
    // Instants read in IST, as on every other page.
    expect(headers).toContain('created_at (IST)');
    const { rows } = await daemon.pool.query<{ ist: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD HH24:MI:SS') AS ist FROM users ORDER BY id LIMIT 1`,
    );
    await page
      .locator('section[aria-labelledby="rows-title"] td', { hasText: rows[0]!.ist })
      .first()
      .waitFor();
  });
});

describe('SQL console', () => {
  async function run(sql: string, button = 'Run'): Promise<string> {
    const { page } = admin;
    await page.getByLabel('Statement').fill(sql);
    const outcome = page.getByTestId('sql-outcome');
    const runs = Number(await outcome.getAttribute('data-runs'));
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.locator(`[data-testid="sql-outcome"][data-runs="${runs + 1}"]`).waitFor();
    return (await outcome.textContent()) ?? '';
  }

  it('runs a query and shows its rows', async () => {
    await admin.page.getByRole('tab', { name: 'SQL console' }).click();
    expect(await run('SELECT count(*) AS n FROM strategies')).toMatch(/SELECT · 1 row\(s\).*n75/);
  });

  it('explains a query', async () => {
    expect(await run('SELECT * FROM strategies WHERE id = 1', 'Explain')).toMatch(
      /Index Scan using strategies_pkey/,
    );
  });

  // Refused by the console's statement check before PostgreSQL sees them, or by PostgreSQL.
  const refusals: [string, string, RegExp][] = [
    [
      'DELETE',
      'DELETE FROM strategies',
      /SQL_REFUSED: the SQL console runs one read statement.*DELETE is not a read statement/,
    ],
    ['UPDATE', "UPDATE strategies SET name = 'x'", /UPDATE is not a read statement/],
    ['DROP', 'DROP TABLE strategies CASCADE', /DROP is not a read statement/],
    ['COPY … TO PROGRAM', "COPY strategies TO PROGRAM 'rm -rf /tmp/x'", /COPY is not a read statement/],
    ['a multi-statement trick', "SELECT 1; UPDATE strategies SET name = 'x'", /one statement at a time/],
    [
      'a write hidden in a CTE',
      'WITH gone AS (DELETE FROM strategies RETURNING id) SELECT count(*) FROM gone',
      /DELETE has no place in a read statement/,
    ],
    [
      'switching back to a writing role',
      "SELECT set_config('role', 'postgres', true)",
      /SQL_REFUSED: PostgreSQL refused the statement: permission denied for function set_config/,
    ],
  ];
  it.each(refusals)('refuses %s, and the table is untouched', async (_name, sql, message) => {
    const text = await run(sql);
    expectedRefusals++;
    expect(text).toMatch(/SQL_REFUSED: /);
    expect(text).toMatch(message);
    expect(await strategyCount()).toBe(75);
  });

  it('names the readable columns of a table it refused', async () => {
    expectedRefusals++;
    const text = await run('SELECT * FROM users');
    expect(text).toMatch(/permission denied for table users/);
    const hint = admin.page.getByTestId('readable-columns');
    await expect
      .poll(() => hint.textContent())
      // session_epoch (sql 007) is withheld too since the sign-in limits landed.
      .toMatch(/public\.users holds columns the console cannot read \(password_hash, session_epoch\)/);
    expect(await hint.textContent()).toContain('Readable: id, email, role');
    expect(await run('SELECT id, email, role FROM users ORDER BY id LIMIT 1')).toMatch(/SELECT · 1 row\(s\)/);
  });

  it('logged no console errors; the only failed requests were the refusals', () => {
    expect(admin.errors).toEqual([]);
    expect(admin.failed).toEqual(Array.from({ length: expectedRefusals }, () => '400 /trpc/database.sql'));
  });
});
