// QuantTrade's kill switch reaching Dhan's own (docs/dhan.md "Kill switch"). When a global or an
// account kill switch is engaged, the daemon holding a covered Dhan account's link activates
// Dhan's kill switch for that account — the broker then refuses every order for the rest of the
// trading day, whoever places it (another tool, the web, a process that missed the switch).
//   - Only the holder calls (one call per account, not one per daemon), and only once per switch,
//     account and IST trading day: a successful activation is recorded (kill-switch-calls.ts), so
//     a daemon taking the link over, or the next trading day with the switch still engaged, calls
//     again, and nothing else does.
//   - Every call is recorded and audited with its outcome. A failure — Dhan unreachable, or
//     refusing (it documents that activation needs no open positions or pending orders: the
//     cancels and flatten orders the kill switch starts may still be on their way) — raises a
//     `kill_switch_failed` alert and is retried with backoff; it is never silently dropped.
//   - A deployment switch does not touch Dhan (other deployments trade on the account), and
//     releasing a switch does not deactivate Dhan's: that is an operator's explicit request
//     (broker.setKillSwitch), because Dhan's switch is the last line of defence and a release of
//     ours may be meant for QuantTrade only.
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import type { ReconcileMetrics } from '../metrics/reconcile-metrics';
import { startRiskWatch, type KillSwitchRow, type RiskWatch } from '../risk-control';
import { activatedOn, recordKillSwitchCall } from './kill-switch-calls';
import type { LinkSupervisor } from './link-supervisor';

export interface DhanKillSwitchOptions {
  pool: Pool;
  bus: EventBus;
  log: Logger;
  supervisor: Pick<LinkSupervisor, 'link' | 'held' | 'watchLinks'>;
  metrics?: { broker: Pick<BrokerMetrics, 'alerts'>; reconcile: Pick<ReconcileMetrics, 'brokerKillSwitch'> };
  /** Waits between attempts (default 2 s, 5 s, 15 s, 30 s, 60 s: six attempts in about two minutes). */
  retryDelaysMs?: readonly number[];
  /** How often engaged switches are checked again (a new trading day, a missed event; default 60 s). */
  rescanMs?: number;
  now?: () => number;
}

export interface DhanKillSwitch {
  /** Checks the engaged switches now (resolves when every call started by it has ended). */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_DELAYS = [2000, 5000, 15_000, 30_000, 60_000];

export async function startDhanKillSwitch(options: DhanKillSwitchOptions): Promise<DhanKillSwitch> {
  const { pool, log, supervisor } = options;
  const now = options.now ?? Date.now;
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const inFlight = new Map<string, Promise<void>>();
  let stopped = false;
  let engaged: readonly KillSwitchRow[] = [];
  const sleeps = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const s = { timer: setTimeout(() => (sleeps.delete(s), resolve()), ms), done: resolve };
      sleeps.add(s);
    });

  async function ownerOf(accountId: number): Promise<number | undefined> {
    const { rows } = await pool.query<{ owner_id: number }>(
      "SELECT owner_id FROM broker_accounts WHERE id = $1 AND broker = 'dhan'",
      [accountId],
    );
    return rows[0]?.owner_id;
  }

  const stillEngaged = (id: number) => engaged.some((s) => s.id === id);

  async function activate(sw: KillSwitchRow, accountId: number): Promise<void> {
    const ownerId = await ownerOf(accountId);
    if (ownerId === undefined || (await activatedOn(pool, accountId, sw.id, now()))) return;
    for (let attempt = 1; !stopped; attempt++) {
      const link = supervisor.link(accountId);
      if (!link || !stillEngaged(sw.id)) return; // another daemon holds it now, or released
      let outcome: 'ok' | 'failed';
      let message: string;
      try {
        const answer = await link.client.rest.setKillSwitch(true);
        outcome = 'ok';
        message = answer.message;
      } catch (err) {
        outcome = 'failed';
        message = (err as Error).message;
      }
      options.metrics?.reconcile.brokerKillSwitch.inc({ action: 'activate', outcome });
      const call = {
        accountId,
        ownerId,
        killSwitchId: sw.id,
        action: 'activate' as const,
        outcome,
        message,
        attempt,
        requestedBy: `kill_switch:${sw.id}`,
        daemonId: options.bus.daemonId,
        at: now(),
      };
      await recordKillSwitchCall(pool, call).catch((err: Error) =>
        log.error(
          { err: err.message, accountId, killSwitchId: sw.id, outcome },
          'broker kill-switch call not recorded',
        ),
      );
      if (outcome === 'ok') {
        log.warn({ accountId, killSwitchId: sw.id }, `Dhan kill switch activated: ${message}`);
        return;
      }
      const next = delays[attempt - 1];
      const text = `Dhan account ${accountId}: activating Dhan's kill switch for kill switch ${sw.id} failed (attempt ${attempt}): ${message}${next === undefined ? ' — giving up; activate it on web.dhan.co or with quanttrade broker kill-switch' : `; trying again in ${Math.round(next / 1000)} s`}`;
      log.error({ accountId, killSwitchId: sw.id, attempt }, text);
      options.metrics?.broker.alerts.inc({ kind: 'kill_switch_failed' });
      options.bus
        .publish('broker.alert', { accountId, kind: 'kill_switch_failed', message: text }, { ownerId })
        .catch(() => undefined);
      if (next === undefined) return;
      await sleep(next);
    }
  }

  function covered(sw: KillSwitchRow): number[] {
    const held = supervisor.held();
    if (sw.scope === 'global') return held;
    if (sw.scope === 'account' && sw.accountId !== null && held.includes(sw.accountId)) return [sw.accountId];
    return [];
  }

  async function scan(): Promise<void> {
    if (stopped) return;
    const started: Promise<void>[] = [];
    for (const sw of engaged)
      for (const accountId of covered(sw)) {
        const key = `${sw.id}/${accountId}`;
        if (inFlight.has(key)) continue;
        const run = activate(sw, accountId)
          .catch((err: Error) => log.error({ err: err.message, accountId }, 'broker kill switch not handled'))
          .finally(() => inFlight.delete(key));
        inFlight.set(key, run);
        started.push(run);
      }
    await Promise.all(started);
  }

  const watch: RiskWatch = await startRiskWatch({
    pool,
    bus: options.bus,
    log,
    onChange: (all) => {
      engaged = all;
      void scan();
    },
  });
  // A link this daemon starts holding (a takeover) may be covered by a switch engaged earlier.
  const unwatch = supervisor.watchLinks({ started: () => void scan(), stopping: () => undefined });
  const rescan = setInterval(() => void scan(), options.rescanMs ?? 60_000);
  rescan.unref();
  void scan();

  return {
    scan: () => scan(),
    async stop() {
      stopped = true;
      clearInterval(rescan);
      unwatch();
      watch.stop();
      for (const s of sleeps) {
        clearTimeout(s.timer);
        s.done();
      }
      await Promise.all(inFlight.values());
    },
  };
}
