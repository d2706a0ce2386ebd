// What the backtest.sweep job does: plan a sweep's or walk-forward run's children and queue them,
// all in one transaction with the parent locked. A retry after a crash finds either nothing
// written (and plans again, identically) or every child there (and only makes sure the parent
// is marked running); a cancel that came first leaves nothing to plan.
import { AppError } from '../core/errors';
import { withTransaction } from '../db/pool';
import { wakeWorkers } from '../jobs/transactional-enqueue';
import { publishProgress } from './backtest-events';
import { insertBacktests } from './backtest-insert';
import type { CoordinatorDeps } from './coordinate-parent';
import { finishParent, hasChildren, lockParent, markParentRunning } from './parent-store';
import { initialChildren } from './plan-children';

export type ExpandOutcome = { planned: number } | { skipped: string } | { failed: string };

export async function expandParent(deps: CoordinatorDeps, parentId: number): Promise<ExpandOutcome> {
  const result = await withTransaction(deps.pool, async (c) => {
    const parent = await lockParent(c, parentId);
    if (!parent) return { outcome: { skipped: 'no such sweep' } as ExpandOutcome };
    if (parent.cancelRequested || !['queued', 'running'].includes(parent.status))
      return { outcome: { skipped: `parent is ${parent.status}` } as ExpandOutcome };
    if (await hasChildren(c, parentId)) {
      await markParentRunning(c, parentId);
      return { outcome: { planned: 0 } as ExpandOutcome, ownerId: parent.ownerId };
    }
    try {
      const children = initialChildren(parent);
      await insertBacktests(c, deps.boss, 'backtest.run', children, null);
      await markParentRunning(c, parentId);
      return { outcome: { planned: children.length } as ExpandOutcome, ownerId: parent.ownerId };
    } catch (err) {
      // A plan that cannot be made (the template changed under a stored grid) will not get better.
      if (!(err instanceof AppError) || err.kind !== 'invalid') throw err;
      await finishParent(c, parentId, 'failed', null, err.message);
      return { outcome: { failed: err.message } as ExpandOutcome, ownerId: parent.ownerId };
    }
  });
  if (result.ownerId === undefined) return result.outcome;
  const ids = { backtestId: parentId, userId: result.ownerId };
  if ('failed' in result.outcome)
    deps.log.info({ ...ids, status: 'failed', error: result.outcome.failed }, 'backtest finished');
  else if ('planned' in result.outcome)
    deps.log.info({ ...ids, children: result.outcome.planned }, 'backtest started');
  if ('planned' in result.outcome && result.outcome.planned > 0) await wakeWorkers(deps.bus, 'backtest.run');
  await publishProgress(deps.bus, result.ownerId, {
    backtestId: parentId,
    parentId: null,
    status: 'failed' in result.outcome ? 'failed' : 'running',
    percent: 'failed' in result.outcome ? 100 : 0,
    barsPerSecond: null,
  });
  return result.outcome;
}
