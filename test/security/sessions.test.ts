// Sessions end with the credential they came from: a session minted from an API token dies when
// the token is revoked (and cannot be refreshed past it), a password change ends the user's other
// sessions, a session cannot be refreshed forever, and tokens are parsed strictly. Password
// changes are limited like sign-ins, and API token creation is capped, both under concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSigner, loadSigningKey } from '../../daemon/src/api/auth/session-tokens';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { countBy, outcomes, rawBatch, rawCall } from './support/raw-trpc';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon({ config: { loginMaxFailures: 5 } });
});
afterAll(() => t?.stop());

async function code(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { data?: { code?: string } }) => err.data?.code,
  );
}

async function newUser(email: string, password = 'original password 1'): Promise<number> {
  const { user } = await t.api('admin').users.create.mutate({ email, role: 'operator', password });
  return user.id;
}

async function signIn(email: string, password = 'original password 1'): Promise<string> {
  return (await t.api().auth.login.mutate({ email, password })).token;
}

describe('sessions die with their credential', () => {
  it('a session minted from an API token ends when the token is revoked, and cannot be refreshed', async () => {
    const { token, id } = await t.api('viewer').tokens.create.mutate({ name: 'minting' });
    const session = (await t.api({ token }).auth.refresh.mutate()).token;
    const again = (await t.api({ token: session }).auth.refresh.mutate()).token;
    expect(await code(t.api({ token: again }).auth.me.query())).toBe('ok');
    await t.api('viewer').tokens.revoke.mutate({ id });
    for (const s of [session, again]) {
      expect(await code(t.api({ token: s }).auth.me.query())).toBe('UNAUTHORIZED');
      expect(await code(t.api({ token: s }).auth.refresh.mutate())).toBe('UNAUTHORIZED');
    }
  });

  it('a password change ends every other session of the user and keeps the caller signed in', async () => {
    const email = 'changer@test.local';
    await newUser(email);
    const [first, second] = [await signIn(email), await signIn(email)];
    const { token: apiToken } = await t.api({ token: first }).tokens.create.mutate({ name: 'survives' });
    const changed = await t.api({ token: first }).auth.changePassword.mutate({
      currentPassword: 'original password 1',
      newPassword: 'a brand new password',
    });
    expect(changed.session?.token).toMatch(/^qts\./);
    expect(await code(t.api({ token: second }).auth.me.query())).toBe('UNAUTHORIZED');
    expect(await code(t.api({ token: first }).auth.me.query())).toBe('UNAUTHORIZED');
    expect(await code(t.api({ token: changed.session!.token }).auth.me.query())).toBe('ok');
    // API tokens are their own credentials: revoked only by revoking them.
    expect(await code(t.api({ token: apiToken }).auth.me.query())).toBe('ok');
    expect(await code(t.api().auth.login.mutate({ email, password: 'original password 1' }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await code(t.api().auth.login.mutate({ email, password: 'a brand new password' }))).toBe('ok');
  });

  it('refuses to refresh a session signed in more than 7 days ago', async () => {
    const signer = createSessionSigner(await loadSigningKey(t.pool));
    const eightDaysAgo = Math.floor(Date.now() / 1000) - 8 * 24 * 3600;
    const { token } = signer.sign({ uid: t.users.viewer.id, ep: 0, auth: eightDaysAgo }, 3600);
    expect(await code(t.api({ token }).auth.me.query())).toBe('ok');
    expect(await code(t.api({ token }).auth.refresh.mutate())).toBe('UNAUTHORIZED');
  });

  it('parses tokens strictly: extra segments, padding or characters are refused', async () => {
    const session = await signIn(t.users.viewer.email, t.users.viewer.password);
    expect(await code(t.api({ token: session }).auth.me.query())).toBe('ok');
    const apiToken = t.users.viewer.token;
    for (const forged of [
      `${session}.extra`,
      `${session}.`,
      `${session}=`,
      `${session}.a.b.c`,
      `${apiToken}x`,
      `${apiToken}.suffix`,
      apiToken.slice(0, -1),
    ]) {
      expect(await code(t.api({ token: forged }).auth.me.query()), forged).toBe('UNAUTHORIZED');
    }
  });
});

describe('password change attempts are limited', () => {
  it('200 parallel wrong current passwords get at most the limit of checks; the right one is refused after', async () => {
    const email = 'guessed@test.local';
    await newUser(email);
    const session = await signIn(email);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rawCall(
          t.url,
          'auth.changePassword',
          { currentPassword: `guess ${i}`, newPassword: 'a brand new password' },
          { token: session },
        ),
      ),
    );
    const counts = countBy(answers.flatMap(outcomes));
    expect(counts.UNAUTHORIZED ?? 0).toBeLessThanOrEqual(5);
    expect(counts.TOO_MANY_REQUESTS ?? 0).toBeGreaterThanOrEqual(195);
    const right = await rawCall(
      t.url,
      'auth.changePassword',
      { currentPassword: 'original password 1', newPassword: 'a brand new password' },
      { token: session },
    );
    expect(outcomes(right)[0]!.code).toBe('TOO_MANY_REQUESTS');
    expect(await code(t.api().auth.login.mutate({ email, password: 'original password 1' }))).toBe('ok');
  });

  it('refuses a 600-call batch of password changes whole, checking no password', async () => {
    const email = 'batch-changer@test.local';
    const id = await newUser(email);
    const session = await signIn(email);
    const inputs = Array.from({ length: 600 }, (_, i) => ({
      currentPassword: i === 599 ? 'original password 1' : `guess ${i}`,
      newPassword: 'a brand new password',
    }));
    const answer = await rawBatch(t.url, 'auth.changePassword', inputs, { token: session });
    expect(answer.status).toBe(400);
    const { rows } = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM auth_attempts WHERE kind = 'password' AND subject = $1`,
      [`user:${id}`],
    );
    expect(rows[0]!.n).toBe(0);
    expect(await code(t.api().auth.login.mutate({ email, password: 'original password 1' }))).toBe('ok');
  });
});

describe('API token creation is capped', () => {
  it('200 parallel creations leave at most 100 live tokens; a 600-call batch creates none', async () => {
    const email = 'tokens@test.local';
    await newUser(email);
    const session = await signIn(email);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rawCall(t.url, 'tokens.create', { name: `t${i}` }, { token: session }),
      ),
    );
    const counts = countBy(answers.flatMap(outcomes));
    expect(counts).toEqual({ ok: 100, CONFLICT: 100 });
    const batch = await rawBatch(
      t.url,
      'tokens.create',
      Array.from({ length: 600 }, (_, i) => ({ name: `b${i}` })),
      { token: session },
    );
    expect(batch.status).toBe(400);
    const { rows } = await t.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1',
      [email],
    );
    expect(rows[0]!.n).toBe(100);
  });
});
