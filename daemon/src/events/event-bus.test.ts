import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus, visibleTo } from './event-bus';
import type { BusEvent } from './event-map';

const log = pino({ level: 'silent' });

describe('event bus', () => {
  it('delivers in-process and hands cluster events, not local ones, to the remote publisher', async () => {
    const bus = createEventBus({ log, daemonId: 'a' });
    const sent: string[] = [];
    bus.setRemote(async (encoded) => void sent.push(encoded));
    const seen: BusEvent[] = [];
    const off = bus.subscribe(['auth.changed', 'jobs.enqueued'], (e) => seen.push(e));
    await bus.publish('auth.changed', { userId: 1 });
    await bus.publish('jobs.enqueued', { queue: 'risk.scan' }, { scope: 'local' });
    off();
    await bus.publish('auth.changed', { userId: 2 });
    expect(seen.map((e) => e.payload)).toEqual([{ userId: 1 }, { queue: 'risk.scan' }]);
    expect(sent.map((s) => JSON.parse(s).payload)).toEqual([{ userId: 1 }, { userId: 2 }]);
  });

  it('ignores its own events coming back from the database', () => {
    const bus = createEventBus({ log, daemonId: 'a' });
    const seen: unknown[] = [];
    bus.subscribe(['auth.changed'], (e) => seen.push(e.origin));
    const event = (origin: string) => JSON.stringify({ type: 'auth.changed', payload: {}, at: '', origin });
    bus.deliverRemote(event('a'));
    bus.deliverRemote(event('b'));
    bus.deliverRemote('not json');
    expect(seen).toEqual(['b']);
  });

  it('refuses payloads too large for NOTIFY', async () => {
    const bus = createEventBus({ log });
    await expect(bus.publish('jobs.enqueued', { queue: 'x'.repeat(8000) })).rejects.toThrow(
      /send ids, not data/,
    );
  });

  it('streams matching events until the signal aborts', async () => {
    const bus = createEventBus({ log });
    const controller = new AbortController();
    const mine = visibleTo({ id: 7, role: 'operator' });
    const received: unknown[] = [];
    const done = (async () => {
      for await (const e of bus.stream(['auth.changed'], { signal: controller.signal, filter: mine })) {
        received.push(e.payload);
        if (received.length === 2) controller.abort();
      }
    })();
    await bus.publish('auth.changed', { userId: 1 }, { ownerId: 8 });
    await bus.publish('auth.changed', { userId: 2 }, { ownerId: 7 });
    await bus.publish('auth.changed', { userId: 3 });
    await done;
    expect(received).toEqual([{ userId: 2 }, { userId: 3 }]);
  });
});
