// The registration point for job handlers: one factory per line, each receiving explicit
// dependencies (jobs/job-handler.ts). Daemons with the `worker` role run them all.
//   e.g. `createBacktestRunHandler,` from '../jobs/backtest-run' (issue 5),
//        `createDataIngestHandler,` from '../market/ingest-job' (issue 4).
import { createBacktestRunHandler } from './backtest-run';
import { createBacktestSweepHandler } from './backtest-sweep';
import { createDataIngestHandler } from './data-ingest-handler';
import type { JobHandlerFactory } from './job-handler';

export const jobHandlers: JobHandlerFactory[] = [
  createBacktestRunHandler,
  createBacktestSweepHandler,
  createDataIngestHandler,
];
