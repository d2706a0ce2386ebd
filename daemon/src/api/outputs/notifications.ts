// Output schemas of notifications.* (see common.ts). Secrets are never part of an answer, except
// a generated webhook signing key, once, when the channel is created.
import { z } from 'zod';
import { isoTime } from './common';

const channel = z.object({
  id: z.number().int(),
  ownerId: z.number().int(),
  name: z.string(),
  kind: z.enum(['webhook', 'telegram']),
  target: z.string().describe('The webhook URL or the Telegram chat id'),
  secretHint: z.string().nullable().describe('The last characters of the secret, to recognise it'),
  events: z.array(z.string()),
  enabled: z.boolean(),
  rateLimitPerMinute: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const delivery = z.object({
  id: z.number().int(),
  channelId: z.number().int(),
  kind: z.string().describe('The notification kind, test or digest'),
  eventType: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  status: z.enum(['pending', 'sending', 'delivered', 'failed', 'digested']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  digestId: z.number().int().nullable().describe('The digest this message was folded into'),
  digestCount: z.number().int().describe('Messages a digest holds'),
  createdAt: isoTime,
  nextAttemptAt: isoTime,
  deliveredAt: isoTime.nullable(),
});

export const notificationsOutputs = {
  kinds: z.array(z.object({ id: z.string(), event: z.string(), label: z.string(), description: z.string() })),
  channels: z.array(channel),
  created: z.object({
    channel,
    generatedSecret: z.string().optional().describe('A generated webhook signing key: shown once'),
  }),
  channel,
  test: z.object({
    deliveryId: z.number().int(),
    delivered: z.boolean(),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
  }),
  deliveries: z.object({ total: z.number().int(), items: z.array(delivery) }),
};
