import { Counter, Gauge, type Registry } from 'prom-client';

export interface NotificationMetrics {
  /** Messages by channel kind and outcome: queued, digested, delivered, retried, failed. */
  messages: Counter<'channel' | 'outcome'>;
  /** Reads the number of messages waiting at scrape time (cached for a second). */
  watchPending(read: () => Promise<number>): void;
}

export function createNotificationMetrics(registry: Registry): NotificationMetrics {
  let read: (() => Promise<number>) | undefined;
  let cache: { at: number; value: Promise<number> } | undefined;
  new Gauge({
    name: 'quanttrade_notifications_pending',
    help: 'Notification messages waiting to be sent (queued or being sent)',
    registers: [registry],
    async collect() {
      if (!read) return;
      const now = Date.now();
      if (!cache || now - cache.at > 1000) cache = { at: now, value: read().catch(() => 0) };
      this.set(await cache.value);
    },
  });
  return {
    messages: new Counter({
      name: 'quanttrade_notifications_total',
      help: 'Notification messages by channel kind (webhook, telegram) and outcome (queued, digested, delivered, retried, failed)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    watchPending(fn) {
      read = fn;
    },
  };
}
