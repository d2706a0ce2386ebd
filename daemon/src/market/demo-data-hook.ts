// On the first start (an empty database), queue the synthetic demo universe — five NSE-like
// symbols (DEMOBANK, DEMOTECH, …), five years of daily bars and ten sessions of 1m bars for two
// of them — so a new user can run a backtest at once. It runs as a data.ingest job (seconds);
// every instrument is marked synthetic. A database that already holds bars is left alone.
//
// Registered in cli/startup-hooks.ts. It names only the part of the start-up context it reads, so
// market/ does not import the CLI (the hook list there imports this).
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from '../jobs/job-queue';
import { submitIngest } from './ingest-submit';

export interface DemoDataContext {
  firstStart: boolean;
  pool: Pool;
  jobs: JobQueue;
  bus: EventBus;
  log: Logger;
}

export const loadDemoDataOnFirstStart = {
  name: 'market-demo-data',
  async run({ firstStart, pool, jobs, bus, log }: DemoDataContext): Promise<void> {
    if (!firstStart) return;
    const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM bar_coverage) AS has');
    if (rows[0].has) return;
    const request = { demo: true, today: Date.now() };
    const { ingestId } = await submitIngest({ pool, boss: jobs.boss, bus }, 'synthetic', request, null);
    log.info({ ingestId }, 'queued the synthetic demo universe (DEMO* symbols) for a first start');
  },
};
