// Labels taken from requests stay within fixed sets: 5,000 requests to distinct made-up tRPC
// paths, plain paths and odd methods leave /metrics about as large as before, with `unknown`
// for what is not a procedure; a batch is observed once per procedure it calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon();
});
afterAll(() => t?.stop());

async function metricsText(): Promise<string> {
  return (await fetch(`${t.url}/metrics`)).text();
}

function routes(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/quanttrade_http_request_duration_seconds_count\{route="([^"]*)"/g)].map((m) => m[1]!),
  );
}

describe('metric label cardinality', () => {
  it('does not grow with made-up paths and methods', async () => {
    await fetch(`${t.url}/trpc/system.info`);
    const before = await metricsText();
    for (let round = 0; round < 50; round++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const n = round * 100 + i;
          if (n % 3 === 0) return fetch(`${t.url}/trpc/made.up.procedure${n}`);
          if (n % 3 === 1) return fetch(`${t.url}/trpc/system.info,bogus${n}?batch=1&input={}`);
          return fetch(`${t.url}/no/such/page/${n}`, { method: n % 2 ? 'DELETE' : 'GET' });
        }),
      );
    }
    const after = await metricsText();
    expect(after.length).toBeLessThan(before.length + 20_000);
    const seen = routes(after);
    expect([...seen].filter((r) => /\d{2,}|bogus|made\.up|no\/such/.test(r))).toEqual([]);
    expect(seen).toContain('/trpc/unknown');
    expect(seen).toContain('/trpc/system.info');
  }, 120_000);

  it('observes a batch once per procedure it calls', async () => {
    const count = async (route: string) => {
      const m = new RegExp(
        `quanttrade_http_request_duration_seconds_count\\{route="${route.replace(/\./g, '\\.')}",method="GET",status="200"\\} (\\d+)`,
      ).exec(await metricsText());
      return Number(m?.[1] ?? 0);
    };
    const [info, procedures] = [await count('/trpc/system.info'), await count('/trpc/system.procedures')];
    const answer = await fetch(`${t.url}/trpc/system.info,system.procedures,system.info?batch=1&input={}`, {
      headers: { authorization: `Bearer ${t.users.viewer.token}` },
    });
    expect(answer.status).toBe(200);
    expect(await count('/trpc/system.info')).toBe(info + 2);
    expect(await count('/trpc/system.procedures')).toBe(procedures + 1);
  });
});
