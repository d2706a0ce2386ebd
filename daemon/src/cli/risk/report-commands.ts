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
import { riskCommand, row } from './risk-cli';

const id = z.coerce.number().int().positive();
const num = z.coerce.number().finite();

export const violations = riskCommand({
  summary: 'Denials and warnings, newest first',
  usage: [
    '[--deployment N] [--account N] [--rule CODE] [--severity deny|warning]',
    '  [--since DATE] [--limit N] [--json]',
  ],
  options: {
    deployment: { type: 'string', value: 'N', describe: "one deployment's" },
    account: { type: 'string', value: 'N', describe: "one broker account's" },
    rule: { type: 'string', value: 'CODE', describe: 'one rule, e.g. max_order_qty' },
    severity: { type: 'string', value: 'deny|warning', describe: 'denials or warnings only' },
    since: { type: 'string', value: 'DATE', describe: 'from this IST day (YYYY-MM-DD) or instant' },
    limit: { type: 'string', value: 'N', describe: 'at most N (default 50)' },
    json: { type: 'boolean', describe: 'as JSON' },
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
});

export const size = riskCommand({
  summary: 'Position size that risks the amount at the stop, in whole lots (no database needed)',
  usage: [
    '--capital C (--risk-percent P | --risk-amount A) --entry E (--stop S | --atr A [--atr-multiple M])',
    '  [--side buy|sell] [--lot L] [--tick T] [--margin-rate R] [--funds F] [--max-value V]',
  ],
  options: {
    capital: { type: 'string', value: 'C', describe: 'capital, rupees' },
    'risk-percent': { type: 'string', value: 'P', describe: 'risk this percentage of capital at the stop' },
    'risk-amount': { type: 'string', value: 'A', describe: 'or this many rupees' },
    entry: { type: 'string', value: 'E', describe: 'entry price' },
    stop: { type: 'string', value: 'S', describe: 'stop-loss price' },
    atr: { type: 'string', value: 'A', describe: 'or a stop at this ATR times --atr-multiple' },
    'atr-multiple': { type: 'string', value: 'M', describe: 'ATR multiple for the stop' },
    side: { type: 'string', value: 'buy|sell', describe: 'default buy' },
    lot: { type: 'string', value: 'L', describe: 'lot size' },
    tick: { type: 'string', value: 'T', describe: 'tick size' },
    'margin-rate': { type: 'string', value: 'R', describe: 'margin as a fraction of value (F&O, intraday)' },
    funds: { type: 'string', value: 'F', describe: 'funds available' },
    'max-value': { type: 'string', value: 'V', describe: 'largest position value allowed' },
  },
  database: false,
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
});

export const portfolio = riskCommand({
  summary: 'The latest portfolio-risk snapshots of an account (risk.scan), as JSON',
  usage: '--account N [--points N]',
  options: {
    account: { type: 'string', value: 'N', describe: 'the broker account' },
    points: { type: 'string', value: 'N', describe: 'how many snapshots (default 1)' },
  },
  schema: z.object({ account: id, points: z.coerce.number().int().min(1).max(2000).default(1) }),
  async run(f, pool) {
    console.log(JSON.stringify(await listSnapshots(pool, f.account as number, f.points as number), null, 2));
    return 0;
  },
});

export const scan = riskCommand({
  summary: 'Run a portfolio scan now, in this process',
  usage: '[--force]',
  options: { force: { type: 'boolean', describe: 'scan outside a session too' } },
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
});

export const funds = riskCommand({
  summary: 'Record an account’s funds figure (for limits written as a share of capital, and leverage)',
  usage: '--account N --capital C [--available A]',
  options: {
    account: { type: 'string', value: 'N', describe: 'the broker account' },
    capital: { type: 'string', value: 'C', describe: 'capital, rupees' },
    available: { type: 'string', value: 'A', describe: 'funds available now, rupees' },
  },
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
});
