// `quanttrade deploy create | start | stop | pause | resume | list | show`: deployments from the
// shell. start/stop/pause/resume only perform the transition (as the API does); the daemon with
// the trader role hears it from the database and does the work.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { AppError } from '../../core/errors';
import { findUserForLogin } from '../../api/auth/users-store';
import { withUserScope } from '../../db/user-scope';
import { StrategyCode } from '../../sandbox/strategy-code';
import {
  COMMANDS,
  createDeployment,
  DEPLOYMENT_STATUSES,
  deploymentSpecSchema,
  findDeployment,
  listDeploymentEvents,
  listDeployments,
  transitionDeployment,
  tradingSummary,
  validateDeploymentSpec,
  type DeploymentCommand,
  type DeploymentRow,
} from '../../trading/index';
import { parseOrThrow } from '../../core/zod-issues';
import { UsageError } from '../command';
import { parseParam, printJson, row, type CliContext, type SubCommand } from './deploy-cli';

const ref = (ctx: CliContext): number | string => {
  const word = ctx.args[0];
  if (!word) throw new UsageError('name the deployment: its id or its name');
  return /^\d+$/.test(word) ? Number(word) : word;
};

function describe(d: DeploymentRow): string {
  return row(
    [
      d.id,
      d.name || '—',
      d.status,
      d.mode,
      `${d.strategyId}v${d.strategyVersion}`,
      d.timeframe,
      d.product,
      d.capital,
      d.symbols.join(','),
    ],
    [5, 20, 9, 6, 8, 4, 9, 14, 0],
  );
}

const create: SubCommand = {
  help: `quanttrade deploy create --owner EMAIL --name NAME --strategy ID[:VERSION] --symbol S [--symbol S …]
    --timeframe 1m|3m|5m|15m|30m|1h|1d --product CNC|INTRADAY|MARGIN --capital RUPEES --account ID
    [--param k=v …] [--risk-profile ID] [--mode paper|live] [--json]
  Creates a stopped deployment of a saved strategy version (the latest when VERSION is omitted),
  checked like the API's deployments.create: every bad field named, nothing written.`,
  flags: {
    owner: 'string',
    name: 'string',
    strategy: 'string',
    timeframe: 'string',
    product: 'string',
    capital: 'string',
    account: 'string',
    'risk-profile': 'string',
    mode: 'string',
    json: 'boolean',
  },
  repeated: ['symbol', 'param'],
  schema: z.object({
    owner: z.string().trim().toLowerCase().min(3),
    name: z.string(),
    strategy: z.string().regex(/^\d+(:\d+)?$/, 'a strategy id, or ID:VERSION'),
    symbol: z.array(z.string()).min(1),
    param: z.array(z.string()).default([]),
    timeframe: z.string(),
    product: z.string(),
    capital: z.string(),
    account: z.coerce.number().int().positive(),
    'risk-profile': z.coerce.number().int().positive().optional(),
    mode: z.enum(['paper', 'live']).default('paper'),
    json: z.boolean().default(false),
  }),
  async run(f, ctx) {
    const user = await findUserForLogin(ctx.pool, f.owner as string);
    if (!user) throw new AppError('NOT_FOUND', `--owner: no user with email ${String(f.owner)}`);
    const [strategyId, version] = String(f.strategy).split(':').map(Number);
    const latest = await ctx.pool.query<{ latest_version: number }>(
      'SELECT latest_version FROM strategies WHERE id = $1',
      [strategyId],
    );
    const spec = parseOrThrow(
      deploymentSpecSchema,
      {
        name: f.name,
        strategyId,
        strategyVersion: version ?? latest.rows[0]?.latest_version ?? 1,
        params: Object.fromEntries((f.param as string[]).map(parseParam)),
        symbols: f.symbol,
        timeframe: f.timeframe,
        product: f.product,
        capital: f.capital,
        brokerAccountId: f.account,
        riskProfileId: f['risk-profile'] ?? null,
        mode: f.mode,
      },
      'deployment',
    );
    const code = new StrategyCode();
    try {
      const created = await withUserScope(ctx.pool, { userId: user.id, role: user.role }, async (db) => {
        const checked = await validateDeploymentSpec(db, user.id, spec, code);
        return createDeployment(db, user.id, checked.spec, {
          actor: 'user',
          actorUserId: user.id,
          reason: 'created with quanttrade deploy create',
        });
      });
      if (f.json) printJson(created);
      else
        console.log(
          `created deployment ${created.id} '${created.name}' (stopped): ${created.symbols.join(', ')} ${created.timeframe} ${created.product}, capital ${created.capital}`,
        );
      return 0;
    } finally {
      await code.close();
    }
  },
};

