// broker.*: broker accounts (Dhan credentials encrypted at rest; the token is accepted, never
// returned), the link's state, connect/disconnect, a new token without a restart, reads from
// the broker (funds, holdings, positions), and reconciliation and the broker's kill switch
// (broker-reconcile.ts). Every account operation runs under the caller's
// row-level-security scope: users reach their own accounts, admins everyone's. Viewing needs
// viewer; anything that changes an account or talks to the broker on its behalf needs operator.
import { z } from 'zod';
import {
  createDhanAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  setAccessToken,
  updateAccount,
  type BrokerAccountSummary,
} from '../../broker';
import { AppError } from '../../core/errors';
import { visibleTo } from '../../events/event-bus';
import type { Context } from '../context';
import { brokerOutputs as out } from '../outputs/broker';
import { brokerReconcileProcedures } from './broker-reconcile';
import type { AuthedContext } from '../trpc';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

type Ctx = Context & AuthedContext;
const id = z.object({ id: z.number().int().positive() });
const EXAMPLE_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.example.signature';

const actor = (ctx: Ctx) => ({ label: `user:${ctx.user.id}`, userId: ctx.user.id });

async function withStatus(ctx: Ctx, accounts: BrokerAccountSummary[]) {
  const statuses = await ctx.asUser((db) =>
    ctx.broker.statuses(
      db,
      accounts.map((a) => a.id),
    ),
  );
  const now = Date.now();
  return accounts.map((a) => {
    const s = statuses.get(a.id);
    const expires = a.tokenExpiresAt ? Date.parse(a.tokenExpiresAt) : undefined;
    return {
      ...a,
      link: s ?? {
        accountId: a.id,
        state: 'disconnected' as const,
        detail: a.linkEnabled ? 'waiting for a daemon with the trader role to connect it' : null,
        since: null,
        daemonId: null,
        heartbeatAt: null,
      },
      tokenExpiresInSeconds: expires === undefined ? null : Math.round((expires - now) / 1000),
    };
  });
}

/** The account, if the caller may see it (NOT_FOUND otherwise), then the broker client for it. */
async function restOf(ctx: Ctx, accountId: number) {
  const account = await ctx.asUser((db) => getAccount(db, accountId));
  if (account.broker !== 'dhan')
    throw new AppError(
      'VALIDATION_FAILED',
      `broker account ${accountId} is a ${account.broker} account: ask the paper broker`,
    );
  return ctx.broker.restFor(accountId);
}

async function change(
  ctx: Ctx,
  accountId: number,
  what: 'connect' | 'disconnect' | 'updated' | 'token',
  fn: () => Promise<BrokerAccountSummary>,
) {
  const account = await fn();
  await ctx.broker.announce(accountId, account.ownerId, what);
  return (await withStatus(ctx, [account]))[0]!;
}

