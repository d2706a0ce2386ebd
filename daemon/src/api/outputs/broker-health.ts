// Output schema of broker.health (routers/broker-health.ts).
import { z } from 'zod';
import { isoTime } from './common';

const count = z.number().int().nonnegative();

export const brokerHealthOutput = z.object({
  accountId: z.number().int(),
  heldHere: z.boolean().describe('This daemon holds the link (only the holder knows the feed)'),
  holder: z.string().nullable().describe('The daemon holding the link, as it last reported'),
  feed: z
    .object({
      open: z.boolean().describe('false: no deployment has asked for ticks yet'),
      marketOpen: z.boolean().describe('NSE is in session: only then is a symbol marked stale'),
      staleAfterSeconds: z.number(),
      packets: z.record(z.string(), count),
      reconnects: z.object({ feed: count, orderUpdates: count }),
      symbols: z.array(
        z.object({
          symbol: z.string(),
          ageSeconds: z.number().describe('Since its last tick (since subscribing when it never ticked)'),
          stale: z.boolean(),
        }),
      ),
    })
    .nullable()
    .describe('null when this daemon does not hold the link'),
  rates: z
    .array(
      z.object({
        category: z.enum(['orders', 'data', 'quotes', 'others']),
        windows: z.array(
          z.object({ window: z.enum(['second', 'minute', 'hour', 'day']), used: count, limit: count }),
        ),
        pausedUntil: isoTime.nullable(),
        slowedUntil: isoTime.nullable(),
      }),
    )
    .nullable()
    .describe("Requests counted against Dhan's limits; null for paper accounts or without the broker key"),
});
