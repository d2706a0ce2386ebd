// On the first start (an empty database), queue the synthetic demo universe — five NSE-like
// symbols (DEMOBANK, DEMOTECH, …), five years of daily bars and ten sessions of 1m bars for two
// of them — so a new user can run a backtest at once. It runs as a data.ingest job (seconds);
// every instrument is marked synthetic. A database that already holds bars is left alone.
import type { StartupHook } from '../cli/startup-hooks';
import { createIngest, setIngestJob } from './ingest-store';

export const loadDemoDataOnFirstStart: StartupHook = {
  name: 'market-demo-data',
  async run({ firstStart, pool, jobs, log }) {
    if (!firstStart) return;
    const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM bar_coverage) AS has');
    if (rows[0].has) return;
    const ingestId = await createIngest(pool, 'synthetic', { demo: true, today: Date.now() }, null);
    const jobId = await jobs.enqueue('data.ingest', { ingestId });
    await setIngestJob(pool, ingestId, jobId);
    log.info({ ingestId }, 'queued the synthetic demo universe (DEMO* symbols) for a first start');
  },
};
