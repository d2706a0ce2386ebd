// Health checks: named probes that domains register (database, migrations and jobs here; the
// broker link and market feed register theirs, shown as not_configured until then). /readyz is
// the readiness subset; system.health returns all; a change of overall status is published as
// a 'system.health' event for the console.
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus';
import type { HealthCheckResult, HealthEvent } from '../events/event-map';

export type HealthCheck = () => Promise<HealthCheckResult>;

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, HealthCheckResult>;
}

export interface HealthMonitor {
  /** Adds or replaces a check. `readiness` checks decide /readyz (and 'down'). */
  register(name: string, check: HealthCheck, options?: { readiness?: boolean }): void;
  check(): Promise<HealthReport>;
  /** Only the readiness checks. */
  readiness(): Promise<HealthReport>;
  /** Re-checks every `intervalMs`, publishing changes; stop() ends it. */
  watch(intervalMs: number): void;
  stop(): void;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: HealthCheck): Promise<HealthCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check().catch((err: Error) => ({ status: 'down' as const, detail: err.message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthMonitor(options: { bus: EventBus; log: Logger }): HealthMonitor {
  const checks = new Map<string, { check: HealthCheck; readiness: boolean }>();
  let timer: NodeJS.Timeout | undefined;
  let lastKey: string | undefined;

  async function report(filter: (readiness: boolean) => boolean): Promise<HealthReport> {
    const entries = [...checks].filter(([, c]) => filter(c.readiness));
    const results = await Promise.all(
      entries.map(async ([name, c]) => [name, await runCheck(c.check)] as const),
    );
    let status: HealthReport['status'] = 'ok';
    for (const [name, result] of results) {
      const readiness = checks.get(name)!.readiness;
      if (result.status === 'down' && readiness) status = 'down';
      else if ((result.status === 'down' || result.status === 'degraded') && status === 'ok')
        status = 'degraded';
    }
    return { status, checks: Object.fromEntries(results) };
  }

  const monitor: HealthMonitor = {
    register(name, check, opts = {}) {
      checks.set(name, { check, readiness: opts.readiness ?? false });
    },
    check: () => report(() => true),
    readiness: () => report((readiness) => readiness),
    watch(intervalMs) {
      const tick = async () => {
        const current = await monitor.check();
        const key = JSON.stringify(Object.entries(current.checks).map(([n, r]) => [n, r.status]));
        if (key === lastKey) return;
        lastKey = key;
        const event: HealthEvent = { daemonId: options.bus.daemonId, ...current };
        if (current.status !== 'ok') options.log.warn({ health: current }, 'health changed');
        else options.log.info('health ok');
        await options.bus.publish('system.health', event, { scope: 'local' });
      };
      const loop = () => {
        tick()
          .catch((err: Error) => options.log.warn({ err: err.message }, 'health check loop failed'))
          .finally(() => {
            if (timer) timer = setTimeout(loop, intervalMs).unref();
          });
      };
      timer = setTimeout(loop, 0).unref();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
  return monitor;
}