function mover(command: DeploymentCommand): SubCommand {
  const { from, to } = COMMANDS[command];
  return {
    help: `quanttrade deploy ${command} ID|NAME [--reason TEXT]\n  ${from.join(' | ')} → ${to}. The daemon with the trader role does the rest.`,
    flags: { reason: 'string' },
    schema: z.object({ reason: z.string().max(500).optional() }),
    async run(f, ctx) {
      const d = await findDeployment(ctx.pool, ref(ctx));
      const { deployment } = await transitionDeployment(ctx.pool, {
        deploymentId: d.id,
        from,
        to,
        actor: 'user',
        reason: (f.reason as string | undefined) ?? `quanttrade deploy ${command}`,
      });
      console.log(`deployment ${d.id} '${d.name}': ${d.status} → ${deployment.status}`);
      return 0;
    },
  };
}

const list: SubCommand = {
  help: 'quanttrade deploy list [--status S] [--account ID] [--json]\n  Deployments, newest first.',
  flags: { status: 'string', account: 'string', json: 'boolean' },
  schema: z.object({
    status: z.enum(DEPLOYMENT_STATUSES).optional(),
    account: z.coerce.number().int().positive().optional(),
    json: z.boolean().default(false),
  }),
  async run(f, ctx) {
    const { deployments, total } = await listDeployments(ctx.pool, {
      status: f.status ? [f.status as (typeof DEPLOYMENT_STATUSES)[number]] : undefined,
      brokerAccountId: f.account as number | undefined,
      limit: 500,
    });
    if (f.json) return (printJson({ deployments, total }), 0);
    if (total === 0) console.log('no deployments');
    else
      console.log(
        row(
          ['id', 'name', 'status', 'mode', 'strategy', 'tf', 'product', 'capital', 'symbols'],
          [5, 20, 9, 6, 8, 4, 9, 14, 0],
        ),
      );
    for (const d of deployments) console.log(describe(d));
    return 0;
  },
};

const show: SubCommand = {
  help: 'quanttrade deploy show ID|NAME [--json]\n  One deployment: its spec, P&L, the daemon holding it, and its latest transitions.',
  flags: { json: 'boolean' },
  schema: z.object({ json: z.boolean().default(false) }),
  async run(f, ctx) {
    const d = await findDeployment(ctx.pool, ref(ctx));
    const events = await listDeploymentEvents(ctx.pool, d.id, { limit: 20 });
    const summary = (await tradingSummary(ctx.pool, { deploymentId: d.id })).deployments[0];
    const lease = await ctx.pool.query<{ holder: string; expires_at: Date }>(
      'SELECT holder, expires_at FROM leases WHERE deployment_id = $1 AND expires_at > clock_timestamp()',
      [d.id],
    );
    if (f.json) return (printJson({ deployment: d, summary, lease: lease.rows[0] ?? null, events }), 0);
    console.log(`deployment ${d.id} '${d.name}' — ${d.status}${d.error ? `: ${d.error}` : ''}`);
    console.log(`  strategy ${d.strategyId} v${d.strategyVersion}  params ${JSON.stringify(d.params)}`);
    console.log(
      `  ${d.symbols.join(', ')}  ${d.timeframe}  ${d.product}  capital ${d.capital}  ${d.mode} on account ${d.brokerAccountId}${d.riskProfileId ? `  risk profile ${d.riskProfileId}` : ''}`,
    );
    console.log(`  held by ${lease.rows[0]?.holder ?? 'no daemon'}`);
    if (summary)
      console.log(
        `  P&L: realised ${summary.realisedPnl}  unrealised ${summary.unrealisedPnl}  costs ${summary.costs}  net ${summary.netPnl}  exposure ${summary.grossExposure}  open positions ${summary.openPositions}  open orders ${summary.openOrders}`,
      );
    console.log('transitions:');
    for (const e of events)
      console.log(
        row(
          [formatIstDateTime(e.at), `${e.from ?? '(new)'} → ${e.to}`, e.actor, e.reason ?? ''],
          [22, 22, 9, 0],
        ),
      );
    return 0;
  },
};

export const deployCommands: Record<string, SubCommand> = {
  create,
  start: mover('start'),
  stop: mover('stop'),
  pause: mover('pause'),
  resume: mover('resume'),
  list,
  show,
};
