import { Counter, type Registry } from 'prom-client';

export interface ProcessMetrics {
  /** Promise rejections nobody handled: logged and survived (cli/process-guards.ts). */
  unhandledRejections: Counter;
  /** Exceptions nobody caught: logged, then the daemon stops cleanly. */
  uncaughtExceptions: Counter;
}

export function createProcessMetrics(registry: Registry): ProcessMetrics {
  return {
    unhandledRejections: new Counter({
      name: 'quanttrade_unhandled_rejections_total',
      help: 'Promise rejections no code handled (logged and survived); any increase is a bug to report',
      registers: [registry],
    }),
    uncaughtExceptions: new Counter({
      name: 'quanttrade_uncaught_exceptions_total',
      help: 'Exceptions no code caught (logged; the daemon then stops cleanly)',
      registers: [registry],
    }),
  };
}
