// Turns bus events into queued messages: for each event of a notified kind (event-catalogue.ts),
// every enabled channel subscribed to that kind whose owner may see the event gets one message in
// the delivery log (or in its digest, past its rate). Every daemon hears every cluster event, so
// each writes it under a key made from the event itself: the first write wins, the others find it
// there — one message per channel whichever daemon, or the database, published the event.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { withTransaction, type Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { BusEvent, EventType } from '../events/event-map';
import type { NotificationMetrics } from '../metrics/notification-metrics';
import { subscribedChannels } from './channel-store';
import { queueDelivery } from './delivery-store';
import { kindsOf, NOTIFIED_EVENTS } from './event-catalogue';
import './notification-events';

/** Events waiting for their messages to be written before new ones are dropped (and logged). */
const MAX_BACKLOG = 10_000;

export interface Notifier {
  /** Resolves once every event heard so far has been written. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export function eventKey(event: BusEvent): string {
  const identity = `${event.type}|${event.at}|${event.origin}|${JSON.stringify(event.payload)}`;
  return createHash('sha256').update(identity).digest('base64url').slice(0, 32);
}

export function startNotifier(deps: {
  bus: EventBus;
  pool: Pool;
  log: Logger;
  metrics: NotificationMetrics;
}): Notifier {
  const { bus, pool, log, metrics } = deps;
  let chain = Promise.resolve();
  let backlog = 0;
  let stopped = false;

  async function write(event: BusEvent): Promise<void> {
    const key = eventKey(event);
    let queued = 0;
    for (const { kind, message } of kindsOf(event.type, event.payload)) {
      const channels = await subscribedChannels(pool, kind.id, event.ownerId);
      for (const channel of channels) {
        const result = await withTransaction(pool, (db) =>
          queueDelivery(db, {
            channelId: channel.id,
            ownerId: channel.ownerId,
            kind: kind.id,
            eventType: event.type,
            eventKey: `${kind.id}:${key}`,
            title: message.title,
            body: message.text,
            payload: { event: event.type, at: event.at, ownerId: event.ownerId ?? null, data: event.payload },
          }),
        );
        if (result === 'queued') queued++;
        if (result === 'queued' || result === 'digested')
          metrics.messages.inc({ channel: channel.kind, outcome: result });
      }
    }
    if (queued > 0) await bus.publish('notifications.queued', { count: queued });
  }

  const unsubscribe = bus.subscribe(NOTIFIED_EVENTS as EventType[], (event) => {
    if (stopped) return;
    if (backlog >= MAX_BACKLOG) {
      log.warn({ event: event.type }, 'notification backlog full: event dropped');
      return;
    }
    backlog++;
    chain = chain
      .then(() => write(event))
      .catch((err: Error) => log.warn({ err: err.message, event: event.type }, 'notification not queued'))
      .finally(() => backlog--);
  });

  return {
    settled: () => chain,
    async stop() {
      stopped = true;
      unsubscribe();
      await chain;
    },
  };
}
