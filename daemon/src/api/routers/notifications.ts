// notifications.*: where an operator's events go — webhook and Telegram channels, a test
// message, and the delivery log. Channels are per user (row-level security; admins see all).
// Changing them needs operator: a channel makes the daemon send requests where its owner says.
import { z } from 'zod';
import {
  changeChannel,
  createChannel,
  KIND_IDS,
  listChannels,
  listDeliveries,
  NOTIFICATION_KINDS,
  removeChannel,
  sendTest,
  type Caller,
} from '../../notifications/index';
import type { Context } from '../context';
import type { AuthedContext } from '../trpc';
import { operatorProcedure, router, viewerProcedure } from '../trpc';
import { notificationsOutputs as out } from '../outputs/notifications';

const id = z.number().int().positive();
const kinds = z
  .array(z.enum(KIND_IDS as [string, ...string[]]))
  .max(KIND_IDS.length)
  .refine((list) => new Set(list).size === list.length, 'each kind once');
const url = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/\S+$/i, 'an http:// or https:// URL');
const webhookSecret = z.string().min(16).max(200).regex(/^\S+$/, 'no spaces');
const chatId = z
  .string()
  .trim()
  .regex(/^(-?\d{1,20}|@\w{5,32})$/, 'a Telegram chat id (e.g. -1001234567890) or @channelname');
const botToken = z
  .string()
  .trim()
  .regex(/^\d{3,20}:[\w-]{20,100}$/, 'a bot token from @BotFather, 123456:ABC…');

const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), url, secret: webhookSecret.optional() }),
  z.strictObject({ kind: z.literal('telegram'), chatId, botToken }),
]);

function caller(ctx: Context & AuthedContext): Caller {
  return { user: ctx.user, asUser: ctx.asUser, ip: ctx.ip, keyring: ctx.notifications.keyring };
}

export const notificationsRouter = router({
  kinds: viewerProcedure
    .meta({ description: 'What can be notified: each kind with the bus event it comes from' })
    .output(out.kinds)
    .query(() =>
      NOTIFICATION_KINDS.map(({ id, event, label, description }) => ({ id, event, label, description })),
    ),

  channels: operatorProcedure
    .meta({ description: 'Your notification channels (admins: everyone’s); secrets are never shown' })
    .output(out.channels)
    .query(({ ctx }) => ctx.asUser((db) => listChannels(db))),

  createChannel: operatorProcedure
    .meta({
      description:
        'Adds a webhook or Telegram channel; a webhook without a secret gets a generated signing key, returned once',
      example: {
        name: 'ops webhook',
        target: { kind: 'webhook', url: 'https://example.com/hooks/quanttrade' },
        events: ['kill_switch', 'risk_denial'],
      },
    })
    .input(
      z.strictObject({
        name: z.string().trim().min(1).max(100),
        target,
        events: kinds,
        enabled: z.boolean().default(true),
        rateLimitPerMinute: z.number().int().min(1).max(600).default(6),
      }),
    )
    .output(out.created)
    .mutation(({ ctx, input }) => createChannel(caller(ctx), input)),

  updateChannel: operatorProcedure
    .meta({
      description: 'Changes a channel: name, target, secret (a new key or token), kinds, enabled, rate',
      example: { id: 1, enabled: false },
    })
    .input(
      z.strictObject({
        id,
        name: z.string().trim().min(1).max(100).optional(),
        target: z.string().trim().min(1).max(2000).optional(),
        secret: z.string().trim().min(16).max(200).optional(),
        events: kinds.optional(),
        enabled: z.boolean().optional(),
        rateLimitPerMinute: z.number().int().min(1).max(600).optional(),
      }),
    )
    .output(out.channel)
    .mutation(({ ctx, input }) => {
      const { id: channelId, ...change } = input;
      return changeChannel(caller(ctx), channelId, change);
    }),

  deleteChannel: operatorProcedure
    .meta({ description: 'Deletes a channel and its delivery log', example: { id: 1 } })
    .input(z.strictObject({ id }))
    .output(out.channel)
    .mutation(({ ctx, input }) => removeChannel(caller(ctx), input.id)),

  test: operatorProcedure
    .meta({ description: 'Sends a test message on a channel now and says how it went', example: { id: 1 } })
    .input(z.strictObject({ id }))
    .output(out.test)
    .mutation(async ({ ctx, input }) => {
      const { deliveryId, outcome } = await sendTest(caller(ctx), ctx.notifications.sender, input.id);
      return {
        deliveryId,
        delivered: outcome.ok,
        responseStatus: outcome.status ?? null,
        error: outcome.ok ? null : (outcome.error ?? 'failed'),
      };
    }),

  deliveries: operatorProcedure
    .meta({
      description: 'The delivery log, newest first: status, attempts, the last error, digests',
      example: { channelId: 1, limit: 50 },
    })
    .input(
      z
        .strictObject({
          channelId: id.optional(),
          limit: z.number().int().min(1).max(200).default(50),
          offset: z.number().int().min(0).max(1_000_000).default(0),
        })
        .default({ limit: 50, offset: 0 }),
    )
    .output(out.deliveries)
    .query(({ ctx, input }) => ctx.asUser((db) => listDeliveries(db, input))),
});
