// Jobs across a database outage, in process: the daemon reaches PostgreSQL through a TCP proxy
// that the test cuts and restores. A job that finishes while the database is away is recorded as
// completed once it is back (not left "active" until its expiry, and no unhandled rejection from
// the queue's completion call); a job that fails while it is away is retried and then completes.
// Readiness says 503 during the outage and 200 after, without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHandlerFactory } from '../../daemon/src/jobs/job-handler';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { startTcpProxy, viaProxy, type TcpProxy } from '../support/tcp-proxy';
import { until } from './support/until';

let database: TestDatabase;
let proxy: TcpProxy;
let t: TestDaemon;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

/** A handler that runs until the test releases it: resolve (complete) or reject (fail). */
const gates = new Map<string, { release: (ok: boolean) => void }>();
const runs: string[] = [];
const handler: JobHandlerFactory = () => ({
  queue: 'risk.scan',
  pollingIntervalSeconds: 1,
  handle: (_data, { jobId }) =>
    new Promise((resolve, reject) => {
      runs.push(jobId);
      gates.set(jobId, {
        release: (ok) => (ok ? resolve({ done: true }) : reject(new Error('the work failed'))),
      });
    }),
});

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  t = await startTestDaemon({
    database: { ...database, url: viaProxy(database.url, proxy) },
    handlers: [handler],
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  proxy?.restore();
  for (const g of gates.values()) g.release(true);
  await t?.stop();
  await proxy?.close();
  await database?.drop();
});

async function jobState(id: string): Promise<{ state: string; retry_count: number } | undefined> {
  const { rows } = await database.pool.query<{ state: string; retry_count: number }>(
    'SELECT state, retry_count FROM pgboss.job WHERE id = $1',
    [id],
  );
  return rows[0];
}

async function readyz(): Promise<number> {
  return (await fetch(`${t.url}/readyz`)).status;
}

describe('jobs across a database outage', () => {
  it('a job that finishes while the database is away is completed once it is back', async () => {
    const id = await t.daemon.deps.jobs.enqueue('risk.scan', {});
    await until(async () => gates.has(id), Boolean);
    proxy.cut();
    expect(await until(readyz, (s) => s === 503)).toBe(503);
    gates.get(id)!.release(true);
    // Long enough for the queue's completion call to have failed against the dead proxy.
    await new Promise((r) => setTimeout(r, 1500));
    proxy.restore();
    expect(await until(readyz, (s) => s === 200, 30_000)).toBe(200);
    expect(
      await until(
        () => jobState(id),
        (j) => j?.state === 'completed',
        30_000,
      ),
    ).toMatchObject({
      state: 'completed',
    });
    expect(runs.filter((r) => r === id)).toHaveLength(1);
    expect(unhandled).toEqual([]);
  }, 120_000);

  it('a job that fails while the database is away is retried, then completes', async () => {
    const id = await t.daemon.deps.jobs.enqueue('risk.scan', {});
    await until(async () => gates.has(id), Boolean);
    proxy.cut();
    gates.get(id)!.release(false);
    gates.delete(id);
    await new Promise((r) => setTimeout(r, 1500));
    proxy.restore();
    // risk.scan retries after 10 s (queues.ts); the second run is released as it starts.
    const second = await until(
      async () => gates.get(id),
      (g) => g !== undefined,
      40_000,
    );
    second!.release(true);
    expect(
      await until(
        () => jobState(id),
        (j) => j?.state === 'completed',
        30_000,
      ),
    ).toMatchObject({
      state: 'completed',
      retry_count: 1,
    });
    expect(runs.filter((r) => r === id)).toHaveLength(2);
    expect(unhandled).toEqual([]);
  }, 120_000);
});
