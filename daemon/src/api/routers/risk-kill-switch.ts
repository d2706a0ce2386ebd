// risk.killSwitch.*: engage, release, status. Operators engage (their accounts and deployments,
// or the global switch); releasing needs the switch's owner (an operator) or an admin, and the
// global switch an admin. Every daemon stops sending within a second (docs/risk.md).
import { z } from 'zod';
import { engageKillSwitch, releaseKillSwitch } from '../../risk-control/kill-switch-service';
import { listEngaged, listRecent } from '../../risk-control/kill-switch-store';
import type { RiskActor } from '../../risk-control/risk-actor';
import { killSwitchOut, riskOutputs as out } from '../outputs/risk';
import type { AuthedContext } from '../trpc';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

const id = z.int().positive();
const reason = z.string().trim().max(500).default('');

export function riskActor(ctx: AuthedContext & { ip: string }): RiskActor {
  return {
    label: ctx.user.tokenId ? `token:${ctx.user.tokenId}` : `user:${ctx.user.id}`,
    userId: ctx.user.id,
    role: ctx.user.role,
    ip: ctx.ip,
  };
}

const target = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('global') }),
  z.strictObject({ scope: z.literal('account'), accountId: id }),
  z.strictObject({ scope: z.literal('deployment'), deploymentId: id }),
]);

function run(ctx: AuthedContext) {
  return ctx.asUser;
}

export const killSwitchRouter = router({
  status: viewerProcedure
    .meta({
      description: 'Engaged kill switches you can see (the global one always) and the latest engagements',
    })
    .input(z.strictObject({ recent: z.int().min(0).max(200).default(20) }).default({ recent: 20 }))
    .output(out.killSwitchStatus)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => ({
        engaged: (await listEngaged(db)).map(killSwitchOut),
        recent: (await listRecent(db, input.recent)).map(killSwitchOut),
      })),
    ),

  engage: operatorProcedure
    .meta({
      description:
        'Engages a kill switch (global, account or deployment): every daemon stops sending its orders within 1 s; open orders are cancelled, and with flatten the positions closed',
      example: { target: { scope: 'account', accountId: 1 }, flatten: false, reason: 'broker outage' },
    })
    .input(z.strictObject({ target, flatten: z.boolean().default(false), reason }))
    .output(out.engaged)
    .mutation(async ({ ctx, input }) => {
      const { killSwitch, created } = await engageKillSwitch(run(ctx), riskActor(ctx), {
        ...input.target,
        flatten: input.flatten,
        reason: input.reason,
      });
      return { killSwitch: killSwitchOut(killSwitch), created };
    }),

  release: operatorProcedure
    .meta({
      description: 'Releases a kill switch, by id or by scope (the global one needs an admin); audited',
      example: { id: 1, reason: 'outage over' },
    })
    .input(z.union([z.strictObject({ id, reason }), z.strictObject({ target, reason })]))
    .output(out.killSwitch)
    .mutation(async ({ ctx, input }) =>
      killSwitchOut(
        await releaseKillSwitch(
          run(ctx),
          riskActor(ctx),
          'id' in input ? input : { ...input.target, reason: input.reason },
        ),
      ),
    ),
});