export const brokerRouter = router({
  accounts: viewerProcedure
    .meta({
      description: 'Your broker accounts (admins: all) with link state and token expiry; never the token',
    })
    .output(out.accounts)
    .query(async ({ ctx }) => withStatus(ctx, await ctx.asUser((db) => listAccounts(db)))),

  status: viewerProcedure
    .meta({
      description:
        'One broker account: link state (connected, auth_expired, circuit_open, ...), token expiry',
      example: { id: 1 },
    })
    .input(id)
    .output(out.account)
    .query(
      async ({ ctx, input }) =>
        (await withStatus(ctx, [await ctx.asUser((db) => getAccount(db, input.id))]))[0]!,
    ),

  add: operatorProcedure
    .meta({
      description: 'Adds a Dhan account: client id and access token, encrypted at rest',
      example: { label: 'main', clientId: '1000000001', accessToken: EXAMPLE_TOKEN, autoRenew: false },
    })
    .input(
      z.object({
        label: z.string().min(1).max(100),
        clientId: z.string().min(1).max(20),
        accessToken: z.string().min(1).max(4096),
        autoRenew: z.boolean().optional(),
      }),
    )
    .output(out.account)
    .mutation(async ({ ctx, input }) => {
      const keyring = ctx.broker.requireKeyring();
      const account = await ctx.asUser((db) =>
        createDhanAccount(db, keyring, { ...input, ownerId: ctx.user.id }, actor(ctx)),
      );
      await ctx.broker.announce(account.id, account.ownerId, 'created');
      return (await withStatus(ctx, [account]))[0]!;
    }),

  update: operatorProcedure
    .meta({
      description: 'Renames an account or turns token auto-renewal on or off',
      example: { id: 1, autoRenew: true },
    })
    .input(id.extend({ label: z.string().min(1).max(100).optional(), autoRenew: z.boolean().optional() }))
    .output(out.account)
    .mutation(({ ctx, input }) =>
      change(ctx, input.id, 'updated', () =>
        ctx.asUser((db) =>
          updateAccount(db, input.id, { label: input.label, autoRenew: input.autoRenew }, actor(ctx)),
        ),
      ),
    ),

  remove: operatorProcedure
    .meta({
      description: 'Deletes a disconnected broker account (refused while it has orders or deployments)',
      example: { id: 1 },
    })
    .input(id)
    .output(out.removed)
    .mutation(async ({ ctx, input }) => {
      const account = await ctx.asUser(async (db) => {
        const a = await getAccount(db, input.id);
        if (a.linkEnabled)
          throw new AppError('CONFLICT', `broker account ${input.id} is connected: disconnect it first`);
        await deleteAccount(db, input.id, actor(ctx));
        return a;
      });
      await ctx.broker.announce(input.id, account.ownerId, 'deleted');
      return { deleted: input.id };
    }),

  setToken: operatorProcedure
    .meta({
      description: 'Sets a new access token (the daily one from web.dhan.co); applies without a restart',
      example: { id: 1, accessToken: EXAMPLE_TOKEN },
    })
    .input(
      id.extend({ accessToken: z.string().min(1).max(4096), clientId: z.string().min(1).max(20).optional() }),
    )
    .output(out.account)
    .mutation(({ ctx, input }) => {
      const keyring = ctx.broker.requireKeyring();
      return change(ctx, input.id, 'token', () =>
        ctx.asUser((db) => setAccessToken(db, keyring, input.id, input, actor(ctx))),
      );
    }),

  renewToken: operatorProcedure
    .meta({
      description: 'Renews the access token through Dhan now (only before it expires)',
      example: { id: 1 },
    })
    .input(id)
    .output(out.account)
    .mutation(async ({ ctx, input }) => {
      const rest = await restOf(ctx, input.id);
      const renewed = await rest.renewToken();
      const keyring = ctx.broker.requireKeyring();
      return change(ctx, input.id, 'token', () =>
        ctx.asUser((db) =>
          setAccessToken(db, keyring, input.id, { accessToken: renewed.accessToken }, actor(ctx)),
        ),
      );
    }),

  connect: operatorProcedure
    .meta({
      description: 'Connects the link (a daemon with the trader role holds it: order updates, market feed)',
      example: { id: 1 },
    })
    .input(id)
    .output(out.account)
    .mutation(({ ctx, input }) =>
      change(ctx, input.id, 'connect', () =>
        ctx.asUser((db) => updateAccount(db, input.id, { linkEnabled: true }, actor(ctx))),
      ),
    ),

  disconnect: operatorProcedure
    .meta({ description: 'Disconnects the link: sockets closed, no orders through it', example: { id: 1 } })
    .input(id)
    .output(out.account)
    .mutation(({ ctx, input }) =>
      change(ctx, input.id, 'disconnect', () =>
        ctx.asUser((db) => updateAccount(db, input.id, { linkEnabled: false }, actor(ctx))),
      ),
    ),

  events: viewerProcedure
    .meta({
      description:
        'Live stream of link state changes and alerts (circuit open, token expired, stale symbols) of your accounts',
    })
    .subscription(async function* ({ ctx, signal }) {
      for await (const e of ctx.bus.stream(['broker.link', 'broker.alert'], {
        signal,
        filter: visibleTo(ctx.user),
      }))
        yield { type: e.type, at: e.at, payload: e.payload };
    }),

  funds: viewerProcedure
    .meta({ description: "The account's fund limits as Dhan reports them", example: { id: 1 } })
    .input(id)
    .output(out.funds)
    .query(async ({ ctx, input }) => (await restOf(ctx, input.id)).funds()),

  holdings: viewerProcedure
    .meta({ description: 'Demat holdings as Dhan reports them', example: { id: 1 } })
    .input(id)
    .output(out.holdings)
    .query(async ({ ctx, input }) => (await restOf(ctx, input.id)).holdings()),

  positions: viewerProcedure
    .meta({ description: "Today's positions as Dhan reports them", example: { id: 1 } })
    .input(id)
    .output(out.positions)
    .query(async ({ ctx, input }) => (await restOf(ctx, input.id)).positions()),

  ...brokerReconcileProcedures,
});
