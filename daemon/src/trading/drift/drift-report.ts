// The drift report (issue 10 §6): for a deployment and an IST trading date, run the backtester
// over the stored bars with the deployment's exact strategy version (template, or user code in
// the sandbox), parameters, symbols, timeframe, product, capital and its paper account's costs
// and slippage, and compare that day's expected signals and fills with the ones the deployment
// stored (drift-diff.ts). A deployment that behaved like its backtest gives zero rows.
//
// The backtest trades from the start of the deployment's first day with a signal (at most
// MAX_REPLAY_DAYS back), so positions carried into the date are the backtest's own as they are
// the deployment's; bars before that only warm the indicators up.
import type { BarSeries } from '../../core/bar';
import { AppError, validationError } from '../../core/errors';
import { parseTimeframe } from '../../core/timeframe';
import type { Pool, PoolClient } from '../../db/pool';
import { runBacktest } from '../../engine/backtest';
import type { BacktestResult } from '../../engine/result';
import { readCoverage } from '../../market/bar-coverage';
import { loadBars } from '../../market/bar-store';
import { resampleBars } from '../../market/resample';
import { loadRunCode } from '../../backtests/run-spec';
import type { StrategyCode } from '../../sandbox/strategy-code';
import { costModelName } from '../../strategy-library/strategy-input';
import { getStrategyVersion } from '../../strategy-library/strategy-store';
import { loadDeployment, type DeploymentRow } from '../deployments/deployment-store';
import { canMake } from '../deployments/deployment-validation';
import { diffDrift, type ActualEvent, type DriftEvent, type DriftRow, type DriftSummary } from './drift-diff';

/** Bars fed before the first traded day so every indicator is defined (templates need < 300). */
export const DRIFT_WARMUP_BARS = 500;
/** The furthest back a drift backtest starts trading (a long-running deployment starts here). */
export const MAX_REPLAY_DAYS = 60;

const DAY_MS = 86_400_000;

export interface DriftReport {
  deploymentId: number;
  date: string;
  rows: DriftRow[];
  summary: DriftSummary;
}

export interface DriftDeps {
  pool: Pool;
  /** Runs `fn` under the caller's row-level security (the deployment and its rows must be theirs). */
  asUser<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
  code?: StrategyCode;
}

const istStart = (date: string) => Date.parse(`${date}T00:00:00+05:30`);
const istDate = (t: number) => new Date(t + 5.5 * 3_600_000).toISOString().slice(0, 10);

function checkDate(date: string): number {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(date) ? istStart(date) : NaN;
  if (Number.isNaN(start))
    throw validationError([{ path: 'date', value: date, expected: 'a date YYYY-MM-DD (IST)' }]);
  return start;
}

/** The deployment's symbols (as the engine keys series) → their canonical names. */
async function instrumentsOf(pool: Pool, d: DeploymentRow) {
  const { rows } = await pool.query<{ id: number; symbol: string; exchange: string }>(
    `SELECT id, symbol, exchange FROM instruments WHERE exchange || ':' || symbol = ANY($1)`,
    [d.symbols],
  );
  return rows;
}

/** The day's series at the deployment's timeframe: stored as such, or made from a finer one. */
async function loadDayBars(
  pool: Pool,
  d: DeploymentRow,
  from: number,
  to: number,
): Promise<Map<string, BarSeries>> {
  const instruments = await instrumentsOf(pool, d);
  const coverage = await readCoverage(
    pool,
    instruments.map((i) => i.id),
  );
  const out = new Map<string, BarSeries>();
  for (const i of instruments) {
    const held = coverage
      .filter((c) => c.instrumentId === i.id && canMake(c.timeframe, d.timeframe))
      .sort((a, b) => parseTimeframe(b.timeframe)!.seconds - parseTimeframe(a.timeframe)!.seconds);
    if (!held[0])
      throw new AppError(
        'NOT_FOUND',
        `${i.exchange}:${i.symbol}: the bar store holds no bars that make ${d.timeframe} bars`,
      );
    const [series] = await loadBars(pool, {
      symbols: [`${i.exchange}:${i.symbol}`],
      timeframe: held[0].timeframe,
      from,
      to,
    });
    out.set(i.symbol, resampleBars(series!, d.timeframe));
  }
  return out;
}

/** Where the backtest starts trading: the deployment's first day with a signal, bounded. */
async function replayStart(db: PoolClient, d: DeploymentRow, dayStart: number): Promise<number> {
  const { rows } = await db.query<{ first: Date | null }>(
    'SELECT min(bar_time) AS first FROM signals WHERE deployment_id = $1',
    [d.id],
  );
  const first = rows[0]?.first?.getTime();
  if (first === undefined || first >= dayStart) return dayStart;
  return Math.max(istStart(istDate(first)), dayStart - MAX_REPLAY_DAYS * DAY_MS);
}

async function paperSettings(
  db: PoolClient,
  accountId: number,
): Promise<{ costs?: string; slippage: string }> {
  const { rows } = await db.query<{ cost_model: string; slippage: string }>(
    'SELECT cost_model, slippage FROM paper_accounts WHERE broker_account_id = $1',
    [accountId],
  );
  return rows[0] ? { costs: rows[0].cost_model, slippage: rows[0].slippage } : { slippage: 'none' };
}

/** Bars before `from`: DRIFT_WARMUP_BARS of them, counted in sessions of 375 minutes. */
function warmupFrom(d: DeploymentRow, from: number): number {
  const tf = parseTimeframe(d.timeframe)!;
  const perDay = tf.daily ? 1 : Math.max(1, Math.floor((375 * 60) / tf.seconds));
  // Calendar days for that many sessions, with weekends and holidays (5 sessions in 7 days, and more).
  return from - Math.ceil((DRIFT_WARMUP_BARS / perDay) * 1.6 + 4) * DAY_MS;
}

