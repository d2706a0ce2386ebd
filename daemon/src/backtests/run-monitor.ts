// Watches one run from the daemon's side while a worker thread executes it: a heartbeat every
// second (proof of life for the reaper, and the moment a cancel request is read), progress
// stored and published at most every 250 ms, and one abort signal for the thread that fires on
// a user's cancel, on this attempt losing the run, or on the job's own signal (cancel event or
// daemon shutdown).
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import { publishProgress } from './backtest-events';
import { beat, type Claim } from './run-state';

export type StopReason = 'cancel' | 'lost' | 'shutdown';

export interface RunMonitor {
  /** Aborts the thread's run. */
  signal: AbortSignal;
  progress(p: { fraction: number; bars: number; elapsedMs: number }): void;
  /** Why the run was stopped (undefined when it was not); reads the database when unsure. */
  reason(): Promise<StopReason | undefined>;
  stop(): Promise<void>;
}

const HEARTBEAT_MS = 1000;
const PROGRESS_MS = 250;

export function monitorRun(
  deps: { pool: Pool; bus: EventBus; log: Logger },
  claim: Claim,
  jobSignal: AbortSignal,
): RunMonitor {
  const controller = new AbortController();
  let stopReason: StopReason | undefined;
  let latest: { percent: number; barsPerSecond: number } | undefined;
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();

  const stopWith = (reason: StopReason) => {
    stopReason ??= reason;
    controller.abort(new Error(`backtest ${reason}`));
  };
  const write = (publish: boolean) => {
    const progress = latest;
    lastWrite = Date.now();
    writing = writing
      .then(async () => {
        const state = await beat(deps.pool, claim, progress);
        if (state !== 'running') return stopWith(state);
        if (publish && progress)
          await publishProgress(deps.bus, claim.ownerId, {
            backtestId: claim.backtestId,
            parentId: claim.parentId,
            status: 'running',
            ...progress,
          });
      })
      .catch((err: Error) => deps.log.warn({ err: err.message }, 'backtest heartbeat failed'));
  };
  const heartbeat = setInterval(() => write(false), HEARTBEAT_MS);
  const onJobAbort = () => controller.abort(jobSignal.reason);
  jobSignal.addEventListener('abort', onJobAbort, { once: true });

  return {
    signal: controller.signal,
    progress({ fraction, bars, elapsedMs }) {
      latest = {
        percent: Math.min(100, Math.round(fraction * 1000) / 10),
        barsPerSecond: Math.round(bars / Math.max(elapsedMs / 1000, 1e-3)),
      };
      if (Date.now() - lastWrite >= PROGRESS_MS && fraction < 1) write(true);
    },
    async reason() {
      await writing;
      if (stopReason || !controller.signal.aborted) return stopReason;
      // The job's signal fired: a cancel (the request is in the row) or the daemon stopping.
      const state = await beat(deps.pool, claim);
      return state === 'running' ? 'shutdown' : state;
    },
    async stop() {
      clearInterval(heartbeat);
      jobSignal.removeEventListener('abort', onJobAbort);
      await writing;
    },
  };
}
