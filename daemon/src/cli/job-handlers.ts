// The registration point for job handlers, in the composition root: one factory per line. Each
// domain keeps its handlers in its own folder (backtests/backtest-run-handler.ts,
// market/data-ingest-handler.ts) as a factory that receives explicit dependencies
// (jobs/job-handler.ts); jobs/ itself knows no domain. Daemons with the `worker` role run them all.
import { createBacktestRunHandler } from '../backtests/backtest-run-handler';
import { createBacktestSweepHandler } from '../backtests/backtest-sweep-handler';
import type { JobHandlerFactory } from '../jobs/job-handler';
import { createDhanCandleFetcher } from '../broker/dhan';
import { createDataIngestHandler } from '../market/data-ingest-handler';
import { createRiskScanHandler } from '../risk-control/risk-scan-handler';

export const jobHandlers: JobHandlerFactory[] = [
  createBacktestRunHandler,
  createBacktestSweepHandler,
  (deps) => createDataIngestHandler(deps, { dhanCandles: createDhanCandleFetcher(deps.pool) }),
  createRiskScanHandler,
];
