// On the first daemon start on a database (cli/prepare-database.ts) whose bar store is empty,
// load the synthetic demo universe — five NSE-like symbols (DEMOBANK, DEMOTECH, …), five years of
// daily bars and ten sessions of 1m bars for two of them — so a new user can run a backtest at
// once: from the README's first command on, the daemon that says it is running has them. Every
// instrument is marked synthetic.
//
// The ingest row and its data.ingest job are written first (the outbox), then the ingest runs
// here, before the daemon listens (well under a second: ~14k bars). Should it fail or the
// process die, the queued job runs it again; a job that finds it done does nothing.
//
// Registered in cli/startup-hooks.ts. It names only the part of the start-up context it reads, so
// market/ does not import the CLI (the hook list there imports this).
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from '../jobs/job-queue';
import { runIngest } from './ingest-run';
import { submitIngest } from './ingest-submit';
import type { ImportPlaces } from './import-path';
import type { SourceSettings } from './source-settings';

export interface DemoDataContext {
  firstStart: boolean;
  pool: Pool;
  jobs: JobQueue;
  bus: EventBus;
  log: Logger;
  config: SourceSettings & ImportPlaces;
}

export const loadDemoDataOnFirstStart = {
  name: 'market-demo-data',
  async run({ firstStart, pool, jobs, bus, log, config }: DemoDataContext): Promise<void> {
    if (!firstStart) return;
    const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM bar_coverage) AS has');
    if (rows[0].has) return;
    const request = { demo: true, today: Date.now() };
    const { ingestId } = await submitIngest({ pool, boss: jobs.boss, bus }, 'synthetic', request, null);
    const places = { importDir: config.importDir, home: config.home };
    const deps = { pool, bus, sources: config, places };
    const status = await runIngest(ingestId, deps, false).catch((err: Error) => {
      log.warn({ ingestId, err: err.message }, 'the demo universe did not load now; its job will retry');
      return 'queued';
    });
    log.info({ ingestId, status }, 'first start: the synthetic demo universe (DEMO* symbols)');
  },
};
