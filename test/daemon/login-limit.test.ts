// Login rate limiting per account and per client address, counted in audit_log.
import type { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../daemon/src/api/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon({ config: { loginMaxFailures: 3, loginMaxFailuresPerAddress: 6 } });
});
afterAll(() => t?.stop());

async function login(email: string, password: string): Promise<string> {
  try {
    await t.api().auth.login.mutate({ email, password });
    return 'ok';
  } catch (err) {
    return (err as TRPCClientError<AppRouter>).data?.code ?? String(err);
  }
}

describe('login rate limit', () => {
  it('locks an account after too many failures, even for the right password', async () => {
    const { email, password } = t.users.viewer;
    expect(await login(email, password)).toBe('ok');
    for (let i = 0; i < 3; i++) expect(await login(email, 'not the password')).toBe('UNAUTHORIZED');
    expect(await login(email, password)).toBe('TOO_MANY_REQUESTS');
    const err = await t
      .api()
      .auth.login.mutate({ email, password })
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(/too many failed logins; try again in \d+ s/);
    // Another account is not affected by this one's failures.
    expect(await login(t.users.operator.email, t.users.operator.password)).toBe('ok');
    const { rows } = await t.pool.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE actor = $1 GROUP BY action ORDER BY action`,
      [email],
    );
    expect(rows).toEqual([
      { action: 'auth.login_failed', n: 3 },
      { action: 'auth.login_limited', n: 2 },
    ]);
  });

  it('locks the client address after too many failures across accounts', async () => {
    // 3 failures so far from this address; 3 more on unknown accounts reach the limit of 6.
    for (const who of ['a@x.test', 'b@x.test', 'c@x.test'])
      expect(await login(who, 'guess')).toBe('UNAUTHORIZED');
    expect(await login(t.users.admin.email, t.users.admin.password)).toBe('TOO_MANY_REQUESTS');
    const { rows } = await t.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND ip = '127.0.0.1'`,
    );
    expect(rows[0].n).toBe(6);
  });
});
