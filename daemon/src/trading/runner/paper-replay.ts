// A paper deployment on a replayed range of stored bars, start to finish: the path of
// `quanttrade paper --from/--to` and of the replay-parity test. The deployment goes through its
// states in the deployments store (starting → running → stopping → stopped, or error), holds its
// lease, warms its indicators on the stored bars before `from`, and trades every bar of the range
// through the risk gate, the ledger and the paper venue — venue time following the replay.
import type { Logger } from 'pino';
import type { Fill } from '../../core/fill';
import type { Order } from '../../core/order';
import { barAt } from '../../core/bar';
import { barsPerYear, parseTimeframe } from '../../core/timeframe';
import type { Pool } from '../../db/pool';
import type { SourceClock } from '../../broker/feeds/feed-source';
import { loadReplayInstruments } from '../../broker/feeds/replay-load';
import { createReplaySource } from '../../broker/feeds/replay-source';
import { PaperVenue } from '../../broker/paper/paper-venue';
import type { NormalizedBacktestSpec } from '../../engine/backtest-spec';
import type { BacktestResult } from '../../engine/result';
import type { LiveRiskGate } from '../../risk-control/live-risk-gate';
import { createLedger } from '../ledger/ledger';
import { LeaseKeeper } from '../lease/lease-keeper';
import { transitionDeployment, type DeploymentRow } from '../deployments/deployment-store';
import { DeploymentRuntime } from './deployment-runtime';
import { loadDeploymentRun } from './deployment-loader';
import { LedgerRouter } from './ledger-router';
import { riskGatePort } from './pre-trade-gate';
import { runReplay } from './replay-driver';
import { RunRecorder } from './run-result';
import { loadWarmup } from './warm-up';

export interface PaperReplayOptions {
  pool: Pool;
  log: Logger;
  deployment: DeploymentRow;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  speed: number | 'max';
  /** The ledger's cost model name (the venue's account has the same). */
  costModel: string;
  /** The backtest spec this run corresponds to (the result carries it, as backtest --json). */
  spec: NormalizedBacktestSpec;
  risk?: LiveRiskGate;
  holder: string;
  sourceClock?: SourceClock;
  /** An engine order ended or filled (for printing as it happens). */
  onFill?(order: Order, fill: Fill): void;
  onClosed?(order: Order): void;
  onStep?(time: number, equity: number): void;
}

export interface PaperReplayResult {
  result: BacktestResult;
  deployment: DeploymentRow;
  error?: Error;
}

