// The backtest.sweep handler: plans a sweep's or walk-forward run's children and queues them
// (expand-parent.ts). It finishes in one transaction, so it never holds a worker while
// children run; each child's handler moves the parent along as it finishes, and the parent is
// ranked and closed by the last one (coordinate-parent.ts).
import { z } from 'zod';
import type { JobDeps, JobHandler } from '../jobs/job-handler';
import { expandParent } from './expand-parent';

const jobData = z.object({ backtestId: z.number().int().positive() });

export function createBacktestSweepHandler(deps: JobDeps): JobHandler {
  const coordinator = { pool: deps.pool, boss: deps.jobs.boss, bus: deps.bus, log: deps.log };
  return {
    queue: 'backtest.sweep',
    concurrency: 1,
    pollingIntervalSeconds: 2,
    async handle(data) {
      const { backtestId } = jobData.parse(data);
      return { backtestId, ...(await expandParent(coordinator, backtestId)) };
    },
  };
}
