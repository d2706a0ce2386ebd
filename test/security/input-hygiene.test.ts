// Input that once got a 500: NUL characters (PostgreSQL cannot store them), garbage in
// X-Forwarded-For behind a trusted proxy, subscriptions to a missing or someone else's id (which
// also filled every viewer's system.recentErrors), deep nesting, and a 1 MB value echoed back
// four times over. Each now gets a 4xx with a clear, bounded message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { rawCall } from './support/raw-trpc';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon({ config: { trustProxy: true } });
});
afterAll(() => t?.stop());

function errorOf(body: unknown): { message: string; data: { code: string; httpStatus: number } } {
  return (body as { error: { message: string; data: { code: string; httpStatus: number } } }).error;
}

describe('NUL characters', () => {
  const cases: [string, string, unknown, 'GET' | 'POST'][] = [
    ['market.instruments', 'viewer', { query: 'TC\u0000S' }, 'GET'],
    ['tokens.create', 'viewer', { name: 'nul\u0000name' }, 'POST'],
    [
      'strategies.create',
      'operator',
      {
        name: 'nul\u0000strategy',
        template: 'sma-cross',
        params: { fast: 10, slow: 30, size: 10 },
        universe: { symbols: ['TCS'], timeframe: '1d' },
      },
      'POST',
    ],
    ['market.import', 'operator', { symbol: 'TCS', csv: 'Date,Open\u0000\n', timeframe: '1d' }, 'POST'],
    ['market.import', 'operator', { symbol: 'T\u0000CS', csv: 'Date,Open\n', timeframe: '1d' }, 'POST'],
    ['auth.login', 'anonymous', { email: 'a\u0000@b.c', password: 'x' }, 'POST'],
  ];
  it.each(cases)('%s (%s) answers 400 naming the field', async (path, who, input, method) => {
    const token = who === 'anonymous' ? undefined : t.users[who as 'viewer'].token;
    const answer = await rawCall(t.url, path, input, { token, method });
    expect(answer.status, answer.text).toBe(400);
    expect(errorOf(answer.body).message).toMatch(/NUL/);
  });
});

describe('X-Forwarded-For behind a trusted proxy', () => {
  it('takes the peer address when the header is not an address, and audits the attempt', async () => {
    const answer = await rawCall(
      t.url,
      'auth.login',
      { email: 'xff@test.local', password: 'wrong password' },
      { headers: { 'x-forwarded-for': 'garbage, more garbage' } },
    );
    expect(answer.status).toBe(401);
    const { rows } = await t.pool.query(
      "SELECT host(ip) AS ip FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'xff@test.local'",
    );
    expect(rows).toEqual([{ ip: '127.0.0.1' }]);
  });
});

describe('subscriptions to a missing or foreign id', () => {
  async function firstError(subscribe: (onError: (err: unknown) => void) => { unsubscribe(): void }) {
    return new Promise<{ data?: { code?: string }; message: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no error within 10 s')), 10_000);
      const sub = subscribe((err) => {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(err as { data?: { code?: string }; message: string });
      });
    });
  }

  it('answers NOT_FOUND and logs no error for everyone to read', async () => {
    const before = (await t.api('admin').system.recentErrors.query()).length;
    const foreign = await t.api('operator2').market.import.mutate({
      symbol: 'THEIRS',
      csv: 'Date,Open,High,Low,Close,Volume\n2025-01-06,1,2,1,2,100\n',
      timeframe: '1d',
    });
    const operator = t.client('operator').api;
    const cases = [
      (onError: (e: unknown) => void) => operator.backtests.progress.subscribe({ id: 987654 }, { onError }),
      (onError: (e: unknown) => void) =>
        operator.market.ingestProgress.subscribe({ id: 987654 }, { onError }),
      (onError: (e: unknown) => void) =>
        operator.market.ingestProgress.subscribe({ id: foreign.ingestId }, { onError }),
    ];
    for (const subscribe of cases) {
      const err = await firstError(subscribe);
      expect(err.data?.code).toBe('NOT_FOUND');
      expect(err.message).toMatch(/does not exist/);
    }
    expect((await t.api('admin').system.recentErrors.query()).length).toBe(before);
  });
});

describe('bounded answers', () => {
  it('echoes a bounded prefix of a 1 MB value', async () => {
    const answer = await rawCall(t.url, 'auth.login', { email: 'x'.repeat(1_000_000), password: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(4000);
  });

  it('refuses input nested too deep with a 400', async () => {
    // Built as text: JSON.stringify itself cannot nest 100,000 levels.
    const rawBody = `{"name":${'['.repeat(100_000)}"leaf"${']'.repeat(100_000)}}`;
    const answer = await rawCall(t.url, 'tokens.create', undefined, { token: t.users.viewer.token, rawBody });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(4000);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