export async function runPaperReplay(options: PaperReplayOptions): Promise<PaperReplayResult> {
  const { pool, log, deployment: row } = options;
  const move = (from: DeploymentRow['status'][], to: DeploymentRow['status'], extra = {}) =>
    transitionDeployment(pool, {
      deploymentId: row.id,
      from,
      to,
      actor: to === 'starting' || to === 'stopping' ? 'user' : 'runner',
      ...(to === 'starting' || to === 'stopping' ? { actorUserId: row.ownerId } : {}),
      daemonId: options.holder,
      ...extra,
    });
  await move(['stopped', 'error', 'halted'], 'starting');
  let failure: Error | undefined;
  const keeper = await LeaseKeeper.acquire({
    pool,
    deploymentId: row.id,
    holder: options.holder,
    ttlMs: 30_000,
    log,
    onLost: (reason) => log.error({ deploymentId: row.id, reason }, 'lease lost'),
  });
  if (!keeper) throw new Error(`deployment ${row.id} is held by another daemon`);
  try {
    const loaded = await loadDeploymentRun(pool, row);
    const router = new LedgerRouter();
    const ledger = createLedger({ pool, log, listener: router });
    let now = options.from;
    const venue = await PaperVenue.open({
      pool,
      brokerAccountId: row.brokerAccountId,
      log,
      clock: () => now,
    });
    const detach = ledger.attach(venue);
    if (options.risk) await options.risk.prepare(row.brokerAccountId, row.id, options.from);
    const risk = options.risk;
    const runtime = new DeploymentRuntime(
      {
        deploymentId: row.id,
        brokerAccountId: row.brokerAccountId,
        strategy: loaded.strategy,
        params: loaded.params,
        strategyId: row.strategyId,
        strategyVersion: row.strategyVersion,
        instruments: loaded.instruments,
        product: loaded.product,
        capital: loaded.capital,
        costModel: options.costModel,
        session: keeper.lease.token,
      },
      {
        ledger,
        link: venue,
        fence: () => keeper.fence(),
        ...(risk
          ? {
              gate: (books) =>
                riskGatePort({
                  pool,
                  risk,
                  ownerId: row.ownerId,
                  accountId: row.brokerAccountId,
                  deploymentId: row.id,
                  books,
                }),
            }
          : {}),
        // A decision is judged at the instant its bar closed, inside that bar's session; the
        // venue receives it at the bar's end (venue time), as a live order would arrive.
        clock: () => now - 1,
        observer: { onFill: options.onFill, onClosed: options.onClosed },
        log,
        onError: (err) => (failure ??= err),
      },
    );
    const unroute = router.add(row.id, runtime.bridge);
    const warm = await loadWarmup(pool, {
      symbols: row.symbols,
      timeframe: row.timeframe,
      before: options.from,
      bars: loaded.warmupBars,
    });
    warm.forEach((series, s) => {
      for (let i = 0; i < series.length; i++) runtime.warmUp(s, barAt(series, i));
    });
    await move(['starting'], 'running', { reason: `warmed up on ${loaded.warmupBars} bars` });
    const instruments = await loadReplayInstruments(pool, {
      symbols: row.symbols,
      timeframe: row.timeframe,
      from: options.from,
      to: options.to,
    });
    const source = createReplaySource({
      instruments,
      timeframe: row.timeframe,
      speed: options.speed,
      mode: 'bars',
      ...(options.sourceClock ? { clock: options.sourceClock } : {}),
    });
    const tf = parseTimeframe(row.timeframe)!;
    const recorder = new RunRecorder(runtime.engine, options.spec, barsPerYear(tf), source.bars);
    const played = await runReplay({
      runtime,
      venue,
      source,
      setTime: (t) => (now = t),
      afterStep: async (time, bars) => {
        recorder.afterStep(
          time,
          bars.map((b) => b.symbolIndex),
        );
        options.onStep?.(time, runtime.engine.portfolio.equity());
        const marks = bars
          .filter((b) => runtime.engine.portfolio.positions[b.symbolIndex]!.qty !== 0)
          .map((b) => ({
            instrumentId: loaded.instruments[b.symbolIndex]!.instrumentId,
            price: b.bar.close,
            time: now,
          }));
        if (marks.length) await ledger.mark(marks);
      },
    });
    const result = recorder.finish(loaded.params, played.bars);
    await stopRuntime(runtime, failure);
    unroute();
    detach();
    failure ??= runtime.failure;
    const final = failure
      ? await move(['starting', 'running', 'paused'], 'error', {
          error: failure.message,
          errorStack: failure.stack ?? null,
          reason: 'the run failed',
        })
      : await move(['running', 'paused'], 'stopping', { reason: 'replay finished' }).then(() =>
          move(['stopping'], 'stopped', { reason: 'working orders cancelled; positions kept' }),
        );
    return { result, deployment: final.deployment, ...(failure ? { error: failure } : {}) };
  } finally {
    await keeper.stop();
  }
}

/** Cancels the working orders (positions are kept) and waits for the cancels to be booked. */
async function stopRuntime(runtime: DeploymentRuntime, failure: Error | undefined): Promise<void> {
  if (failure || runtime.failure) return;
  for (let s = 0; s < runtime.spec.instruments.length; s++)
    for (const order of runtime.engine.broker.openOrders(s))
      runtime.engine.broker.cancel(order, 'cancelled_by_operator', runtime.engine.time);
  await runtime.settle();
}
