// Queueing a market ingest (tRPC market.import / .fetch / .synthetic, the first-start demo data):
// the market_ingests row and its data.ingest job are written in one transaction through the jobs
// domain's outbox (jobs/transactional-enqueue.ts). A crash or a refused insert leaves neither —
// never a row that no job will run (it would show "queued" for ever), nor a job without its row.
import { withTransaction, type Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Boss } from '../jobs/boss';
import { enqueueInTransaction, newJobId, wakeWorkers } from '../jobs/transactional-enqueue';
import { insertIngest, type IngestKind } from './ingest-store';

export interface IngestSubmitDeps {
  pool: Pool;
  boss: Boss;
  bus: EventBus;
}

export interface SubmittedIngest {
  ingestId: number;
  jobId: string;
}

export async function submitIngest(
  deps: IngestSubmitDeps,
  kind: IngestKind,
  request: object,
  createdBy: number | null,
): Promise<SubmittedIngest> {
  const jobId = newJobId();
  const ingestId = await withTransaction(deps.pool, async (client) => {
    const id = await insertIngest(client, kind, request, createdBy, jobId);
    await enqueueInTransaction(client, deps.boss, 'data.ingest', [{ id: jobId, data: { ingestId: id } }]);
    return id;
  });
  await wakeWorkers(deps.bus, 'data.ingest');
  return { ingestId, jobId };
}
