// Subscriptions over WebSocket and the cross-daemon event bus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemEvent } from '../../daemon/src/api/routers/system';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let a: TestDaemon;
let b: TestDaemon;

beforeAll(async () => {
  a = await startTestDaemon({ heartbeatMs: 200 });
  // A second daemon on the same database: events cross through LISTEN/NOTIFY.
  b = await startTestDaemon({ database: a.database, heartbeatMs: 200, config: { roles: ['api'] } });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

function collect(t: TestDaemon, count: number): Promise<SystemEvent[]> {
  return new Promise((resolve, reject) => {
    const events: SystemEvent[] = [];
    const sub = t.api('viewer').system.events.subscribe(undefined, {
      onData(event) {
        events.push(event);
        if (events.length >= count) {
          sub.unsubscribe();
          resolve(events);
        }
      },
      onError: reject,
    });
  });
}

describe('system.events', () => {
  it('streams the current state, then heartbeats, over WebSocket', async () => {
    const events = await collect(a, 4);
    expect(events[0]!.type).toBe('system.heartbeat');
    expect(events[1]).toMatchObject({
      type: 'system.health',
      payload: { checks: { database: { status: 'ok' } } },
    });
    const beats = events.filter((e) => e.type === 'system.heartbeat');
    expect(beats.length).toBeGreaterThanOrEqual(2);
    const beat = beats.at(-1)!.payload as { heapUsedBytes: number; queues: { queue: string }[] };
    expect(beat.heapUsedBytes).toBeGreaterThan(0);
    expect(beat.queues.map((q) => q.queue)).toContain('backtest.run');
  });

  it('refuses an anonymous subscription', async () => {
    const error = await new Promise<Error>((resolve) => {
      a.api().system.events.subscribe(undefined, { onData: () => undefined, onError: resolve });
    });
    expect(error.message).toMatch(/system\.events needs a token/);
  });

  it('delivers cluster events published on one daemon to subscribers on another', async () => {
    const received = new Promise<unknown>((resolve) => {
      const off = b.daemon.deps.bus.subscribe(['auth.changed'], (event) => {
        off();
        resolve(event);
      });
    });
    await a.daemon.deps.bus.publish('auth.changed', { userId: 42 });
    expect(await received).toMatchObject({
      type: 'auth.changed',
      payload: { userId: 42 },
      origin: a.daemon.deps.bus.daemonId,
    });
  });
});
