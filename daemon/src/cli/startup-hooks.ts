// Start-up tasks other domains add without touching the composition root: one entry per line.
// Hooks run in order after migrations, the job queue and the first admin exist, and before the
// daemon listens. They must be quick: enqueue long work as a job (e.g. demo data → data.ingest)
// rather than doing it here. A hook that throws stops start-up.
//   e.g. `loadDemoDataOnFirstStart,` from '../market/demo-data' (issue 4)
import type { Logger } from 'pino';
import type { HealthMonitor } from '../api/health';
import type { Config } from '../config/load-config';
import type { DaemonRole } from '../config/options';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from '../jobs/job-queue';
import type { Metrics } from '../metrics/metrics';
import { loadDemoDataOnFirstStart } from '../market/demo-data-hook';

export interface StartupContext {
  config: Config;
  log: Logger;
  pool: Pool;
  bus: EventBus;
  jobs: JobQueue;
  metrics: Metrics;
  health: HealthMonitor;
  /**
   * True on the first daemon start on this database, even when `quanttrade migrate` created the
   * schema before it (prepare-database.ts). Only one of several daemons starting together sees it.
   */
  firstStart: boolean;
}

export interface StartupHook {
  name: string;
  /** Runs only on daemons with one of these roles (default: every daemon). */
  roles?: readonly DaemonRole[];
  run(context: StartupContext): Promise<void>;
}

export const startupHooks: StartupHook[] = [loadDemoDataOnFirstStart];
