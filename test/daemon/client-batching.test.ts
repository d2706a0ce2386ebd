// Many calls at once through the typed client: httpBatchLink joins the procedure paths of one
// batch into the URL (/trpc/a,b,c?batch=1&input=…), which fastify once refused beyond about
// five calls (414, FST_ERR_MAX_PARAM_LENGTH).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH } from '../../daemon/src/api/client-links';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let td: TestDaemon;
beforeAll(async () => {
  td = await startTestDaemon();
});
afterAll(() => td?.stop());

/** The tRPC HTTP requests the daemon served, by method (each batch is one request). */
async function trpcRequests(method: 'GET' | 'POST'): Promise<number> {
  const metric = await td.daemon.deps.metrics.registry
    .getSingleMetric('quanttrade_trpc_calls_per_request')!
    .get();
  return metric.values
    .filter(
      (v) => (v as { metricName?: string }).metricName?.endsWith('_count') && v.labels.method === method,
    )
    .reduce((n, v) => n + v.value, 0);
}

describe('the typed client under many concurrent calls', () => {
  it('answers 50 concurrent queries made in one tick', async () => {
    const api = td.api('viewer');
    const calls = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0 ? api.system.info.query() : api.market.instruments.query({ query: `SYM${i}`, limit: 1 }),
    );
    const answers = await Promise.all(calls);
    expect(answers).toHaveLength(50);
    expect(answers.filter((a) => 'version' in a)).toHaveLength(25);
    expect(answers.filter((a) => 'items' in a || Array.isArray(a))).toHaveLength(25);
  });

  it('splits a batch whose URL would be too long into several GET requests', async () => {
    const api = td.api('viewer');
    const before = await trpcRequests('GET');
    // Each call adds about 100 characters of path and input to the URL.
    const n = Math.ceil((3 * MAX_URL_LENGTH) / 100);
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        api.market.instruments.query({ query: `LONG-${i}`.padEnd(60, 'x') }),
      ),
    );
    expect(answers).toHaveLength(n);
    const requests = (await trpcRequests('GET')) - before;
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(requests).toBeLessThan(n);
  });

  it('sends a query whose input alone would not fit in a URL as a POST', async () => {
    const api = td.api('viewer');
    const before = await trpcRequests('POST');
    // Each status adds 15 characters to the URL once percent-encoded.
    const status = Array.from({ length: Math.ceil(MAX_URL_LENGTH / 10) }, () => 'queued' as const);
    expect(await api.backtests.list.query({ status, limit: 1 })).toBeDefined();
    expect((await trpcRequests('POST')) - before).toBe(1);
  });
});
