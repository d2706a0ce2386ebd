// Bridges the event bus across daemons with PostgreSQL LISTEN/NOTIFY. One dedicated connection
// per daemon listens (a pooled connection cannot: LISTEN is per session); publishing goes
// through the pool with pg_notify. The listener reconnects by itself after a database restart;
// events published while it was away are lost — subscribers must treat events as hints and read
// state from the database (the console refetches on reconnect).
import pg from 'pg';
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from './event-bus';

export const EVENTS_CHANNEL = 'quanttrade_events';

export interface PgBridge {
  /** Whether the LISTEN connection is up. */
  readonly listening: boolean;
  stop(): Promise<void>;
}

export async function startPgBridge(options: {
  bus: EventBus;
  pool: Pool;
  connectionString: string;
  log: Logger;
}): Promise<PgBridge> {
  const { bus, pool, log } = options;
  let client: pg.Client | undefined;
  let stopped = false;
  let listening = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let backoffMs = 500;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'quanttrade-events',
    });
    c.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL && msg.payload) bus.deliverRemote(msg.payload);
    });
    c.on('error', (err) => log.warn({ err: err.message }, 'event listener connection failed'));
    c.on('end', () => {
      listening = false;
      if (!stopped) scheduleReconnect();
    });
    await c.connect();
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
    listening = true;
    backoffMs = 500;
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((err: Error) => {
        log.debug({ err: err.message }, 'event listener reconnect failed');
        backoffMs = Math.min(backoffMs * 2, 10_000);
        scheduleReconnect();
      });
    }, backoffMs);
    retryTimer.unref();
  };

  await connect();
  bus.setRemote(async (encoded) => {
    await pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, encoded]);
  });

  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      bus.setRemote(undefined);
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
    },
  };
}
