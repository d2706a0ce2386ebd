// `quanttrade risk violations | size | portfolio | scan | funds`.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { parseTimeBound } from '../../core/time-window';
import { createLogger } from '../../logging/logger';
import { sizePosition } from '../../risk/index';
import { runPortfolioScan } from '../../risk-control/portfolio-scan';
import { listSnapshots } from '../../risk-control/portfolio-series';
import { recordFunds } from '../../risk-control/portfolio-store';
import { listViolations } from '../../risk-control/violation-query';
import { row, type RiskCommand } from './risk-cli';

const id = z.coerce.number().int().positive();
const num = z.coerce.number().finite();

export const violations: RiskCommand = {
  help: `quanttrade risk violations [--deployment N] [--account N] [--rule CODE] [--severity deny|warning]
                           [--since DATE] [--limit N] [--json]
  Denials and warnings, newest first.`,
  flags: {
    deployment: 'string',
    account: 'string',
    rule: 'string',
    severity: 'string',
    since: 'string',
    limit: 'string',
    json: 'boolean',
  },
  schema: z.object({
    deployment: id.optional(),
    account: id.optional(),
    rule: z.string().optional(),
    severity: z.enum(['deny', 'warning']).optional(),
    since: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(50),
    json: z.boolean().optional(),
  }),
  async run(f, pool) {
    const list = await listViolations(pool, {
      deploymentId: f.deployment as number | undefined,
      accountId: f.account as number | undefined,
      rule: f.rule as string | undefined,
      severity: f.severity as 'deny' | 'warning' | undefined,
      from: f.since === undefined ? undefined : parseTimeBound(f.since as string, 'from'),
      limit: f.limit as number,
      offset: 0,
    });
    if (f.json) console.log(JSON.stringify(list, null, 2));
    else if (list.length === 0) console.log('no violations');
    else
      for (const v of list)
        console.log(
          row(
            [
              formatIstDateTime(Date.parse(v.at)),
              v.severity,
              v.rule,
              v.deploymentId ? `dep ${v.deploymentId}` : `acct ${v.accountId}`,
              v.message,
            ],
            [24, 7, 20, 9, 0],
          ),
        );
    return 0;
  },
};

export const size: RiskCommand = {
  help: `quanttrade risk size --capital C (--risk-percent P | --risk-amount A) --entry E (--stop S | --atr A [--atr-multiple M])
                     [--side buy|sell] [--lot L] [--tick T] [--margin-rate R] [--funds F] [--max-value V]
  Position size that risks the amount at the stop, in whole lots.`,
  flags: {
    capital: 'string',
    'risk-percent': 'string',
    'risk-amount': 'string',
    entry: 'string',
    stop: 'string',
    atr: 'string',
    'atr-multiple': 'string',
    side: 'string',
    lot: 'string',
    tick: 'string',
    'margin-rate': 'string',
    funds: 'string',
    'max-value': 'string',
  },
  schema: z.object({
    capital: num.positive(),
    'risk-percent': num.positive().max(100).optional(),
    'risk-amount': num.positive().optional(),
    entry: num.positive(),
    stop: num.positive().optional(),
    atr: num.positive().optional(),
    'atr-multiple': num.positive().optional(),
    side: z.enum(['buy', 'sell']).default('buy'),
    lot: z.coerce.number().int().positive().optional(),
    tick: num.positive().optional(),
    'margin-rate': num.positive().max(1).optional(),
    funds: num.nonnegative().optional(),
    'max-value': num.positive().optional(),
  }),
  async run(f) {
    const r = sizePosition({
      side: f.side as 'buy' | 'sell',
      capital: f.capital as number,
      riskPercent: f['risk-percent'] as number | undefined,
      riskAmount: f['risk-amount'] as number | undefined,
      entryPrice: f.entry as number,
      stopPrice: f.stop as number | undefined,
      atr: f.atr as number | undefined,
      atrMultiple: f['atr-multiple'] as number | undefined,
      lotSize: f.lot as number | undefined,
      tickSize: f.tick as number | undefined,
      marginRate: f['margin-rate'] as number | undefined,
      availableFunds: f.funds as number | undefined,
      maxPositionValue: f['max-value'] as number | undefined,
    });
    console.log(JSON.stringify(r, null, 2));
    return 0;
  },
};

export const portfolio: RiskCommand = {
  help: 'quanttrade risk portfolio --account N [--points N]\n  The latest portfolio-risk snapshots of an account (risk.scan), as JSON.',
  flags: { account: 'string', points: 'string' },
  schema: z.object({ account: id, points: z.coerce.number().int().min(1).max(2000).default(1) }),
  async run(f, pool) {
    console.log(JSON.stringify(await listSnapshots(pool, f.account as number, f.points as number), null, 2));
    return 0;
  },
};

export const scan: RiskCommand = {
  help: 'quanttrade risk scan [--force]\n  Runs a portfolio scan now, in this process (--force: outside a session too).',
  flags: { force: 'boolean' },
  schema: z.object({ force: z.boolean().optional() }),
  async run(f, pool) {
    const log = createLogger({
      level: 'warn',
      format: 'json',
      destination: process.stderr,
      isTerminal: false,
    });
    const result = await runPortfolioScan({ pool, log }, Date.now(), { force: Boolean(f.force) });
    console.log(
      result.skipped
        ? `skipped: ${result.skipped} (--force to scan anyway)`
        : `scanned ${result.accounts} accounts, ${result.warnings} new warnings`,
    );
    return 0;
  },
};

export const funds: RiskCommand = {
  help: 'quanttrade risk funds --account N --capital C [--available A]\n  Records an account’s funds figure (for limits written as a share of capital, and leverage).',
  flags: { account: 'string', capital: 'string', available: 'string' },
  schema: z.object({ account: id, capital: num.nonnegative(), available: num.optional() }),
  async run(f, pool) {
    await recordFunds(pool, {
      accountId: f.account as number,
      capital: f.capital as number,
      available: f.available as number | undefined,
      source: 'cli',
      asOf: Date.now(),
    });
    console.log(`account ${String(f.account)}: capital ₹${String(f.capital)}`);
    return 0;
  },
};
