// risk.*: risk profiles (presets, CRUD, versions, assignment to accounts and deployments),
// trading states, violations, the kill switch (risk-kill-switch.ts), the position-sizing
// calculator and the portfolio-risk series. Viewers read; operators change their own profiles,
// states and switches; admins everyone's (row-level security under ctx.asUser).
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { parseTimeBound } from '../../core/time-window';
import { istDate } from '../../core/time';
import { visibleTo } from '../../events/event-bus';
import type { BusEvent } from '../../events/event-map';
import {
  LIMITS,
  PRESETS,
  PRESET_VERSION,
  RULES,
  SOFT_LIMITS,
  TRADING_STATES,
  sizePosition,
} from '../../risk/index';
import { recordFunds } from '../../risk-control/portfolio-store';
import { listSnapshots } from '../../risk-control/portfolio-series';
import { assignRiskProfile } from '../../risk-control/profile-service';
import { listStateChanges, listStates, stateAsOf } from '../../risk-control/trading-state-store';
import { setTradingState } from '../../risk-control/trading-state-service';
import { listViolations } from '../../risk-control/violation-query';
import '../../risk-control/risk-events';
import { riskOutputs as out, stateChangeOut, storedStateOut } from '../outputs/risk';
import { killSwitchRouter, riskActor } from './risk-kill-switch';
import { profilesRouter } from './risk-profiles';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../trpc';

const id = z.int().positive();
const bound = z.union([z.string().min(1), z.number()]);
const RISK_EVENTS = [
  'risk.violation',
  'risk.kill_switch',
  'risk.trading_state',
  'risk.profile_changed',
  'risk.scan',
] as const;

/** Rupee amounts and prices the sizing calculator accepts: a paisa to ₹10^12. */
const rupees = z.number().min(0.01).max(1e12);
const price = z.number().min(0.01).max(1e9);

