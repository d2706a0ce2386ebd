// Sends what the delivery log holds: on daemons with the worker role, a loop claims due messages
// (FOR UPDATE SKIP LOCKED, with a lease), sends each on its channel, and records the attempt —
// delivered, retried later (retry-policy.ts), or failed. It wakes at once on
// 'notifications.queued' and otherwise looks every second; a database outage makes it back off,
// never crash. Killed mid-send, it leaves the lease to expire: another daemon sends again.
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { NotificationMetrics } from '../metrics/notification-metrics';
import { findChannel, type SendableChannel } from './channel-store';
import { sendOnChannel, type SenderDeps } from './channel-sender';
import { claimDue, digestItems, recordAttempt, type ClaimedDelivery } from './delivery-store';
import { NOTIFICATION_KINDS } from './event-catalogue';
import { digestText, type Outgoing } from './outgoing-message';
import { verdictFor } from './retry-policy';
import type { SendOutcome } from './send-outcome';
import './notification-events';

export interface DispatcherOptions {
  pool: Pool;
  bus: EventBus;
  log: Logger;
  metrics: NotificationMetrics;
  sender: SenderDeps;
  /** Messages sent at once. */
  batch?: number;
  /** Seconds a sender may hold a message before another daemon takes it. */
  leaseSeconds?: number;
  pollMs?: number;
}

export interface Dispatcher {
  wake(): void;
  stop(): Promise<void>;
}

const LABELS = new Map(NOTIFICATION_KINDS.map((k) => [k.id, k.label]));

async function outgoingOf(pool: Pool, row: ClaimedDelivery, channel: SendableChannel): Promise<Outgoing> {
  const base: Outgoing = {
    deliveryId: row.id,
    kind: row.kind,
    eventType: row.eventType,
    title: row.title,
    text: row.body,
    payload: row.payload,
    createdAt: row.createdAt,
    attempt: row.attempts,
  };
  if (row.kind !== 'digest') return base;
  const items = await digestItems(pool, row.id);
  return { ...base, ...digestText(items, LABELS, channel.rateLimitPerMinute), items };
}

export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { pool, bus, log, metrics } = options;
  const batch = options.batch ?? 8;
  const lease = options.leaseSeconds ?? 60;
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wakeUp = undefined));

  async function deliver(row: ClaimedDelivery): Promise<void> {
    const channel = await findChannel(pool, row.channelId);
    if (!channel) return; // deleted with its log (ON DELETE CASCADE)
    let outcome: SendOutcome;
    let message: Outgoing | undefined;
    if (!channel.enabled) outcome = { ok: false, retry: false, error: 'the channel is disabled' };
    else {
      message = await outgoingOf(pool, row, channel);
      outcome = await sendOnChannel(options.sender, channel, message);
    }
    const verdict = verdictFor(outcome, row.attempts);
    await recordAttempt(pool, {
      id: row.id,
      attempt: row.attempts,
      status: verdict.status,
      responseStatus: outcome.status ?? null,
      error: outcome.ok ? null : (outcome.error ?? 'failed'),
      retryInSeconds: verdict.status === 'pending' ? verdict.retryInSeconds : undefined,
      body: row.kind === 'digest' ? message?.text : undefined,
    });
    const result = verdict.status === 'pending' ? 'retried' : verdict.status;
    metrics.messages.inc({ channel: channel.kind, outcome: result });
    if (verdict.status !== 'delivered')
      log.info(
        { deliveryId: row.id, channelId: channel.id, attempt: row.attempts, error: outcome.error },
        `notification ${result}`,
      );
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let claimed: ClaimedDelivery[];
      try {
        claimed = await claimDue(pool, batch, lease);
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 1)
          log.warn({ err: (err as Error).message }, 'notifications cannot be claimed; retrying');
        await sleep(Math.min(5000, 250 * 2 ** failures));
        continue;
      }
      if (claimed.length === 0) {
        await sleep(pollMs);
        continue;
      }
      await Promise.all(
        claimed.map((row) =>
          deliver(row).catch((err: Error) =>
            log.warn(
              { err: err.message, deliveryId: row.id },
              'notification attempt not recorded; its lease will expire',
            ),
          ),
        ),
      );
    }
  }

  const unsubscribe = bus.subscribe(['notifications.queued'], () => wakeUp?.());
  const running = loop();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      unsubscribe();
      wakeUp?.();
      await running;
    },
  };
}
