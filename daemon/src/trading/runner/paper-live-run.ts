// A paper deployment on a live tick source (the synthetic feed; later Dhan's market feed):
// bars made from ticks on the clock, fills from ticks at the paper venue, until `until` on the
// source clock or until stopped. The states move through the deployments store like a replay's.
import type { Logger } from 'pino';
import type { SourceClock } from '../../broker/feeds/feed-source';
import type { TickSource } from '../../broker/tick-source';
import { barsPerYear, parseTimeframe } from '../../core/timeframe';
import type { Pool } from '../../db/pool';
import type { NormalizedBacktestSpec } from '../../engine/backtest-spec';
import type { BacktestResult } from '../../engine/result';
import type { LiveRiskGate } from '../../risk-control/live-risk-gate';
import { transitionDeployment, type DeploymentRow } from '../deployments/deployment-store';
import { BarPipeline } from './bar-pipeline';
import { openDeployment } from './deployment-host';
import type { OrderObserver } from './engine-bridge';
import { RunRecorder } from './run-result';

export interface PaperLiveOptions {
  pool: Pool;
  log: Logger;
  deployment: DeploymentRow;
  source: TickSource;
  clock: SourceClock;
  /** Source-clock time to stop at (Infinity: until `signal` aborts). */
  until: number;
  signal?: AbortSignal;
  spec: NormalizedBacktestSpec;
  risk?: LiveRiskGate;
  holder: string;
  observer?: OrderObserver;
  onStep?(time: number, equity: number, latenessMs: number): void;
}

export async function runPaperLive(
  options: PaperLiveOptions,
): Promise<{ result: BacktestResult; deployment: DeploymentRow; error?: Error; steps: number }> {
  const { pool, log, deployment: row, clock } = options;
  const user = { actor: 'user' as const, actorUserId: row.ownerId, daemonId: options.holder };
  const runner = { actor: 'runner' as const, daemonId: options.holder };
  await transitionDeployment(pool, {
    deploymentId: row.id,
    from: ['stopped', 'error', 'halted'],
    to: 'starting',
    ...user,
  });
  let failure: Error | undefined;
  const host = await openDeployment({
    pool,
    log,
    row,
    holder: options.holder,
    clock: () => clock.now(),
    venueClock: () => clock.now(),
    warmupBefore: clock.now(),
    ...(options.risk ? { risk: options.risk } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    onError: (err) => (failure ??= err),
  }).catch(async (err: Error) => {
    await transitionDeployment(pool, {
      deploymentId: row.id,
      from: ['starting'],
      to: 'error',
      ...runner,
      error: err.message,
      errorStack: err.stack ?? null,
      reason: 'start failed',
    });
    throw err;
  });
  if (!host) throw new Error(`deployment ${row.id} is held by another daemon`);
  const { runtime, venue, ledger, loaded } = host;
  try {
    await transitionDeployment(pool, {
      deploymentId: row.id,
      from: ['starting'],
      to: 'running',
      ...runner,
      reason: 'warmed up',
    });
    const recorder = new RunRecorder(
      runtime.engine,
      options.spec,
      barsPerYear(parseTimeframe(row.timeframe)!),
      1024,
    );
    let bars = 0;
    const pipeline = new BarPipeline({
      runtime,
      source: options.source,
      timeframe: row.timeframe,
      clock,
      venueTick: (tick) => venue.onTick(tick),
      venueClock: (now) => venue.onClock(now),
      log,
      afterStep: async (time, group, lateness) => {
        bars += group.length;
        recorder.afterStep(
          time,
          group.map((g) => g.symbolIndex),
        );
        options.onStep?.(time, runtime.engine.portfolio.equity(), lateness);
        const marks = group
          .filter((g) => runtime.engine.portfolio.positions[g.symbolIndex]!.qty !== 0)
          .map((g) => ({
            instrumentId: loaded.instruments[g.symbolIndex]!.instrumentId,
            price: g.bar.close,
            time: clock.now(),
          }));
        if (marks.length) await ledger.mark(marks);
      },
    });
    pipeline.start();
    while (clock.now() < options.until && !options.signal?.aborted && !failure && !runtime.failure)
      await clock.sleep(Math.min(1000, Math.max(1, options.until - clock.now())));
    await pipeline.stop();
    const result = recorder.finish(loaded.params, bars);
    failure ??= runtime.failure;
    if (!failure) {
      await transitionDeployment(pool, {
        deploymentId: row.id,
        from: ['running', 'paused'],
        to: 'stopping',
        ...user,
        reason: 'run ended',
      });
      for (let s = 0; s < runtime.spec.instruments.length; s++)
        for (const order of runtime.engine.broker.openOrders(s))
          runtime.engine.broker.cancel(order, 'cancelled_by_operator', runtime.engine.time);
      await runtime.settle();
    }
    const final = failure
      ? await transitionDeployment(pool, {
          deploymentId: row.id,
          from: ['running', 'paused'],
          to: 'error',
          ...runner,
          error: failure.message,
          errorStack: failure.stack ?? null,
        })
      : await transitionDeployment(pool, {
          deploymentId: row.id,
          from: ['stopping'],
          to: 'stopped',
          ...runner,
          reason: 'working orders cancelled; positions kept',
        });
    return {
      result,
      deployment: final.deployment,
      steps: pipeline.steps,
      ...(failure ? { error: failure } : {}),
    };
  } finally {
    await host.close();
  }
}
