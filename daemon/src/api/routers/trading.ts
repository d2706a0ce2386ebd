// positions.*, signals.* and trading.*: what the ledger holds, as users see it — positions per
// deployment or account with P&L marked at the last price, every signal (refused ones with the
// risk rules), P&L and exposure per deployment and account — and the live streams of trading
// events (deployments, orders, fills, positions) and of P&L. Viewer role, own rows (RLS).
import { z } from 'zod';
import { visibleTo } from '../../events/event-bus';
import type { BusEvent, EventType } from '../../events/event-map';
import {
  listPnlMarks,
  listPositionViews,
  listSignalViews,
  loadDeployment,
  tradingSummary,
} from '../../trading/index';
import { tradingOutputs as out } from '../outputs/trading';
import { router, viewerProcedure } from '../trpc';
import { pnlStream } from './trading-pnl-stream';

const id = z
  .int()
  .positive()
  .max(2 ** 53 - 1);
const time = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.int().min(0).max(8.64e15)]);

export const TRADING_EVENTS = [
  'deployment.changed',
  'trading.order',
  'trading.fill',
  'trading.position',
  'trading.eod_report',
] as const;
type TradingEventType = (typeof TRADING_EVENTS)[number];

export const positionsRouter = router({
  list: viewerProcedure
    .meta({
      description:
        'Positions per deployment (by: deployment) or per account (by: account): quantity, average price, realised, unrealised and day P&L marked at the last price',
      example: { by: 'deployment', deploymentId: 1 },
    })
    .input(
      z
        .strictObject({
          by: z.enum(['deployment', 'account']).default('deployment'),
          deploymentId: id.optional(),
          brokerAccountId: id.optional(),
          includeFlat: z.boolean().default(false),
        })
        .default({ by: 'deployment', includeFlat: false }),
    )
    .output(out.positions)
    .query(async ({ ctx, input }) => ({ positions: await ctx.asUser((db) => listPositionViews(db, input)) })),
});

export const signalsRouter = router({
  list: viewerProcedure
    .meta({
      description: 'Signals, newest bar first, accepted and refused (with the risk rules that refused them)',
      example: { deploymentId: 1, status: 'rejected' },
    })
    .input(
      z
        .strictObject({
          deploymentId: id.optional(),
          status: z.enum(['pending', 'accepted', 'rejected']).optional(),
          symbol: z.string().trim().min(1).max(70).optional(),
          from: time.optional(),
          to: time.optional(),
          limit: z.int().min(1).max(1000).default(100),
          offset: z.int().min(0).max(1_000_000).default(0),
        })
        .default({ limit: 100, offset: 0 }),
    )
    .output(out.signals)
    .query(({ ctx, input }) => ctx.asUser((db) => listSignalViews(db, input))),
});

const scope = z.strictObject({ deploymentId: id.optional(), brokerAccountId: id.optional() });

export const tradingRouter = router({
  summary: viewerProcedure
    .meta({
      description: 'P&L (realised, unrealised, day, costs, net) and exposure per deployment and per account',
    })
    .input(scope.default({}))
    .output(out.summary)
    .query(({ ctx, input }) => ctx.asUser((db) => tradingSummary(db, input))),

  pnlMarks: viewerProcedure
    .meta({
      description:
        'A deployment’s P&L through one IST trading day (default: the day of its latest mark), one mark per bar the runner stepped, oldest first; `after` returns only newer marks (a chart appends them)',
      example: { deploymentId: 1 },
    })
    .input(
      z.strictObject({
        deploymentId: id,
        day: z.iso.date().optional().describe('IST trading date'),
        after: z.iso.datetime({ offset: true }).optional().describe('Only marks after this time'),
      }),
    )
    .output(out.pnlMarks)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        await loadDeployment(db, input.deploymentId);
        const { day, marks } = await listPnlMarks(db, {
          deploymentId: input.deploymentId,
          ...(input.day ? { day: input.day } : {}),
          ...(input.after ? { after: Date.parse(input.after) } : {}),
        });
        return {
          day,
          marks: marks.map((m) => ({
            ...m,
            at: new Date(m.at).toISOString(),
            barTime: new Date(m.barTime).toISOString(),
          })),
        };
      }),
    ),

  events: viewerProcedure
    .meta({
      description:
        'Live stream of your trading events: deployment transitions, order changes, fills, position changes, end-of-day reports saved (optionally of one deployment)',
    })
    .input(
      z
        .strictObject({
          types: z.array(z.enum(TRADING_EVENTS)).min(1).max(TRADING_EVENTS.length).optional(),
          deploymentId: id.optional(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const visible = visibleTo(ctx.user);
      const only = input?.deploymentId;
      const filter = (e: BusEvent<TradingEventType>) =>
        visible(e as BusEvent<EventType>) &&
        (only === undefined || (e.payload as { deploymentId: number | null }).deploymentId === only);
      for await (const e of ctx.bus.stream(input?.types ?? [...TRADING_EVENTS], { signal, filter }))
        yield { type: e.type, at: e.at, payload: e.payload } as TradingEvent;
    }),

  pnl: viewerProcedure
    .meta({
      description:
        'Live P&L and exposure (trading.summary) whenever it changes: after fills and position changes at once, otherwise at most every intervalSeconds (marks move unrealised P&L)',
    })
    .input(scope.extend({ intervalSeconds: z.int().min(1).max(300).default(5) }).optional())
    .subscription(({ ctx, input, signal }) =>
      pnlStream({
        bus: ctx.bus,
        user: ctx.user,
        asUser: ctx.asUser,
        signal,
        ...(input ?? { intervalSeconds: 5 }),
      }),
    ),
});

export type TradingEvent = {
  [K in TradingEventType]: { type: K; at: string; payload: BusEvent<K>['payload'] };
}[TradingEventType];
