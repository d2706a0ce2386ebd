// A typed publish/subscribe bus. In-process delivery is synchronous; events published with
// scope 'cluster' (the default) also go through PostgreSQL NOTIFY so that subscribers on every
// daemon sharing the database receive them (events/pg-bridge.ts). tRPC subscriptions consume it
// through `stream()`.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../core/errors';
import type { BusEvent, EventMap, EventType } from './event-map';

/** NOTIFY payloads must stay under 8000 bytes; keep headroom for the envelope. */
export const MAX_PAYLOAD_BYTES = 7000;

export interface PublishOptions {
  ownerId?: number;
  /** 'local' events stay in this daemon (heartbeats). Default: 'cluster'. */
  scope?: 'local' | 'cluster';
}

export interface StreamOptions<K extends EventType> {
  signal?: AbortSignal;
  filter?: (event: BusEvent<K>) => boolean;
  /** Events kept for a slow consumer before the oldest are dropped. */
  bufferSize?: number;
}

export type Listener<K extends EventType> = (event: BusEvent<K>) => void;

/** Sends an encoded event to the other daemons (the PostgreSQL bridge). */
export type RemotePublisher = (encoded: string) => Promise<void>;

export interface EventBus {
  readonly daemonId: string;
  publish<K extends EventType>(type: K, payload: EventMap[K], options?: PublishOptions): Promise<void>;
  subscribe<K extends EventType>(types: readonly K[], listener: Listener<K>): () => void;
  stream<K extends EventType>(types: readonly K[], options?: StreamOptions<K>): AsyncIterable<BusEvent<K>>;
  /** Delivers an event that arrived from another daemon. */
  deliverRemote(encoded: string): void;
  setRemote(publisher: RemotePublisher | undefined): void;
}

/** Whether a user may see an event: their own, ownerless ones, or everything for admins. */
export function visibleTo(viewer: { id: number; role: string }) {
  return (event: BusEvent): boolean =>
    event.ownerId === undefined || viewer.role === 'admin' || event.ownerId === viewer.id;
}

export function createEventBus(options: { log: Logger; daemonId?: string }): EventBus {
  const daemonId = options.daemonId ?? randomUUID();
  const log = options.log;
  const listeners = new Map<EventType, Set<Listener<EventType>>>();
  let remote: RemotePublisher | undefined;

  function deliver(event: BusEvent): void {
    for (const listener of listeners.get(event.type) ?? []) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err, event: event.type }, 'event listener failed');
      }
    }
  }

  return {
    daemonId,
    async publish(type, payload, opts = {}) {
      const event: BusEvent = {
        type,
        payload,
        ownerId: opts.ownerId,
        at: new Date().toISOString(),
        origin: daemonId,
      };
      const encoded = JSON.stringify(event);
      if (Buffer.byteLength(encoded) > MAX_PAYLOAD_BYTES) {
        throw new AppError(
          'INVARIANT_BROKEN',
          `event ${type} is ${Buffer.byteLength(encoded)} bytes; send ids, not data`,
        );
      }
      deliver(event);
      if ((opts.scope ?? 'cluster') === 'cluster' && remote) {
        await remote(encoded).catch((err: Error) =>
          log.warn({ err: err.message, event: type }, 'event not sent to other daemons'),
        );
      }
    },
    subscribe(types, listener) {
      for (const type of types) {
        if (!listeners.has(type)) listeners.set(type, new Set());
        listeners.get(type)!.add(listener as Listener<EventType>);
      }
      return () => {
        for (const type of types) listeners.get(type)?.delete(listener as Listener<EventType>);
      };
    },
    stream(types, opts = {}) {
      return streamEvents(this, types, opts);
    },
    deliverRemote(encoded) {
      let event: BusEvent;
      try {
        event = JSON.parse(encoded) as BusEvent;
      } catch {
        log.warn('ignoring an unparseable event from another daemon');
        return;
      }
      if (event.origin === daemonId || typeof event.type !== 'string') return;
      deliver(event);
    },
    setRemote(publisher) {
      remote = publisher;
    },
  };
}

async function* streamEvents<K extends EventType>(
  bus: EventBus,
  types: readonly K[],
  opts: StreamOptions<K>,
): AsyncGenerator<BusEvent<K>> {
  const buffer: BusEvent<K>[] = [];
  const limit = opts.bufferSize ?? 1000;
  let wake: (() => void) | undefined;
  const unsubscribe = bus.subscribe(types, (event) => {
    if (opts.filter && !opts.filter(event)) return;
    buffer.push(event);
    if (buffer.length > limit) buffer.shift();
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    while (!opts.signal?.aborted) {
      if (buffer.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      yield buffer.shift()!;
    }
  } finally {
    unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
