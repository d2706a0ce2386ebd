// Operational endpoints, served by every daemon whatever its roles: /healthz (the process is
// alive), /readyz (database reachable, migrations current, pg-boss running; 503 naming what is
// not) and /metrics (Prometheus; bearer token when QUANTTRADE_METRICS_TOKEN is set). A daemon
// listening beyond loopback serves /metrics only with a token configured: the metrics name
// procedures, queues and load, which are nobody else's business.
import { isIP } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { HealthMonitor } from './health';

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether `host` (QUANTTRADE_HOST) is a loopback address: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export function registerOpsRoutes(
  app: FastifyInstance,
  deps: { health: HealthMonitor; registry: Registry; metricsToken: string | undefined; exposed: boolean },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const report = await deps.health.readiness();
    const notReady = Object.entries(report.checks)
      .filter(([, r]) => r.status !== 'ok')
      .map(([name]) => name);
    return reply
      .code(notReady.length ? 503 : 200)
      .send({ ready: notReady.length === 0, notReady, checks: report.checks });
  });

  app.get('/metrics', async (request, reply) => {
    if (!deps.metricsToken && deps.exposed) {
      return reply.code(403).send({
        error:
          'metrics need a token on a daemon listening beyond loopback: set QUANTTRADE_METRICS_TOKEN and scrape with "Authorization: Bearer <token>"',
      });
    }
    if (deps.metricsToken) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match || !sameSecret(match[1]!, deps.metricsToken)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'metrics token required' });
      }
    }
    const body = await deps.registry.metrics();
    return reply.type(deps.registry.contentType).send(body);
  });
}
