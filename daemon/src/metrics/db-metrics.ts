import { Gauge, type Registry } from 'prom-client';

/** What the pool gauges read; pg.Pool satisfies it. */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface DbMetrics {
  /** Point the pool gauges at the daemon's pool (it is created after the registry). */
  watchPool(pool: PoolStats, max: number): void;
}

export function createDbMetrics(registry: Registry): DbMetrics {
  let watched: { pool: PoolStats; max: number } | undefined;
  const gauge = (name: string, help: string, read: (w: NonNullable<typeof watched>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (watched) this.set(read(watched));
      },
    });
  gauge('quanttrade_db_pool_connections', 'Connections open in the daemon pool', (w) => w.pool.totalCount);
  gauge(
    'quanttrade_db_pool_idle_connections',
    'Idle connections in the daemon pool',
    (w) => w.pool.idleCount,
  );
  gauge(
    'quanttrade_db_pool_waiting_clients',
    'Queries waiting for a pool connection',
    (w) => w.pool.waitingCount,
  );
  gauge('quanttrade_db_pool_max_connections', 'Configured maximum pool size', (w) => w.max);
  return {
    watchPool(pool, max) {
      watched = { pool, max };
    },
  };
}
