// deployments.*: deployments as data (issue 10 §2, §7). Create and update check the spec against
// the database; start, stop, pause and resume only perform their transition — the daemon running
// trading (the runner) hears 'deployment.changed' and does the work. Viewers read their own,
// operators change their own, admins reach everyone's (row-level security).
import { z } from 'zod';
import { AppError } from '../../core/errors';
import {
  commandDeployment,
  createUserDeployment,
  DEPLOYMENT_STATUSES,
  deploymentChangesSchema,
  deploymentSpecSchema,
  driftReport,
  driftView,
  listDeploymentEvents,
  listDeployments,
  listEodReports,
  loadDeployment,
  readEodReport,
  updateUserDeployment,
  type DeploymentCommand,
  type DeploymentEventRow,
  type DeploymentRow,
} from '../../trading/index';
import type { Context } from '../context';
import { tradingOutputs as out } from '../outputs/trading';
import { operatorProcedure, router, viewerProcedure, type AuthedContext } from '../trpc';

type Ctx = Context & AuthedContext;
const id = z
  .int()
  .positive()
  .max(2 ** 53 - 1);

export const deploymentView = (d: DeploymentRow) => ({
  ...d,
  createdAt: new Date(d.createdAt).toISOString(),
  updatedAt: new Date(d.updatedAt).toISOString(),
});
const eventView = (e: DeploymentEventRow) => ({ ...e, at: new Date(e.at).toISOString() });

const caller = (ctx: Ctx) => ({ userId: ctx.user.id, asUser: ctx.asUser, code: ctx.strategyCode });

const EXAMPLE = {
  name: 'nifty trend',
  strategyId: 1,
  strategyVersion: 1,
  params: { fast: 10, slow: 30, size: 10 },
  symbols: ['NSE:TCS', 'NSE:INFY'],
  timeframe: '5m',
  product: 'INTRADAY',
  capital: '250000',
  brokerAccountId: 1,
} as const;

function command(name: DeploymentCommand, description: string) {
  return operatorProcedure
    .meta({ description, example: { id: 1 } })
    .input(z.strictObject({ id, reason: z.string().trim().min(1).max(500).optional() }))
    .output(out.transition)
    .mutation(async ({ ctx, input }) => {
      const { deployment, event } = await commandDeployment(caller(ctx), input.id, name, input.reason);
      return { deployment: deploymentView(deployment), event: eventView(event) };
    });
}