async function runExpected(
  deps: DriftDeps,
  db: PoolClient,
  d: DeploymentRow,
  from: number,
  to: number,
): Promise<BacktestResult> {
  const { version } = await getStrategyVersion(db, d.strategyId, d.strategyVersion);
  const paper = await paperSettings(db, d.brokerAccountId);
  const bars = await loadDayBars(deps.pool, d, warmupFrom(d, from), to);
  for (const [symbol, series] of bars)
    if (series.length === 0 || series.time[series.length - 1]! < from)
      throw new AppError(
        'NOT_FOUND',
        `${symbol}: the bar store holds no ${d.timeframe} bars from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} to replay`,
      );
  const spec = {
    strategy: version.template ?? version.code!.name,
    params: d.params,
    symbols: [...bars.keys()],
    from,
    to,
    warmupBars: DRIFT_WARMUP_BARS,
    cash: Number(d.capital),
    costs: paper.costs ?? costModelName(version.costs),
    slippage: paper.slippage,
    product: d.product === 'CNC' ? 'delivery' : 'intraday',
  };
  if (version.template !== null) return runBacktest(spec, bars);
  if (!deps.code)
    throw new AppError('INVARIANT_BROKEN', 'a drift report of user code needs the strategy sandbox');
  const strategy = await loadRunCode(db, deps.code, {
    strategyId: d.strategyId,
    version: d.strategyVersion,
    sourceHash: version.code!.sourceHash,
  });
  return deps.code.backtest(strategy, spec, bars);
}

const price4 = (p: number) => p.toFixed(4);

function expectedEvents(result: BacktestResult, names: Map<string, string>, from: number, to: number) {
  const signals: DriftEvent[] = [];
  const fills: DriftEvent[] = [];
  for (const o of result.orders.toArray()) {
    const symbol = names.get(o.symbol) ?? o.symbol;
    if (o.createdTime >= from && o.createdTime < to)
      signals.push({
        symbol,
        side: o.side,
        time: o.createdTime,
        qty: o.qty,
        price: Number.isFinite(o.limitPrice) && o.limitPrice > 0 ? price4(o.limitPrice) : null,
      });
    if (o.status === 'filled' && o.time >= from && o.time < to)
      fills.push({ symbol, side: o.side, time: o.time, qty: o.qty, price: price4(o.price) });
  }
  return { signals, fills };
}

async function actualEvents(db: PoolClient, deploymentId: number, from: number, to: number) {
  const signals = await db.query<{
    id: number;
    symbol: string;
    side: 'buy' | 'sell';
    bar_time: Date;
    qty: number;
    limit_price: string | null;
  }>(
    `SELECT s.id, i.exchange || ':' || i.symbol AS symbol, s.side, s.bar_time, s.qty, s.limit_price::numeric(20, 4)::text AS limit_price
       FROM signals s JOIN instruments i ON i.id = s.instrument_id
      WHERE s.deployment_id = $1 AND s.bar_time >= $2 AND s.bar_time < $3 ORDER BY s.bar_time, s.id`,
    [deploymentId, new Date(from), new Date(to)],
  );
  // An order's fills as one: the backtest fills an order at once, a venue may in parts.
  const fills = await db.query<{
    id: number;
    symbol: string;
    side: 'buy' | 'sell';
    at: Date;
    qty: number;
    price: string;
  }>(
    `SELECT min(f.id) AS id, i.exchange || ':' || i.symbol AS symbol, f.side, min(f.filled_at) AS at, sum(f.qty)::bigint AS qty,
            round(sum(f.qty * f.price) / sum(f.qty), 4)::text AS price
       FROM fills f JOIN instruments i ON i.id = f.instrument_id
      WHERE f.deployment_id = $1 AND f.filled_at >= $2 AND f.filled_at < $3
      GROUP BY f.order_id, i.exchange, i.symbol, f.side ORDER BY min(f.filled_at), min(f.id)`,
    [deploymentId, new Date(from), new Date(to)],
  );
  return {
    signals: signals.rows.map((r): ActualEvent => ({
      id: r.id,
      symbol: r.symbol,
      side: r.side,
      time: r.bar_time.getTime(),
      qty: Number(r.qty),
      price: r.limit_price,
    })),
    fills: fills.rows.map((r): ActualEvent => ({
      id: r.id,
      symbol: r.symbol,
      side: r.side,
      time: r.at.getTime(),
      qty: Number(r.qty),
      price: r.price,
    })),
  };
}

export async function driftReport(deps: DriftDeps, deploymentId: number, date: string): Promise<DriftReport> {
  const dayStart = checkDate(date);
  const dayEnd = dayStart + DAY_MS;
  return deps.asUser(async (db) => {
    const d = await loadDeployment(db, deploymentId);
    const from = await replayStart(db, d, dayStart);
    const result = await runExpected(deps, db, d, from, dayEnd);
    const names = new Map(
      (await instrumentsOf(deps.pool, d)).map((i) => [i.symbol, `${i.exchange}:${i.symbol}`]),
    );
    const expected = expectedEvents(result, names, dayStart, dayEnd);
    const actual = await actualEvents(db, d.id, dayStart, dayEnd);
    const barMs = parseTimeframe(d.timeframe)!.seconds * 1000;
    return { deploymentId, date, ...diffDrift(expected, actual, barMs) };
  });
}
