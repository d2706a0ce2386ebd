// A daemon's view of the engaged kill switches. It reads them at start, again on every
// risk.kill_switch event (sent by the database at commit, LISTEN/NOTIFY through the event
// bridge: milliseconds) and every `pollMs` in case a notification was lost (a listener
// reconnecting after a database restart misses what was sent meanwhile). If a read fails, the
// last known switches stay: the watch never releases a switch because the database is away —
// and the order write itself checks the table in its own transaction anyway.
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { RiskMetrics } from '../metrics/risk-metrics';
import { KILL_SWITCH_SCOPES } from '../risk/index';
import { listEngaged, type KillSwitchRow } from './kill-switch-store';
import type { KillSwitchEvent } from './risk-events';

export interface RiskWatchOptions {
  pool: Pool;
  bus: EventBus;
  log: Logger;
  metrics?: RiskMetrics;
  /** Fallback poll period (default 1000 ms). */
  pollMs?: number;
  /** Called with every engaged switch whenever the set changes (and once at start). */
  onChange(engaged: readonly KillSwitchRow[], event: KillSwitchEvent | undefined): void;
}

export interface RiskWatch {
  current(): readonly KillSwitchRow[];
  /** Epoch ms of the last successful read. */
  readonly loadedAt: number;
  /** Reads now (resolves once the set is current). */
  refresh(event?: KillSwitchEvent): Promise<void>;
  stop(): void;
}

function fingerprint(rows: readonly KillSwitchRow[]): string {
  return rows.map((r) => `${r.id}:${r.flatten ? 1 : 0}`).join(',');
}

export async function startRiskWatch(options: RiskWatchOptions): Promise<RiskWatch> {
  const { pool, bus, log } = options;
  let engaged: readonly KillSwitchRow[] = [];
  let seen = '';
  let loadedAt = NaN;
  let inFlight: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const read = async (event: KillSwitchEvent | undefined): Promise<void> => {
    try {
      const rows = await listEngaged(pool);
      loadedAt = Date.now();
      const print = fingerprint(rows);
      if (print === seen && !event) return;
      const changed = print !== seen;
      engaged = rows;
      seen = print;
      for (const scope of KILL_SWITCH_SCOPES)
        options.metrics?.killSwitchesEngaged.set({ scope }, rows.filter((r) => r.scope === scope).length);
      if (changed || event) options.onChange(engaged, event);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'kill switches not read; keeping the last known');
    }
  };

  // One read at a time; a request during a read runs one more read after it.
  const refresh = (event?: KillSwitchEvent): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = read(event).finally(() => {
      inFlight = undefined;
      if (again && !stopped) {
        again = false;
        void refresh();
      }
    });
    return inFlight;
  };

  await refresh();
  const unsubscribe = bus.subscribe(['risk.kill_switch'], (e) => void refresh(e.payload as KillSwitchEvent));
  const timer = setInterval(() => void refresh(), options.pollMs ?? 1000);
  timer.unref();
  return {
    current: () => engaged,
    get loadedAt() {
      return loadedAt;
    },
    refresh,
    stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
    },
  };
}