export const riskRouter = router({
  catalogue: viewerProcedure
    .meta({
      description:
        'Every rule (code, category, what it checks), every limit and soft limit, and the presets with their numbers',
    })
    .output(out.catalogue)
    .query(() => ({
      rules: RULES,
      limits: LIMITS,
      softLimits: SOFT_LIMITS,
      presets: PRESETS,
      presetVersion: PRESET_VERSION,
    })),

  profiles: profilesRouter,
  killSwitch: killSwitchRouter,

  assign: operatorProcedure
    .meta({
      description:
        "Assigns a profile to a broker account, or overrides it for one deployment (profileId null: back to the account's, or the conservative preset)",
      example: { accountId: 1, profileId: 1 },
    })
    .input(
      z.union([
        z.strictObject({ accountId: id, profileId: id.nullable() }),
        z.strictObject({ deploymentId: id, profileId: id.nullable() }),
      ]),
    )
    .output(out.assign)
    .mutation(({ ctx, input }) =>
      assignRiskProfile(
        { run: ctx.asUser, bus: ctx.bus },
        riskActor(ctx),
        'accountId' in input ? { accountId: input.accountId } : { deploymentId: input.deploymentId },
        input.profileId,
      ),
    ),

  state: viewerProcedure
    .meta({
      description:
        'Trading states (ACTIVE, REDUCING, HALTED) of your accounts and deployments, and their latest changes',
    })
    .input(
      z
        .strictObject({
          scope: z.enum(['account', 'deployment']).optional(),
          scopeId: id.optional(),
          changes: z.int().min(0).max(500).default(50),
        })
        .default({ changes: 50 }),
    )
    .output(out.state)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        const today = istDate(Date.now());
        return {
          states: (await listStates(db, input)).map((s) => storedStateOut(stateAsOf(s, today))),
          changes: (await listStateChanges(db, { ...input, limit: input.changes })).map((c) => ({
            ...stateChangeOut(c),
            id: c.id,
          })),
        };
      }),
    ),

  setState: operatorProcedure
    .meta({
      description:
        "Moves an account's or deployment's trading state (HALTED stops all but protective exits; with flatten, positions are closed); audited",
      example: { scope: 'deployment', scopeId: 1, state: 'HALTED', reason: 'checking fills' },
    })
    .input(
      z.strictObject({
        scope: z.enum(['account', 'deployment']),
        scopeId: id,
        state: z.enum(TRADING_STATES),
        reason: z.string().trim().min(1).max(500),
        flatten: z.boolean().optional(),
      }),
    )
    .output(out.stateChange)
    .mutation(async ({ ctx, input }) =>
      stateChangeOut(await setTradingState(ctx.asUser, riskActor(ctx), input)),
    ),

  violations: viewerProcedure
    .meta({
      description:
        'Risk violations (denials and scan warnings), newest first, filtered by deployment, account, rule, severity and time',
      example: { deploymentId: 1, rule: 'max_order_value', limit: 50 },
    })
    .input(
      z
        .strictObject({
          deploymentId: id.optional(),
          accountId: id.optional(),
          rule: z.string().max(60).optional(),
          severity: z.enum(['deny', 'warning']).optional(),
          from: bound.optional(),
          to: bound.optional(),
          limit: z.int().min(1).max(1000).default(100),
          offset: z.int().min(0).default(0),
        })
        .default({ limit: 100, offset: 0 }),
    )
    .output(out.violations)
    .query(({ ctx, input }) =>
      ctx.asUser((db) =>
        listViolations(db, {
          ...input,
          from: input.from === undefined ? undefined : parseTimeBound(input.from, 'from'),
          to: input.to === undefined ? undefined : parseTimeBound(input.to, 'to'),
        }),
      ),
    ),

  calculator: viewerProcedure
    .meta({
      description:
        'Position size for a risk per trade: from a stop price or ATR, rounded to lots, capped by value and by the funds its margin needs',
      example: { side: 'buy', capital: 1000000, riskPercent: 1, entryPrice: 500, stopPrice: 490, lotSize: 1 },
    })
    .input(
      // Bounded to what a trade can be (a paisa to ₹10^12): extreme or subnormal values would
      // overflow the arithmetic into Infinity or NaN rather than say which input is wrong.
      z.strictObject({
        side: z.enum(['buy', 'sell']),
        capital: rupees,
        riskPercent: z.number().min(0.0001).max(100).optional(),
        riskAmount: rupees.optional(),
        entryPrice: price,
        stopPrice: price.optional(),
        atr: price.optional(),
        atrMultiple: z.number().min(0.01).max(50).optional(),
        lotSize: z.int().positive().max(10_000_000).optional(),
        tickSize: z.number().min(0.0001).max(1_000).optional(),
        marginRate: z.number().min(0.001).max(1).optional(),
        availableFunds: z.number().nonnegative().max(1e12).optional(),
        maxPositionValue: rupees.optional(),
      }),
    )
    .output(out.sizing)
    .query(({ input }) => sizePosition(input)),

  portfolio: viewerProcedure
    .meta({
      description:
        "An account's portfolio risk from the risk.scan series: the latest snapshot and up to `points` before it",
      example: { accountId: 1, points: 60 },
    })
    .input(z.strictObject({ accountId: id, points: z.int().min(1).max(2000).default(60) }))
    .output(out.portfolio)
    .query(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        const series = await listSnapshots(db, input.accountId, input.points);
        return { latest: series[0] ?? null, series: series.reverse() };
      }),
    ),

  setFunds: operatorProcedure
    .meta({
      description:
        "Records an account's funds figure (capital), used by limits written as a share of capital and by leverage",
      example: { accountId: 1, capital: 1000000 },
    })
    .input(
      z.strictObject({
        accountId: id,
        capital: z.number().nonnegative().finite(),
        available: z.number().finite().optional(),
      }),
    )
    .output(out.funds)
    .mutation(({ ctx, input }) =>
      ctx.asUser(async (db) => {
        await recordFunds(db, { ...input, source: `operator:${ctx.user.id}`, asOf: Date.now() });
        return { accountId: input.accountId, capital: input.capital };
      }),
    ),

  setSector: adminProcedure
    .meta({
      description: "Sets an instrument's sector (shared market data), for exposure by sector",
      example: { instrumentId: 1, sector: 'Banks' },
    })
    .input(z.strictObject({ instrumentId: id, sector: z.string().trim().min(1).max(100).nullable() }))
    .output(out.sector)
    .mutation(async ({ ctx, input }) => {
      const { rowCount } = await ctx.pool.query('SELECT 1 FROM instruments WHERE id = $1', [
        input.instrumentId,
      ]);
      if (rowCount === 0) throw new AppError('NOT_FOUND', `no instrument ${input.instrumentId}`);
      if (input.sector === null)
        await ctx.pool.query('DELETE FROM instrument_sectors WHERE instrument_id = $1', [input.instrumentId]);
      else
        await ctx.pool.query(
          `INSERT INTO instrument_sectors (instrument_id, sector) VALUES ($1, $2)
           ON CONFLICT (instrument_id) DO UPDATE SET sector = EXCLUDED.sector, updated_at = now()`,
          [input.instrumentId, input.sector],
        );
      return input;
    }),

  events: viewerProcedure
    .meta({
      description:
        'Live stream of risk events you may see: denials, warnings, kill switches, trading states, profile changes, scans',
    })
    .input(z.strictObject({ types: z.array(z.enum(RISK_EVENTS)).min(1).optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const visible = visibleTo(ctx.user);
      for await (const event of ctx.bus.stream(input?.types ?? [...RISK_EVENTS], {
        signal,
        filter: visible,
      })) {
        yield { type: event.type, at: event.at, payload: event.payload } as RiskEvent;
      }
    }),
});

export type RiskEvent = {
  [K in (typeof RISK_EVENTS)[number]]: { type: K; at: string; payload: BusEvent<K>['payload'] };
}[(typeof RISK_EVENTS)[number]];
