// broker.reconcile, broker.differences, broker.acknowledgeDifference, broker.killSwitch and
// broker.setKillSwitch: reconciliation of a broker account with the ledger on request, the
// differences it could not explain, and Dhan's own kill switch. Spread into broker.* (broker.ts).
// Every account is reached under the caller's row-level security first (NOT_FOUND if not theirs).
import { z } from 'zod';
import { getAccount } from '../../broker';
import { listKillSwitchCalls, recordKillSwitchCall } from '../../broker/kill-switch-calls';
import { AppError } from '../../core/errors';
import { acknowledgeDifference, listDifferences } from '../../trading/reconcile/difference-store';
import type { Context } from '../context';
import { brokerKillSwitchView, reconcileReport, storedDifference } from '../outputs/broker-reconcile';
import type { AuthedContext } from '../trpc';
import { operatorProcedure, viewerProcedure } from '../trpc';

type Ctx = Context & AuthedContext;
const id = z.object({ id: z.number().int().positive() });

async function dhanRest(ctx: Ctx, accountId: number) {
  const account = await ctx.asUser((db) => getAccount(db, accountId));
  if (account.broker !== 'dhan')
    throw new AppError(
      'VALIDATION_FAILED',
      `broker account ${accountId} is a ${account.broker} account: only Dhan accounts have a broker kill switch`,
    );
  return { account, rest: await ctx.broker.restFor(accountId) };
}

export const brokerReconcileProcedures = {
  reconcile: operatorProcedure
    .meta({
      description:
        "Compares the broker's orders, trades and positions with the ledger now: books what the order updates missed, stores what nothing explains",
      example: { id: 1 },
    })
    .input(id)
    .output(reconcileReport)
    .mutation(async ({ ctx, input }) => {
      await ctx.asUser((db) => getAccount(db, input.id));
      return ctx.links.reconcile(input.id);
    }),

  differences: viewerProcedure
    .meta({
      description:
        'Differences between brokers and the ledger that reconciliation could not explain (open ones by default)',
      example: { id: 1 },
    })
    .input(
      z
        .strictObject({
          id: z.number().int().positive().optional().describe('One account (default: all you can see)'),
          includeResolved: z.boolean().default(false),
          limit: z.int().min(1).max(1000).default(200),
        })
        .default({ includeResolved: false, limit: 200 }),
    )
    .output(z.array(storedDifference))
    .query(({ ctx, input }) =>
      ctx.asUser((db) =>
        listDifferences(db, { accountId: input.id, open: !input.includeResolved, limit: input.limit }),
      ),
    ),

  acknowledgeDifference: operatorProcedure
    .meta({
      description:
        'Marks a difference as seen and kept on purpose; it stays listed until a pass no longer finds it',
      example: { id: 1 },
    })
    .input(id)
    .output(storedDifference)
    .mutation(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        const d = await acknowledgeDifference(db, input.id, `user:${ctx.user.id}`);
        await db.query(
          'INSERT INTO audit_log (actor, actor_user_id, action, target, details) VALUES ($1, $2, $3, $4, $5)',
          [
            `user:${ctx.user.id}`,
            ctx.user.id,
            'broker.difference_acknowledge',
            `broker_account:${d.brokerAccountId}`,
            JSON.stringify({ differenceId: d.id, kind: d.kind, subject: d.subject }),
          ],
        );
        return d;
      }),
    ),

  killSwitch: viewerProcedure
    .meta({
      description: "Dhan's own kill switch for the account, and the latest calls of it",
      example: { id: 1 },
    })
    .input(id)
    .output(brokerKillSwitchView)
    .query(async ({ ctx, input }) => {
      const { rest } = await dhanRest(ctx, input.id);
      const calls = await ctx.asUser((db) => listKillSwitchCalls(db, input.id, 20));
      try {
        const state = await rest.killSwitch();
        return { accountId: input.id, active: state.active, message: state.message, calls };
      } catch (err) {
        return { accountId: input.id, active: null, message: (err as Error).message, calls };
      }
    }),

  setKillSwitch: operatorProcedure
    .meta({
      description:
        "Activates or deactivates Dhan's own kill switch for the account (releasing a QuantTrade kill switch never does); recorded and audited",
      example: { id: 1, active: false },
    })
    .input(id.extend({ active: z.boolean() }))
    .output(brokerKillSwitchView)
    .mutation(async ({ ctx, input }) => {
      const { account, rest } = await dhanRest(ctx, input.id);
      const action = input.active ? 'activate' : 'deactivate';
      const base = {
        accountId: input.id,
        ownerId: account.ownerId,
        killSwitchId: null,
        action,
        attempt: 1,
        requestedBy: `user:${ctx.user.id}`,
        actorUserId: ctx.user.id,
        daemonId: ctx.bus.daemonId,
      } as const;
      let answer: { active: boolean; message: string };
      try {
        answer = await rest.setKillSwitch(input.active);
      } catch (err) {
        ctx.metrics.reconcile.brokerKillSwitch.inc({ action, outcome: 'failed' });
        await ctx.asUser((db) =>
          recordKillSwitchCall(db, {
            ...base,
            outcome: 'failed',
            message: (err as Error).message,
            at: Date.now(),
          }),
        );
        throw err;
      }
      ctx.metrics.reconcile.brokerKillSwitch.inc({ action, outcome: 'ok' });
      await ctx.asUser((db) =>
        recordKillSwitchCall(db, { ...base, outcome: 'ok', message: answer.message, at: Date.now() }),
      );
      const calls = await ctx.asUser((db) => listKillSwitchCalls(db, input.id, 20));
      return { accountId: input.id, active: answer.active, message: answer.message, calls };
    }),
};
