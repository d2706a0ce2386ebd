import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['daemon/src/**/*.test.ts', 'console/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Database tests each get their own database (cloned from a migrated template), so files
    // run in parallel safely.
    fileParallelism: true,
    // Vitest's default is one worker per core less one: a single worker on a 2-core CI machine,
    // idle while its file waits on PostgreSQL, a daemon, a browser or a fault's timer. Most
    // files wait far more than they compute, so one worker more than the cores keeps both busy
    // (capped: each worker may start a daemon, a database and a browser).
    maxWorkers: Math.min(availableParallelism() + 1, 6),
  },
});
