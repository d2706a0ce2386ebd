// Moves a sweep or walk-forward parent along after one of its children finished (and from the
// reaper, for a coordinator lost in a crash): updates its progress, starts walk-forward
// out-of-sample runs whose in-sample grid is done, and finishes the parent — ranked summary in
// its stats — once nothing is left to run. Idempotent and serialised by the parent's row lock:
// running it twice, or from two daemons at once, changes nothing the second time.
import type { Logger } from 'pino';
import { withTransaction, type Pool, type PoolClient } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Boss } from '../jobs/boss';
import { wakeWorkers } from '../jobs/transactional-enqueue';
import { publishProgress, type BacktestProgressEvent } from './backtest-events';
import { insertBacktests } from './backtest-insert';
import { FINISHED, type BacktestStatus } from './backtest-store';
import {
  finishParent,
  lockParent,
  readChildren,
  setParentProgress,
  type ChildRow,
  type LockedParent,
} from './parent-store';
import { rankOrderBy } from './rank-stats';
import { bestOf, walkForwardStep } from './walk-forward-step';
import { outOfSampleSummary } from './walk-forward-summary';

export interface CoordinatorDeps {
  pool: Pool;
  boss: Boss;
  bus: EventBus;
  log: Logger;
}

interface Outcome {
  ownerId: number;
  event: BacktestProgressEvent;
  enqueued: boolean;
}

function finalStatus(
  parent: LockedParent,
  succeeded: number,
): Extract<BacktestStatus, 'succeeded' | 'failed' | 'cancelled'> {
  if (parent.cancelRequested) return 'cancelled';
  return succeeded > 0 ? 'succeeded' : 'failed';
}

function countBy(children: ChildRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of children) counts[c.status] = (counts[c.status] ?? 0) + 1;
  return counts;
}

async function step(c: PoolClient, boss: Boss, parent: LockedParent): Promise<Omit<Outcome, 'ownerId'>> {
  const children = await readChildren(c, parent.id, rankOrderBy(parent.rankBy));
  const counts = countBy(children);
  const finishedCount = children.filter((ch) => FINISHED.includes(ch.status)).length;
  let done = finishedCount === children.length;
  let stats: Record<string, unknown> = { rankBy: parent.rankBy, children: counts };
  let succeeded = counts.succeeded ?? 0;
  let expected = children.length;
  let enqueued = false;
  if (parent.kind === 'walk-forward') {
    const wf = walkForwardStep(parent, children, parent.cancelRequested);
    if (wf.spawn.length)
      enqueued = (await insertBacktests(c, boss, 'backtest.run', wf.spawn, null)).length > 0;
    done = wf.done;
    expected = children.length + wf.folds.filter((f) => !f.outOfSampleRun).length;
    succeeded = wf.folds.filter((f) => f.outOfSampleRun?.status === 'succeeded').length;
    stats = { ...stats, folds: wf.folds };
    if (wf.done) stats.outOfSample = await outOfSampleSummary(c, parent, wf.folds);
  } else {
    const best = bestOf(parent, children);
    stats = { ...stats, best: best ? { backtestId: best.id, values: best.values, value: best.value } : null };
  }
  const percent = done ? 100 : Math.floor((100 * finishedCount) / Math.max(1, expected));
  if (!done) {
    await setParentProgress(c, parent.id, percent);
    return { event: event(parent, 'running', percent), enqueued };
  }
  const status = finalStatus(parent, succeeded);
  const error = status === 'failed' ? 'no child run succeeded; see the children for their errors' : null;
  await finishParent(c, parent.id, status, stats, error);
  return { event: event(parent, status, 100), enqueued };
}

function event(parent: LockedParent, status: BacktestStatus, percent: number): BacktestProgressEvent {
  return { backtestId: parent.id, parentId: null, status, percent, barsPerSecond: null };
}

export async function coordinateParent(deps: CoordinatorDeps, parentId: number): Promise<void> {
  const outcome = await withTransaction(deps.pool, async (c): Promise<Outcome | undefined> => {
    const parent = await lockParent(c, parentId);
    // Still planning (queued) or already finished: nothing to coordinate.
    if (!parent || parent.status !== 'running') return undefined;
    return { ownerId: parent.ownerId, ...(await step(c, deps.boss, parent)) };
  });
  if (!outcome) return;
  const { status } = outcome.event;
  if (FINISHED.includes(status))
    deps.log.info({ backtestId: parentId, userId: outcome.ownerId, status }, 'backtest finished');
  if (outcome.enqueued) await wakeWorkers(deps.bus, 'backtest.run');
  await publishProgress(deps.bus, outcome.ownerId, outcome.event);
}