export const deploymentsRouter = router({
  create: operatorProcedure
    .meta({
      description:
        'Creates a deployment (stopped): a saved strategy version, params, symbols, timeframe, product, capital and account, each checked against the database',
      example: EXAMPLE,
    })
    .input(deploymentSpecSchema)
    .output(out.deployment)
    .mutation(async ({ ctx, input }) => deploymentView(await createUserDeployment(caller(ctx), input))),

  update: operatorProcedure
    .meta({
      description:
        'Changes fields of a stopped, failed or halted deployment; the whole spec is checked again',
      example: { id: 1, changes: { capital: '500000', symbols: ['NSE:TCS'] } },
    })
    .input(z.strictObject({ id, changes: deploymentChangesSchema }))
    .output(out.deployment)
    .mutation(async ({ ctx, input }) => {
      const updated = await updateUserDeployment(caller(ctx), input.id, input.changes);
      // The risk gate caches each deployment's effective profile: tell it this one changed.
      if (input.changes.riskProfileId !== undefined)
        await ctx.bus.publish(
          'risk.profile_changed',
          { profileId: updated.riskProfileId, version: null, deploymentId: updated.id },
          { ownerId: updated.ownerId },
        );
      return deploymentView(updated);
    }),

  start: command('start', 'stopped | error | halted → starting (the runner warms it up, then running)'),
  stop: command(
    'stop',
    'starting | running | paused | halted | error → stopping (the runner cancels its working orders; positions are kept)',
  ),
  pause: command('pause', 'running → paused: no new entries; exits and stops still work'),
  resume: command('resume', 'paused → running'),

  list: viewerProcedure
    .meta({ description: 'Your deployments (admins: everyone’s), newest first' })
    .input(
      z
        .strictObject({
          status: z.array(z.enum(DEPLOYMENT_STATUSES)).min(1).max(7).optional(),
          brokerAccountId: id.optional(),
          limit: z.int().min(1).max(500).default(100),
          offset: z.int().min(0).max(1_000_000).default(0),
        })
        .default({ limit: 100, offset: 0 }),
    )
    .output(out.deploymentList)
    .query(async ({ ctx, input }) => {
      const { deployments, total } = await ctx.asUser((db) => listDeployments(db, input));
      return {
        deployments: deployments.map((d) => ({
          ...deploymentView(d),
          lastBarAt: d.lastBarAt === null ? null : new Date(d.lastBarAt).toISOString(),
          lastSignalAt: d.lastSignalAt === null ? null : new Date(d.lastSignalAt).toISOString(),
        })),
        total,
      };
    }),

  get: viewerProcedure
    .meta({
      description: 'One deployment, with the daemon holding it (its lease) if any',
      example: { id: 1 },
    })
    .input(z.strictObject({ id }))
    .output(out.deploymentDetail)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        const d = await loadDeployment(db, input.id);
        const { rows } = await db.query<{ holder: string; token: number; expires_at: Date }>(
          'SELECT holder, token, expires_at FROM leases WHERE deployment_id = $1 AND expires_at > clock_timestamp()',
          [input.id],
        );
        const l = rows[0];
        return {
          ...deploymentView(d),
          lease: l ? { holder: l.holder, token: l.token, expiresAt: l.expires_at.toISOString() } : null,
        };
      }),
    ),

  drift: viewerProcedure
    .meta({
      description:
        'Drift report: the day’s stored bars replayed through the backtester with the deployment’s exact strategy version, params and costs, against its stored signals and fills — every one missing, extra or different (price, time, quantity); zero rows when it behaved like its backtest',
      example: { id: 1, date: '2026-01-05' },
    })
    .input(z.strictObject({ id, date: z.iso.date().describe('IST trading date') }))
    .output(out.drift)
    .query(async ({ ctx, input }) =>
      driftView(
        await driftReport(
          { pool: ctx.pool, asUser: ctx.asUser, code: ctx.strategyCode },
          input.id,
          input.date,
        ),
      ),
    ),

  eodReports: viewerProcedure
    .meta({
      description:
        'A deployment’s stored end-of-day reports, newest trading date first: day P&L, charges, net, trades, orders and positions carried (the whole report: deployments.eodReport; all as a file: GET /api/exports/deployment?table=eod)',
      example: { id: 1 },
    })
    .input(
      z.strictObject({
        id,
        limit: z.int().min(1).max(1000).default(100),
        offset: z.int().min(0).max(1_000_000).default(0),
      }),
    )
    .output(out.eodReports)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        await loadDeployment(db, input.id);
        const { reports, total } = await listEodReports(db, input.id, input);
        return {
          reports: reports.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
          total,
        };
      }),
    ),

  eodReport: viewerProcedure
    .meta({
      description:
        'One end-of-day report as stored at the session close: the day’s trades with charges by component, P&L by component, positions carried, order counts',
      example: { id: 1, date: '2026-01-05' },
    })
    .input(z.strictObject({ id, date: z.iso.date().describe('IST trading date') }))
    .output(out.eodReport)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        await loadDeployment(db, input.id);
        const report = await readEodReport(db, input.id, input.date);
        if (!report)
          throw new AppError(
            'NOT_FOUND',
            `deployment ${input.id} has no end-of-day report for ${input.date}`,
          );
        return { report };
      }),
    ),

  events: viewerProcedure
    .meta({ description: 'A deployment’s transitions, newest first: who, why, when', example: { id: 1 } })
    .input(
      z.strictObject({
        id,
        limit: z.int().min(1).max(1000).default(100),
        beforeId: id.optional(),
      }),
    )
    .output(out.deploymentEvents)
    .query(async ({ ctx, input }) =>
      ctx.asUser(async (db) => {
        await loadDeployment(db, input.id);
        const events = await listDeploymentEvents(db, input.id, input);
        return { events: events.map(eventView) };
      }),
    ),
});
