// /healthz, /readyz and /metrics, with the database reachable, cut off, and back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { startTcpProxy, viaProxy, type TcpProxy } from '../support/tcp-proxy';

let database: TestDatabase;
let proxy: TcpProxy;
let t: TestDaemon;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  // The daemon reaches the database only through the proxy; the test's own pool does not.
  t = await startTestDaemon({
    database: { ...database, url: viaProxy(database.url, proxy) },
    config: { metricsToken: 'a-metrics-token-of-some-length' },
  });
});
afterAll(async () => {
  proxy?.restore();
  await t?.stop();
  await proxy?.close();
  await database?.drop();
});

async function readyz(): Promise<{ status: number; body: { ready: boolean; notReady: string[] } }> {
  const response = await fetch(`${t.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; notReady: string[] } };
}

async function until<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('readiness', () => {
  it('is alive and ready with the database up', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await readyz();
    expect(ready).toEqual({ status: 200, body: expect.objectContaining({ ready: true, notReady: [] }) });
  });

  it('answers 503 naming the database when it is unreachable, and 200 once it is back', async () => {
    proxy.cut();
    const down = await until(readyz, (r) => r.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.ready).toBe(false);
    expect(down.body.notReady).toContain('database');
    // Liveness does not depend on the database.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    proxy.restore();
    const back = await until(readyz, (r) => r.status === 200);
    expect(back.body).toMatchObject({ ready: true, notReady: [] });
    // The event listener reconnects by itself too.
    const health = await until(
      () => t.daemon.deps.health.check(),
      (h) => h.checks.events?.status === 'ok',
    );
    expect(health.checks.events).toEqual({ status: 'ok' });
  });
});

describe('/metrics', () => {
  it('requires the metrics token when one is configured', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${t.url}/metrics`, {
      headers: { authorization: 'Bearer wrong-token-wrong-token' },
    });
    expect(wrong.status).toBe(401);
  });

  it('exports process, HTTP, pool and queue metrics, all prefixed quanttrade_', async () => {
    await fetch(`${t.url}/healthz`);
    const response = await fetch(`${t.url}/metrics`, {
      headers: { authorization: 'Bearer a-metrics-token-of-some-length' },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!);
    expect(names.filter((n) => !n.startsWith('quanttrade_'))).toEqual([]);
    expect(text).toMatch(
      /quanttrade_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\} \d+/,
    );
    expect(text).toMatch(/quanttrade_jobs_queued\{queue="backtest.run"\} 0/);
    expect(text).toMatch(/quanttrade_db_pool_max_connections \d+/);
    expect(text).toContain('quanttrade_nodejs_eventloop_lag_seconds');
  });
});
