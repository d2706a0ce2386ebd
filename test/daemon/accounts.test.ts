// Accounts over the API: API tokens (create, use, last-used, revoke), role changes and disabling
// taking effect at once, and the audit trail of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon();
});
afterAll(() => t?.stop());

async function code(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { data?: { code?: string } }) => err.data?.code,
  );
}

describe('API tokens', () => {
  it('creates a token shown once, stores only its hash, and records its use', async () => {
    const created = await t
      .api('operator')
      .tokens.create.mutate({ name: 'nightly script', expiresInDays: 30 });
    expect(created.token).toMatch(/^qtk_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));
    const stored = await t.pool.query('SELECT token_hash, prefix FROM api_tokens WHERE id = $1', [
      created.id,
    ]);
    expect(stored.rows[0].token_hash).toHaveLength(32);
    expect(JSON.stringify(stored.rows)).not.toContain(created.token.slice(12));

    const me = await t.api({ token: created.token }).auth.me.query();
    expect(me).toMatchObject({ id: t.users.operator.id, via: 'token', tokenId: created.id });
    // last_used_at is written in the background, off the request path.
    let lastUsedAt: string | null | undefined = null;
    for (let i = 0; i < 100 && !lastUsedAt; i++) {
      const listed = await t.api('operator').tokens.list.query();
      lastUsedAt = listed.find((row) => row.id === created.id)?.lastUsedAt;
      if (!lastUsedAt) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const audit = await t.pool.query(
      `SELECT actor, target FROM audit_log WHERE action = 'tokens.create' AND target = $1`,
      [`token:${created.id}`],
    );
    expect(audit.rows).toEqual([{ actor: `user:${t.users.operator.id}`, target: `token:${created.id}` }]);
  });

  it('stops accepting a revoked token at once', async () => {
    const { token, id } = await t.api('viewer').tokens.create.mutate({ name: 'short-lived' });
    expect(await code(t.api({ token }).system.health.query())).toBe('ok');
    // Another user cannot revoke it; its owner can.
    expect(await code(t.api('operator').tokens.revoke.mutate({ id }))).toBe('NOT_FOUND');
    await t.api('viewer').tokens.revoke.mutate({ id });
    expect(await code(t.api({ token }).system.health.query())).toBe('UNAUTHORIZED');
  });
});

describe('user administration', () => {
  it('creates a user with a generated password that works once shown', async () => {
    const { user, generatedPassword } = await t
      .api('admin')
      .users.create.mutate({ email: 'New.Hire@Example.com', role: 'viewer' });
    expect(user).toMatchObject({ email: 'new.hire@example.com', role: 'viewer' });
    const login = await t
      .api()
      .auth.login.mutate({ email: 'new.hire@example.com', password: generatedPassword! });
    expect(login.user.id).toBe(user.id);
    expect(
      await code(t.api('admin').users.create.mutate({ email: 'new.hire@example.com', role: 'viewer' })),
    ).toBe('CONFLICT');
  });

  it('applies a role change and a disable to existing sessions and tokens at once', async () => {
    const { user } = await t.api('admin').users.create.mutate({
      email: 'mover@example.com',
      role: 'viewer',
      password: 'mover password 123',
    });
    const { token: session } = await t
      .api()
      .auth.login.mutate({ email: 'mover@example.com', password: 'mover password 123' });
    expect(await code(t.api({ token: session }).users.list.query())).toBe('FORBIDDEN');
    await t.api('admin').users.setRole.mutate({ id: user.id, role: 'admin' });
    expect(await code(t.api({ token: session }).users.list.query())).toBe('ok');
    await t.api('admin').users.disable.mutate({ id: user.id });
    expect(await code(t.api({ token: session }).auth.me.query())).toBe('UNAUTHORIZED');
    expect(
      await code(t.api().auth.login.mutate({ email: 'mover@example.com', password: 'mover password 123' })),
    ).toBe('UNAUTHORIZED');
    const actions = await t.pool.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [
      `user:${user.id}`,
    ]);
    expect(actions.rows.map((r) => r.action)).toEqual(['users.create', 'users.set_role', 'users.disable']);
  });

  it('does not let an admin lock themselves out', async () => {
    expect(await code(t.api('admin').users.disable.mutate({ id: t.users.admin.id }))).toBe('CONFLICT');
  });

  it('lists every procedure for the API explorer', async () => {
    const procedures = await t.api('viewer').system.procedures.query();
    expect(procedures.find((p) => p.path === 'auth.login')).toMatchObject({
      type: 'mutation',
      role: 'public',
    });
  });
});
