// A paper deployment on a replayed range of stored bars, start to finish: the path of
// `quanttrade paper --from/--to` and of the replay-parity test. The deployment goes through its
// states in the deployments store (starting → running → stopping → stopped, or error), holds its
// lease, warms its indicators on the stored bars before `from`, and trades every bar of the range
// through the risk gate, the ledger and the paper venue — venue time following the replay.
import type { Logger } from 'pino';
import { nseCalendar } from '../../core/calendar/trading-calendar';
import type { Fill } from '../../core/fill';
import type { Order } from '../../core/order';
import { barsPerYear, parseTimeframe } from '../../core/timeframe';
import type { Pool } from '../../db/pool';
import type { SourceClock } from '../../broker/feeds/feed-source';
import { loadReplayInstruments } from '../../broker/feeds/replay-load';
import { createReplaySource } from '../../broker/feeds/replay-source';
import type { NormalizedBacktestSpec } from '../../engine/backtest-spec';
import type { BacktestResult } from '../../engine/result';
import type { LiveRiskGate } from '../../risk-control/live-risk-gate';
import type { StrategyCode } from '../../sandbox/strategy-code';
import { transitionDeployment, type DeploymentRow } from '../deployments/deployment-store';
import type { DeploymentRuntime } from './deployment-runtime';
import { openDeployment } from './deployment-host';
import { runReplay } from './replay-driver';
import { RunRecorder } from './run-result';

const MARK_EVERY_MS = 15 * 60_000;

export interface PaperReplayOptions {
  pool: Pool;
  log: Logger;
  deployment: DeploymentRow;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  speed: number | 'max';
  /** The backtest spec this run corresponds to (the result carries it, as backtest --json). */
  spec: NormalizedBacktestSpec;
  risk?: LiveRiskGate;
  holder: string;
  sourceClock?: SourceClock;
  /** Compiles a code strategy's source (default: the deployment host's own). */
  code?: StrategyCode;
  /** An engine order ended or filled (for printing as it happens). */
  onFill?(order: Order, fill: Fill): void;
  onClosed?(order: Order): void;
  onStep?(time: number, equity: number): void;
  /** The deployment is warmed up and running (how many bars each symbol's warm-up took). */
  onRunning?(warmupBars: number): void;
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
  let now = options.from;
  const host = await openDeployment({
    pool,
    log,
    row,
    holder: options.holder,
    leaseTtlMs: 30_000,
    // A decision is judged at the instant its bar closed, inside that bar's session; the venue
    // receives it at the bar's end (venue time), as a live order would arrive.
    clock: () => now - 1,
    venueClock: () => now,
    warmupBefore: options.from,
    ...(options.risk ? { risk: options.risk } : {}),
    ...(options.code ? { code: options.code } : {}),
    observer: { onFill: options.onFill, onClosed: options.onClosed },
    onError: (err) => (failure ??= err),
    onLeaseLost: (reason) => log.error({ deploymentId: row.id, reason }, 'lease lost'),
  }).catch(async (err: Error) => {
    await move(['starting'], 'error', {
      error: err.message,
      errorStack: err.stack ?? null,
      reason: 'start failed',
    });
    throw err;
  });
  if (!host) throw new Error(`deployment ${row.id} is held by another daemon`);
  try {
    const { runtime, venue, ledger, loaded } = host;
    await move(['starting'], 'running', { reason: `warmed up on ${loaded.warmupBars} bars` });
    options.onRunning?.(loaded.warmupBars);
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
    const marked = new Map<number, number>();
    let sessionClose = -Infinity;
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
        // Positions are marked to market every MARK_EVERY_MS of market time (a write per bar
        // would cost more than the rest of the replay), at each session's close (the day's
        // last mark: the EOD report's day P&L and carried positions read it) and at the end.
        if (now > sessionClose) sessionClose = nseCalendar.sessionAt(now - 1)?.close ?? -Infinity;
        const closing = now === sessionClose;
        const marks = bars
          .filter((b) => runtime.engine.portfolio.positions[b.symbolIndex]!.qty !== 0)
          .filter((b) => closing || now - (marked.get(b.symbolIndex) ?? -Infinity) >= MARK_EVERY_MS)
          .map((b) => {
            marked.set(b.symbolIndex, now);
            return {
              instrumentId: loaded.instruments[b.symbolIndex]!.instrumentId,
              price: b.bar.close,
              time: now,
            };
          });
        if (marks.length) await ledger.mark(marks);
      },
    });
    const result = recorder.finish(loaded.params, played.bars);
    const last = runtime.engine.portfolio.positions
      .map((p, s) => ({ p, s }))
      .filter(({ p }) => p.qty !== 0)
      .map(({ p, s }) => ({
        instrumentId: loaded.instruments[s]!.instrumentId,
        price: p.lastPrice,
        time: now,
      }));
    if (last.length) await ledger.mark(last);
    await stopRuntime(runtime, failure);
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
    await host.close();
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
