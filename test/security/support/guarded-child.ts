// Run as a child process by process-guards.test.ts: installs the guards the way `quanttrade
// start` does, then misbehaves as asked (argv[2]) and reports on stdout.
import pino from 'pino';
import { installProcessGuards } from '../../../daemon/src/cli/process-guards';
import { createMetrics } from '../../../daemon/src/metrics/metrics';

const metrics = createMetrics();
const log = pino({ level: 'info' });
installProcessGuards({
  log,
  counters: () => metrics.process,
  onFatal: async () => {
    await new Promise((r) => setTimeout(r, 50));
    process.stdout.write('CLEAN STOP\n');
  },
});

const mode = process.argv[2];
if (mode === 'rejection') {
  void Promise.reject(new Error('a stray rejection'));
  setTimeout(async () => {
    const text = await metrics.registry.metrics();
    const count = /quanttrade_unhandled_rejections_total (\d+)/.exec(text)?.[1];
    process.stdout.write(`ALIVE rejections=${count}\n`);
  }, 200);
} else {
  setTimeout(() => {
    throw new Error('a broken invariant');
  }, 10);
  setTimeout(() => process.stdout.write('SHOULD NOT RUN\n'), 5000).unref();
}
