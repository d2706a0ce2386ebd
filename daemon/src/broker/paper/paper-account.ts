// Paper accounts: the venue-side state of a `paper` broker account — starting capital, cash,
// cost model, slippage and margin rates (sql/013 paper_accounts). Created once per broker
// account; the venue reads it when it opens.
import { AppError, validationError, type FieldIssue } from '../../core/errors';
import { checkOrderCostModel } from '../../costs';
import { parseSlippage } from '../../engine/slippage';
import type { Pool, PoolClient } from '../../db/pool';
import { formatRupees } from '../../core/money';

type Queryable = Pool | PoolClient;

export interface PaperAccountSpec {
  brokerAccountId: number;
  /** Rupees (> 0). */
  startingCapital: number;
  /** 'india' (by product; default) or a costModelByName name. */
  costModel?: string;
  /** none, ticks:N or bps:N (default none). */
  slippage?: string;
  /** Margin share of an INTRADAY position's value, (0, 1]; default 0.2 (5× leverage). */
  intradayMargin?: number;
  /** MARGIN product: margin share per instrument, keyed "EXCHANGE:SYMBOL"; unlisted = 1. */
  marginRates?: Record<string, number>;
}

export interface PaperAccount {
  brokerAccountId: number;
  ownerId: number;
  startingCapital: string;
  cash: string;
  costModel: string;
  slippage: string;
  intradayMargin: number;
  marginRates: Record<string, number>;
}

function check(spec: PaperAccountSpec): void {
  const issues: FieldIssue[] = [];
  if (!(Number.isFinite(spec.startingCapital) && spec.startingCapital > 0))
    issues.push({ path: 'startingCapital', value: spec.startingCapital, expected: 'rupees > 0' });
  if (spec.slippage !== undefined && !parseSlippage(spec.slippage))
    issues.push({ path: 'slippage', value: spec.slippage, expected: 'none, ticks:N or bps:N' });
  const rate = (path: string, v: unknown) => {
    if (!(typeof v === 'number' && v > 0 && v <= 1))
      issues.push({ path, value: v, expected: 'a share in (0, 1]' });
  };
  if (spec.intradayMargin !== undefined) rate('intradayMargin', spec.intradayMargin);
  for (const [k, v] of Object.entries(spec.marginRates ?? {})) rate(`marginRates.${k}`, v);
  if (issues.length) throw validationError(issues, 'paper account');
  if (spec.costModel !== undefined) checkOrderCostModel(spec.costModel);
}

/** Creates the paper books of a `paper` broker account (CONFLICT if they exist). */
export async function createPaperAccount(db: Queryable, spec: PaperAccountSpec): Promise<PaperAccount> {
  check(spec);
  const capital = formatRupees(spec.startingCapital);
  const { rows } = await db.query<{ broker: string; exists: boolean }>(
    `SELECT ba.broker, EXISTS (SELECT 1 FROM paper_accounts p WHERE p.broker_account_id = ba.id) AS exists
       FROM broker_accounts ba WHERE ba.id = $1`,
    [spec.brokerAccountId],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `broker account ${spec.brokerAccountId} does not exist`);
  if (rows[0].broker !== 'paper')
    throw validationError([
      { path: 'brokerAccountId', value: spec.brokerAccountId, expected: 'a broker account of broker paper' },
    ]);
  if (rows[0].exists)
    throw new AppError('CONFLICT', `broker account ${spec.brokerAccountId} already has paper books`);
  await db.query(
    `INSERT INTO paper_accounts (broker_account_id, owner_id, starting_capital, cash, cost_model, slippage,
                                 intraday_margin, margin_rates)
     SELECT id, owner_id, $2, $2, $3, $4, $5, $6 FROM broker_accounts WHERE id = $1`,
    [
      spec.brokerAccountId,
      capital,
      spec.costModel ?? 'india',
      spec.slippage ?? 'none',
      spec.intradayMargin ?? 0.2,
      JSON.stringify(spec.marginRates ?? {}),
    ],
  );
  return (await readPaperAccount(db, spec.brokerAccountId))!;
}

export interface PaperAccountRow {
  broker_account_id: number;
  owner_id: number;
  starting_capital: string;
  cash: string;
  cost_model: string;
  slippage: string;
  intraday_margin: string;
  margin_rates: Record<string, number>;
}

const ACCOUNT_COLUMNS = `broker_account_id, owner_id, starting_capital::text AS starting_capital, cash::text AS cash,
  cost_model, slippage, intraday_margin::text AS intraday_margin, margin_rates`;

/** The account's settings and cash; `lock` locks it for the rest of the transaction. */
export async function readPaperAccount(
  db: Queryable,
  brokerAccountId: number,
  lock = false,
): Promise<PaperAccount | undefined> {
  const { rows } = await db.query<PaperAccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM paper_accounts WHERE broker_account_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [brokerAccountId],
  );
  return rows[0] ? toPaperAccount(rows[0]) : undefined;
}

/**
 * The statement opening a venue state change (paper-venue.ts): the account locked, and the
 * transaction's commit made asynchronous. Parameterless, to travel with its BEGIN
 * (withTransactionFrom): the account id is checked to be an integer before it is written in.
 */
export function lockPaperAccountSql(brokerAccountId: number): string {
  if (!Number.isSafeInteger(brokerAccountId) || brokerAccountId <= 0)
    throw new AppError('INVARIANT_BROKEN', `paper account id ${brokerAccountId} is not a positive integer`);
  return `SELECT ${ACCOUNT_COLUMNS}, set_config('synchronous_commit', 'off', true) AS async_commit
            FROM paper_accounts WHERE broker_account_id = ${brokerAccountId} FOR UPDATE`;
}

export function toPaperAccount(r: PaperAccountRow): PaperAccount {
  return {
    brokerAccountId: r.broker_account_id,
    ownerId: r.owner_id,
    startingCapital: r.starting_capital,
    cash: r.cash,
    costModel: r.cost_model,
    slippage: r.slippage,
    intradayMargin: Number(r.intraday_margin),
    marginRates: r.margin_rates,
  };
}
