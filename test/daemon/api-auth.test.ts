// The role guard and error mapping through the real server and the typed client.
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../daemon/src/api/router';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon();
});
afterAll(() => t?.stop());

async function failure(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCClientError);
  return err as TRPCClientError<AppRouter>;
}

describe('API auth', () => {
  it('answers system.info without a token', async () => {
    const info = await t.api().system.info.query();
    expect(info.name).toBe('quanttrade');
    expect(info.databaseMode).toBe('external');
    expect(info.roles).toEqual(['api', 'worker', 'scheduler', 'trader']);
  });

  it('answers plain HTTP callers with whole JSON bodies', async () => {
    const response = await fetch(`${t.url}/trpc/system.info`);
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    expect(((await response.json()) as { result: { data: { name: string } } }).result.data.name).toBe(
      'quanttrade',
    );
  });

  it('refuses a viewer procedure without a token (UNAUTHORIZED, 401)', async () => {
    const err = await failure(t.api().system.health.query());
    expect(err.data?.code).toBe('UNAUTHORIZED');
    expect(err.data?.httpStatus).toBe(401);
    expect(err.message).toMatch(/system\.health needs a token/);
  });

  it('refuses a forged or revoked token', async () => {
    const err = await failure(t.api({ token: 'qtk_not-a-real-token-at-all' }).system.health.query());
    expect(err.data?.code).toBe('UNAUTHORIZED');
    expect(err.message).toMatch(/invalid, expired or revoked/);
  });

  it('refuses a viewer calling an admin procedure (FORBIDDEN, 403)', async () => {
    const err = await failure(t.api('viewer').users.list.query());
    expect(err.data?.code).toBe('FORBIDDEN');
    expect(err.data?.httpStatus).toBe(403);
    expect(err.message).toBe('users.list needs the admin role; you are viewer');
  });

  it('lets each role through at or above its level', async () => {
    expect((await t.api('viewer').system.health.query()).checks.database?.status).toBe('ok');
    const users = await t.api('admin').users.list.query();
    expect(users.map((u) => u.email)).toContain('viewer@test.local');
  });

  it('logs in with the right password and refuses a wrong one', async () => {
    const logins = async () =>
      (
        await t.pool.query(
          "SELECT actor, actor_user_id, target, ip FROM audit_log WHERE action = 'auth.login' AND actor_user_id = $1",
          [t.users.operator.id],
        )
      ).rows;
    expect(await logins()).toEqual([]);
    const ok = await t
      .api()
      .auth.login.mutate({ email: 'operator@test.local', password: t.users.operator.password });
    expect(ok.token).toMatch(/^qts\./);
    // A successful login is audited as the user, with the client address.
    expect(await logins()).toEqual([
      {
        actor: `user:${t.users.operator.id}`,
        actor_user_id: t.users.operator.id,
        target: null,
        ip: '127.0.0.1',
      },
    ]);
    const me = await t.api({ token: ok.token }).auth.me.query();
    expect(me).toMatchObject({ id: t.users.operator.id, role: 'operator', via: 'session' });

    const err = await failure(
      t.api().auth.login.mutate({ email: 'operator@test.local', password: 'wrong password!' }),
    );
    expect(err.data?.code).toBe('UNAUTHORIZED');
    expect(err.message).toBe('wrong email or password');
    const { rows } = await t.pool.query(
      "SELECT action, details->>'reason' AS reason FROM audit_log WHERE actor = 'operator@test.local' ORDER BY id",
    );
    expect(rows).toEqual([{ action: 'auth.login_failed', reason: 'wrong password' }]);
  });

  it('answers bad input with BAD_REQUEST naming field, value and expectation', async () => {
    const err = await failure(
      t.api('admin').users.create.mutate({ email: 'not-an-email', role: 'boss' as 'viewer' }),
    );
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('email: got "not-an-email", expected an email address');
    expect(err.message).toContain('role: got "boss", expected one of "viewer", "operator", "admin"');
    expect(err.data?.issues).toContainEqual({
      path: 'role',
      value: 'boss',
      expected: 'one of "viewer", "operator", "admin"',
    });
  });

  it('never echoes a password in an input error', async () => {
    const err = await failure(
      t.api('viewer').auth.changePassword.mutate({ currentPassword: 'x', newPassword: 'short' }),
    );
    expect(err.message).toContain('newPassword: got "(hidden)", expected a string of length >= 12');
    expect(err.message).not.toContain('short');
  });
});
