// orders.*: the order ledger as users see it — list with filters, one order with its append-only
// events and fills — and an operator's cancel request, which the daemon holding the order's
// deployment performs through the ledger (cancel source 'operator'; trading/queries/
// order-cancel-request.ts says why the API cannot send it itself).
import { z } from 'zod';
import { LEDGER_ORDER_STATUSES } from '../../core/order-lifecycle';
import { getOrderDetail, listOrderViews, requestOperatorCancel } from '../../trading/index';
import { tradingOutputs as out } from '../outputs/trading';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

const id = z
  .int()
  .positive()
  .max(2 ** 53 - 1);
const time = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.int().min(0).max(8.64e15)]);
const symbol = z.string().trim().min(1).max(70);

export const ordersRouter = router({
  list: viewerProcedure
    .meta({
      description:
        'Orders, newest first: by deployment, account, status, symbol and creation time (from inclusive, to exclusive)',
      example: { deploymentId: 1, status: ['open', 'partially_filled'], limit: 50 },
    })
    .input(
      z
        .strictObject({
          deploymentId: id.optional(),
          brokerAccountId: id.optional(),
          status: z.array(z.enum(LEDGER_ORDER_STATUSES)).min(1).max(8).optional(),
          symbol: symbol.optional(),
          from: time.optional(),
          to: time.optional(),
          limit: z.int().min(1).max(1000).default(100),
          offset: z.int().min(0).max(1_000_000).default(0),
        })
        .default({ limit: 100, offset: 0 }),
    )
    .output(out.orderList)
    .query(({ ctx, input }) => ctx.asUser((db) => listOrderViews(db, { ...input, statuses: input.status }))),

  get: viewerProcedure
    .meta({
      description: 'One order with its events (the venue’s raw payloads) and fills',
      example: { id: 1 },
    })
    .input(z.strictObject({ id }))
    .output(out.orderDetail)
    .query(({ ctx, input }) => ctx.asUser((db) => getOrderDetail(db, input.id))),

  cancel: operatorProcedure
    .meta({
      description:
        'Asks to cancel a working order; the daemon holding its deployment sends the cancel (credited to the operator). Repeating it is harmless',
      example: { id: 1 },
    })
    .input(z.strictObject({ id }))
    .output(out.cancel)
    .mutation(async ({ ctx, input }) => {
      const request = await ctx.asUser((db) => requestOperatorCancel(db, input.id, ctx.user.id));
      await ctx.bus.publish(
        'trading.cancel_requested',
        {
          orderId: request.orderId,
          deploymentId: request.deploymentId,
          brokerAccountId: request.brokerAccountId,
          clientOrderId: request.clientOrderId,
          source: 'operator',
          requestedBy: ctx.user.id,
        },
        { ownerId: request.ownerId },
      );
      return {
        orderId: request.orderId,
        clientOrderId: request.clientOrderId,
        status: request.status,
        created: request.created,
      };
    }),
});
