// broker.health: the market feed of an account's link (per-symbol last-tick age, stale symbols,
// packets, reconnects) as the daemon holding the link sees it, and the account's use of Dhan's
// request limits. Any daemon answers the usage (the counters are in PostgreSQL); the feed only
// the holder — another daemon names the holder rather than invent figures.
import { z } from 'zod';
import { accountRateUsage, feedHealth, getAccount } from '../../broker';
import { brokerHealthOutput } from '../outputs/broker-health';
import { viewerProcedure } from '../trpc';

export const brokerHealthProcedure = viewerProcedure
  .meta({
    description:
      "An account's market feed (last-tick age per symbol, stale symbols, packets, reconnects) and its use of Dhan's request limits",
    example: { id: 1 },
  })
  .input(z.object({ id: z.number().int().positive() }))
  .output(brokerHealthOutput)
  .query(async ({ ctx, input }) => {
    // Visibility first (NOT_FOUND for another user's account), then the daemon's own reads.
    const account = await ctx.asUser((db) => getAccount(db, input.id));
    const statuses = await ctx.asUser((db) => ctx.broker.statuses(db, [input.id]));
    const link = ctx.broker.supervisor?.link(input.id);
    const dhan = account.broker === 'dhan' && account.hasCredentials;
    return {
      accountId: input.id,
      heldHere: link !== undefined,
      holder: statuses.get(input.id)?.daemonId ?? null,
      feed: link ? feedHealth(link, ctx.config.dhanStaleSeconds) : null,
      rates:
        dhan && ctx.broker.keyring ? await accountRateUsage(ctx.pool, ctx.broker.keyring, input.id) : null,
    };
  });
