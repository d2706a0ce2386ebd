// Login limits under concurrency: every attempt is counted before its password is checked, so
// 200 parallel requests or one batch of many calls get no more guesses than the limit allows,
// and a right password sent after them is refused like any other attempt. A batch larger than
// the API's maximum is refused as a whole, before any call runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_SIZE } from '../../daemon/src/api/client-links';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { countBy, outcomes, rawBatch, rawCall } from './support/raw-trpc';

let t: TestDaemon;

beforeAll(async () => {
  // The per-address limit is set high here so that the per-account limit is what is measured;
  // the last test measures the per-address limit with addresses of its own (trust proxy).
  t = await startTestDaemon({
    config: { loginMaxFailures: 5, loginMaxFailuresPerAddress: 100_000, trustProxy: true },
  });
});
afterAll(() => t?.stop());

async function passwordChecks(email: string): Promise<number> {
  const { rows } = await t.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND actor = $1",
    [email],
  );
  return rows[0]!.n;
}

async function addUser(email: string): Promise<void> {
  await t.api('admin').users.create.mutate({ email, role: 'viewer', password: 'the right password 1' });
}

describe('login limits under concurrency', () => {
  it('200 parallel wrong passwords to one account get at most the limit of guesses', async () => {
    const email = 'parallel@test.local';
    await addUser(email);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rawCall(t.url, 'auth.login', { email, password: `guess number ${i}` }),
      ),
    );
    const counts = countBy(answers.flatMap(outcomes));
    expect((counts.UNAUTHORIZED ?? 0) + (counts.TOO_MANY_REQUESTS ?? 0)).toBe(200);
    expect(counts.UNAUTHORIZED ?? 0).toBeLessThanOrEqual(5);
    expect(await passwordChecks(email)).toBeLessThanOrEqual(5);
    const right = await rawCall(t.url, 'auth.login', { email, password: 'the right password 1' });
    expect(outcomes(right)[0]!.code).toBe('TOO_MANY_REQUESTS');
  });

  it('a batch of the maximum size counts its calls one by one: the right password at the end is refused', async () => {
    const email = 'batched@test.local';
    await addUser(email);
    const inputs = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => ({
      email,
      password: i === MAX_BATCH_SIZE - 1 ? 'the right password 1' : `guess number ${i}`,
    }));
    const answer = await rawBatch(t.url, 'auth.login', inputs);
    const each = outcomes(answer);
    expect(each).toHaveLength(MAX_BATCH_SIZE);
    expect(each.filter((o) => o.code === 'ok')).toEqual([]);
    expect(countBy(each).UNAUTHORIZED ?? 0).toBeLessThanOrEqual(5);
    expect(await passwordChecks(email)).toBeLessThanOrEqual(5);
  });

  it('refuses a 600-call batch as a whole, before any call runs', async () => {
    const email = 'huge-batch@test.local';
    await addUser(email);
    const inputs = Array.from({ length: 600 }, (_, i) => ({
      email,
      password: i === 599 ? 'the right password 1' : `guess number ${i}`,
    }));
    const answer = await rawBatch(t.url, 'auth.login', inputs);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(`at most ${MAX_BATCH_SIZE} calls`);
    expect(answer.text).not.toContain('"token"');
    expect(await passwordChecks(email)).toBe(0);
  });

  it('200 parallel guesses on different accounts from one address get at most the address limit', async () => {
    const limited = await startTestDaemon({
      database: t.database,
      config: { loginMaxFailures: 5, loginMaxFailuresPerAddress: 20, trustProxy: true },
    });
    try {
      const address = '203.0.113.77';
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          rawCall(
            limited.url,
            'auth.login',
            { email: `nobody${i}@spray.test`, password: 'spray spray' },
            { headers: { 'x-forwarded-for': address } },
          ),
        ),
      );
      const counts = countBy(answers.flatMap(outcomes));
      expect(counts.UNAUTHORIZED ?? 0).toBeLessThanOrEqual(20);
      expect(counts.TOO_MANY_REQUESTS ?? 0).toBeGreaterThanOrEqual(180);
      const { rows } = await t.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND ip = $1::inet",
        [address],
      );
      expect(rows[0]!.n).toBeLessThanOrEqual(20);
    } finally {
      await limited.stop();
    }
  });
});
