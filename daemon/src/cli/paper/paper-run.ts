// `quanttrade paper` on a replayed range: a paper deployment created in the database, run by
// the runner's replay path (trading/runner/paper-replay.ts), printed as it trades, summarised
// and written as `backtest --json` writes a backtest.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';
import { parseTimeBound } from '../../core/time-window';
import type { Pool } from '../../db/pool';
import { normalizeSpec } from '../../engine/backtest-spec';
import { resultJsonChunks } from '../../engine/result-json-stream';
import type { BacktestResult } from '../../engine/result';
import { createEventBus } from '../../events/event-bus';
import { findInstruments, masterInstrument } from '../../market/instrument-store';
import { createLiveRiskGate } from '../../risk-control/live-risk-gate';
import type { DeploymentTimeframe } from '../../trading/deployments/deployment-spec';
import { createPaperDeployment } from '../../trading/runner/paper-deployment';
import { runPaperReplay } from '../../trading/runner/paper-replay';
import { UsageError } from '../command';
import { formatSummary } from '../backtest/summary';
import type { PaperOptions } from './paper-args';
import { closedLine, fillLine } from './paper-output';

export async function ownerOf(pool: Pool, email: string | undefined): Promise<number> {
  const { rows } = email
    ? await pool.query<{ id: number }>(
        'SELECT id FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL',
        [email],
      )
    : await pool.query<{ id: number }>(
        `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id LIMIT 1`,
      );
  if (!rows[0])
    throw new UsageError(
      email
        ? `--owner: got ${JSON.stringify(email)}, expected the email of an enabled user`
        : 'no admin user to own the paper deployment: add one (quanttrade user add) or pass --owner EMAIL',
    );
  return Number(rows[0].id);
}

export function writeJson(file: string, result: BacktestResult): void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (err) {
    throw new UsageError(
      `--json: got ${JSON.stringify(file)}, expected a writable path (${(err as Error).message})`,
    );
  }
  try {
    for (const piece of resultJsonChunks(result, { synthetic: false, syntheticSymbols: [] }))
      writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

export async function runPaperRange(pool: Pool, log: Logger, options: PaperOptions): Promise<number> {
  const from = parseTimeBound(options.from!, 'from');
  const to = options.to === undefined ? Date.now() : parseTimeBound(options.to, 'to');
  const ownerId = await ownerOf(pool, options.owner);
  const stored = await findInstruments(pool, options.symbols);
  const spec = normalizeSpec({
    strategy: options.strategy,
    params: options.params,
    symbols: stored.map((s) => s.symbol),
    from,
    to,
    cash: options.cash,
    costs: options.costs,
    slippage: options.slippage,
    product: options.product,
    instruments: Object.fromEntries(stored.map((s) => [s.symbol, masterInstrument(s)])),
  });
  const deployment = await createPaperDeployment(pool, {
    ownerId,
    name: `paper ${options.strategy} ${options.from}`,
    template: options.strategy!,
    params: options.params,
    symbols: options.symbols,
    timeframe: options.timeframe as DeploymentTimeframe,
    product: options.product === 'intraday' ? 'INTRADAY' : 'CNC',
    capital: options.cash,
    costModel: options.costs,
    slippage: options.slippage,
  });
  if (!options.quiet) console.log(`paper deployment ${deployment.id} (${deployment.name})`);
  const bus = createEventBus({ log });
  const risk = await createLiveRiskGate({ pool, bus, log: log.child({ module: 'risk' }) });
  let equity = () => options.cash;
  try {
    const run = await runPaperReplay({
      pool,
      log,
      deployment,
      from,
      to,
      speed: options.speed ?? 'max',
      spec,
      risk,
      holder: `paper-cli-${process.pid}`,
      ...(options.quiet
        ? {}
        : {
            onFill: (order, fill) => console.log(fillLine(order, fill, equity())),
            onClosed: (order) => console.log(closedLine(order)),
            onStep: (_time, value) => (equity = () => value),
            onRunning: (bars) =>
              console.log(`warmed up on ${bars} stored bars per symbol (backtest --warmup ${bars} compares)`),
          }),
    });
    if (options.json !== undefined) writeJson(options.json, run.result);
    if (!options.quiet) console.log(formatSummary(run.result));
    if (run.error) {
      console.error(`deployment ${deployment.id} stopped with an error: ${run.error.message}`);
      return 1;
    }
    return 0;
  } finally {
    risk.close();
  }
}
