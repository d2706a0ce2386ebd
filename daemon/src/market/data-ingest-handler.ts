// The data.ingest handler: runs one market_ingests row (ingest-run.ts) — a CSV import,
// a Yahoo or Dhan fetch, or synthetic/demo data. Enqueued by tRPC market.import / market.fetch
// and by the first-start demo-data hook, with `{ ingestId }`.
import { z } from 'zod';
import type { JobDeps, JobHandler } from '../jobs/job-handler';
import { QUEUES } from '../jobs/queues';
import { runIngest } from './ingest-run';
import type { FetchDhanCandles, SourceSettings } from './source-settings';

const jobData = z.object({ ingestId: z.number().int().positive() });

/** `extras.dhanCandles`: broker/dhan's candle fetcher, wired in cli/job-handlers.ts. */
export function createDataIngestHandler(
  deps: JobDeps,
  extras: { dhanCandles?: FetchDhanCandles } = {},
): JobHandler {
  // Source base URLs and Dhan credentials are daemon options (config/options.ts).
  const sources: SourceSettings = deps.config;
  return {
    queue: 'data.ingest',
    concurrency: 1,
    async handle(data, context) {
      const { ingestId } = jobData.parse(data);
      const lastAttempt = context.retryCount >= QUEUES['data.ingest'].retryLimit;
      const status = await runIngest(
        ingestId,
        {
          pool: deps.pool,
          bus: deps.bus,
          sources,
          dhanCandles: extras.dhanCandles,
          places: { importDir: deps.config.importDir, home: deps.config.home },
          signal: context.signal,
        },
        lastAttempt,
      );
      context.log.info({ ingestId, status }, 'market ingest finished');
      return { ingestId, status };
    },
  };
}
