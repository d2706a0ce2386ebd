// Output schemas of broker.reconcile, broker.differences and the broker kill-switch procedures.
import { z } from 'zod';
import { isoTime, jsonObject } from './common';

const DIFFERENCE_KINDS = [
  'unknown_order',
  'missing_at_broker',
  'status_conflict',
  'fill_not_at_broker',
  'overfilled',
  'quantity_mismatch',
  'position_mismatch',
] as const;

const difference = z
  .looseObject({ kind: z.enum(DIFFERENCE_KINDS) })
  .describe('What reconciliation found that nothing explains, with its figures');

export const reconcileReport = z.object({
  accountId: z.number().int(),
  venue: z.string(),
  trigger: z.enum(['start', 'reconnect', 'interval', 'request']),
  at: z.number().describe('When the pass started, epoch ms'),
  brokerOrders: z.number().int().describe("Orders in the broker's book"),
  fills: z.number().int().describe('Fills the order updates had missed, now booked'),
  statuses: z.number().int().describe('Status changes (acknowledgements, ends, modifications) applied'),
  expired: z.number().int().describe('Orders an ended session left working, now expired'),
  pending: z.array(z.string()).describe('Sent orders the broker does not have yet (recovery resolves them)'),
  differences: z.array(difference),
  newDifferences: z.number().int(),
  openDifferences: z.number().int(),
  clearedDifferences: z.number().int(),
  failed: z.array(z.object({ clientOrderId: z.string(), error: z.string() })),
});

export const storedDifference = z.object({
  id: z.number().int(),
  brokerAccountId: z.number().int(),
  kind: z.enum(DIFFERENCE_KINDS),
  subject: z.string().describe('What it is about: a client or broker order id, or instrument|product'),
  message: z.string(),
  detail: jsonObject,
  firstSeenAt: isoTime,
  lastSeenAt: isoTime,
  timesSeen: z.number().int(),
  acknowledgedAt: isoTime.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: isoTime.nullable().describe('When a pass stopped finding it'),
});

const killSwitchCall = z.object({
  id: z.number().int(),
  accountId: z.number().int(),
  killSwitchId: z
    .number()
    .int()
    .nullable()
    .describe('The QuantTrade kill switch that caused it; null: an operator'),
  action: z.enum(['activate', 'deactivate']),
  outcome: z.enum(['ok', 'failed']),
  message: z.string(),
  attempt: z.number().int(),
  tradingDay: z.string(),
  requestedBy: z.string(),
  daemonId: z.string().optional(),
  at: z.number(),
});

export const brokerKillSwitchView = z.object({
  accountId: z.number().int(),
  active: z.boolean().nullable().describe("Dhan's answer; null when it could not be read"),
  message: z.string(),
  calls: z.array(killSwitchCall).describe('The latest calls, newest first'),
});
