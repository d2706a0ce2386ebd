// The risk.scan handler: one portfolio scan (portfolio-scan.ts). Scheduled every minute from
// 09:00 to 15:59 IST on weekdays (jobs/schedules.ts); a run outside an NSE session (a holiday,
// before the open) returns at once. `{ "force": true }` scans anyway (a manual run).
import { z } from 'zod';
import type { JobDeps, JobHandler } from '../jobs/job-handler';
import { runPortfolioScan } from './portfolio-scan';

const jobData = z.looseObject({ force: z.boolean().optional() });

export function createRiskScanHandler(deps: JobDeps): JobHandler {
  return {
    queue: 'risk.scan',
    concurrency: 1,
    async handle(data, context) {
      const { force } = jobData.parse(data ?? {});
      const result = await runPortfolioScan(
        { pool: deps.pool, bus: deps.bus, metrics: deps.metrics.risk, log: context.log },
        Date.now(),
        { force: force ?? false },
      );
      context.log.info(result, result.skipped ? 'risk scan skipped' : 'risk scan finished');
      return result;
    },
  };
}
