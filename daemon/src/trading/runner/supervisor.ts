// The trading supervisor of a daemon with the `trader` role: runs the deployments that should
// run (starting, running, paused, stopping), each held by exactly one daemon through its lease.
//
//   claim     a deployment without a live lease: open it (recovery and restore from the ledger
//             when it was already running — a restart or a takeover), then drive it with the
//             live bar pipeline; starting → running once warmed up
//   follow    deployment.changed (every daemon hears it) and a periodic scan: paused ⇄ running
//             switch new entries off and on; stopping cancels the working orders and → stopped
//   release   a lease lost (another daemon took it, the database is gone) drops the deployment
//             at once: its fence refuses every order write from then on
//   error     the strategy threw or the deployment cannot start → error, with message and stack
//   cancel    an operator's cancel request (trading.cancel_requested, and on claim and each scan
//             the requests not yet acted on) is carried out through the ledger under the lease
//   EOD       when a session closes (the pipeline's clock, as DAY-order expiry) each held
//             deployment's end-of-day report is built and saved; a failed build is retried
//             with a bounded backoff while the deployment is held (eod-reports.ts)
//   live      a deployment on a broker account (mode live: Dhan) runs on the daemon holding the
//             account's link (live-accounts.ts): orders through that link with the daemon's one
//             ledger, ticks from the account's market feed; on other daemons it is left alone
//
// A dead holder's lease lapses after its ttl; the next scan of another daemon claims it, so a
// takeover takes at most ttl + scan interval.
import type { Logger } from 'pino';
import type { SourceClock } from '../../broker/feeds/feed-source';
import type { TickSource } from '../../broker/tick-source';
import type { Pool } from '../../db/pool';
import type { EventBus } from '../../events/event-bus';
import type { LiveRiskGate } from '../../risk-control/live-risk-gate';
import { nseCalendar } from '../../core/calendar/trading-calendar';
import { AppError } from '../../core/errors';
import { istMidnight } from '../../core/time';
import { createLedger, type Ledger } from '../ledger/ledger';
import {
  listDeploymentsToRun,
  transitionDeployment,
  type DeploymentRow,
} from '../deployments/deployment-store';
import type { DeploymentStatus } from '../deployments/deployment-state';
import { BarPipeline } from './bar-pipeline';
import { openDeployment, type OpenDeployment } from './deployment-host';
import { EodReports, type EodRetry } from './eod-reports';
import { LedgerRouter } from './ledger-router';
import { carryOutOperatorCancels } from './operator-cancels';
import { resolveLiveVenue, type LiveAccounts, type LiveSide } from './live-accounts';
import { pnlRecorder } from './pnl-recorder';
import { sessionClosesBetween } from './session-close';
import { settleUnknownSends } from './unknown-sends';
import type { WarmupFetch } from './warm-up';
import type { RunnerMetrics } from '../../metrics/runner-metrics';
import type { TradingMetrics } from '../../metrics/trading-metrics';

export interface SupervisorOptions {
  pool: Pool;
  bus: EventBus;
  log: Logger;
  daemonId: string;
  /** Ticks for the deployments' symbols (the synthetic feed offline; the Dhan feed live). */
  ticks: TickSource;
  clock: SourceClock;
  risk?: LiveRiskGate;
  /** Lease ttl: a dead holder's deployments move within about this (default 10 s). */
  leaseTtlMs?: number;
  /** How often the deployments to run are scanned (default 2 s). */
  scanEveryMs?: number;
  metrics?: { trading: TradingMetrics; runner: RunnerMetrics };
  /**
   * The daemon's broker accounts (trading-links.ts): live deployments run through them, and
   * every deployment uses their one ledger. Without it only paper deployments run.
   */
  accounts?: LiveAccounts;
  /** Recovery's grace for a live order `sent` by a previous holder (default 30 s). */
  liveSentGraceMs?: number;
  /** Fetches gaps in stored warm-up history (warm-up-fetch.ts); none: such a start fails. */
  warmupFetch?: WarmupFetch;
  /** Backoff of failed end-of-day report builds (default 5 s doubling to 5 min). */
  eodRetry?: EodRetry;
}

interface Held {
  row: DeploymentRow;
  host: OpenDeployment;
  pipeline: BarPipeline;
  /** Operator cancels of this deployment run one pass at a time. */
  cancels: Promise<unknown>;
  /** Session closes up to `seen` have had their EOD report built. */
  eod: { seen: number };
  /** The live account it trades on (absent: paper). */
  liveAccount?: number;
  /** A pass settling unknown sends is running (unknown-sends.ts). */
  settling?: boolean;
}

export class TradingSupervisor {
  private readonly held = new Map<number, Held>();
  private readonly busy = new Set<number>();
  private readonly ledger: Ledger;
  private readonly router = new LedgerRouter();
  private readonly eodReports: EodReports;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void)[] = [];
  private readonly offLedger: (() => void) | undefined;
  /** Live deployments left to another daemon, with why (logged once per reason). */
  private readonly elsewhere = new Map<number, string>();
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: SupervisorOptions) {
    // With broker accounts, their ledger is the one attached to the live links: each venue
    // update is applied once and reaches the deployment through the router.
    this.ledger =
      options.accounts?.ledger ??
      createLedger({
        pool: options.pool,
        log: options.log,
        listener: this.router,
        ...(options.metrics ? { metrics: options.metrics.trading } : {}),
      });
    this.offLedger = options.accounts?.onLedger(this.router);
    this.eodReports = new EodReports({
      pool: options.pool,
      log: options.log,
      ...(options.eodRetry ? { retry: options.eodRetry } : {}),
      ...(options.metrics ? { metrics: options.metrics.runner } : {}),
    });
  }

  start(): void {
    const bus = this.options.bus;
    this.unsubscribe = [
      bus.subscribe(['deployment.changed'], () => void this.scan()),
      bus.subscribe(['trading.cancel_requested'], (event) => {
        const id = event.payload.deploymentId;
        if (id !== null) void this.operatorCancels(id);
      }),
    ];
    const every = this.options.scanEveryMs ?? 2000;
    const loop = () => {
      this.timer = setTimeout(() => void this.scan().finally(() => !this.stopped && loop()), every);
      this.timer.unref();
    };
    void this.scan();
    loop();
  }

  /** Deployments this daemon runs now (ids). */
  holding(): number[] {
    return [...this.held.keys()];
  }

  /** Scans once (also on every deployment.changed); concurrent calls share the scan. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch((err: Error) => this.options.log.warn({ err: err.message }, 'deployment scan failed'))
      .finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const off of this.unsubscribe) off();
    await this.scanning;
    // Shutting down is not stopping the deployments: another daemon (or this one restarted)
    // resumes them. The leases are released so that happens at once.
    for (const id of [...this.held.keys()]) await this.drop(id);
    this.offLedger?.();
    await this.eodReports.stop();
  }

  private async scanOnce(): Promise<void> {
    if (this.stopped) return;
    const rows = await listDeploymentsToRun(this.options.pool);
    this.count(rows);
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, held] of this.held) {
      const row = wanted.get(id);
      // A live deployment whose account link this daemon no longer holds (disconnected, the
      // link's database session lost) is dropped: the link's new holder takes it over.
      const linkGone =
        held.liveAccount !== undefined && !this.options.accounts?.synced().includes(held.liveAccount);
      if (!row || linkGone) await this.drop(id);
      else await this.follow(held, row);
    }
    for (const row of rows) if (!this.held.has(row.id) && !this.busy.has(row.id)) await this.claim(row);
  }

  private async follow(held: Held, row: DeploymentRow): Promise<void> {
    held.row = row;
    const runtime = held.host.runtime;
    if (row.status === 'paused' || row.status === 'running') runtime.setPaused(row.status === 'paused');
    if (row.status === 'stopping') await this.finish(row.id);
    else {
      // Events are hints: each scan also picks up requests missed or not yet possible.
      void this.operatorCancels(row.id);
      void this.settleSends(held);
    }
  }

  /** A live deployment's sends left unknown past the grace: looked up, one pass at a time. */
  private async settleSends(held: Held): Promise<void> {
    if (held.liveAccount === undefined || held.settling) return;
    held.settling = true;
    const { host, row } = held;
    await settleUnknownSends({
      pool: this.options.pool,
      ledger: host.ledger,
      link: host.link,
      runtime: host.runtime,
      fence: () => host.keeper.fence(),
      deploymentId: row.id,
      brokerAccountId: row.brokerAccountId,
      graceMs: this.options.liveSentGraceMs ?? 30_000,
      log: this.options.log,
    })
      .catch((err: Error) =>
        this.options.log.warn({ deploymentId: row.id, err: err.message }, 'unknown sends not settled yet'),
      )
      .finally(() => (held.settling = false));
  }

  /** Carries out the operator cancels of a held deployment (one pass at a time). */
  operatorCancels(id: number): Promise<unknown> {
    const held = this.held.get(id);
    if (!held) return Promise.resolve();
    const { host } = held;
    held.cancels = held.cancels.then(() =>
      carryOutOperatorCancels({
        pool: this.options.pool,
        ledger: host.ledger,
        link: host.link,
        deploymentId: id,
        fence: () => host.keeper.fence(),
        log: this.options.log.child({ deploymentId: id }),
      }).catch(() => []),
    );
    return held.cancels;
  }

  /** After the venue's clock: the EOD report of each session that closed since the last call. */
  private async reportClosedSessions(id: number, eod: { seen: number }, now: number): Promise<void> {
    const dates = sessionClosesBetween(nseCalendar, eod.seen, now);
    eod.seen = Math.max(eod.seen, now);
    await this.eodReports.build(id, dates);
  }

  private async claim(row: DeploymentRow): Promise<void> {
    const { pool, log, clock } = this.options;
    this.busy.add(row.id);
    const dlog = log.child({ deploymentId: row.id });
    try {
      const where = await this.whereItRuns(row);
      if (!where) return;
      if (row.status === 'stopping') return await this.stopUnheld(row, where.live);
      const host = await openDeployment({
        pool,
        log: dlog,
        row,
        holder: this.options.daemonId,
        leaseTtlMs: this.options.leaseTtlMs ?? 10_000,
        clock: () => clock.now(),
        venueClock: () => clock.now(),
        warmupBefore: clock.now(),
        ...(this.options.warmupFetch ? { warmupFetch: this.options.warmupFetch } : {}),
        resume: row.status !== 'starting',
        ledger: { ledger: this.ledger, router: this.router },
        ...(this.options.risk ? { risk: this.options.risk } : {}),
        ...(where.live ? { live: where.live.venue } : {}),
        onError: (err) => void this.failed(row.id, err),
        onLeaseLost: (reason) => {
          dlog.error({ reason }, 'lease lost: dropping the deployment (no order is written without it)');
          void this.drop(row.id);
        },
      }).catch(async (err: Error) => {
        await this.move(row.id, ['starting', 'running', 'paused'], 'error', err);
        return undefined;
      });
      if (!host) return;
      host.runtime.setPaused(row.status === 'paused');
      const now = clock.now();
      // A resumed deployment (restart, takeover) also gets today's report if its session has
      // closed: the previous holder may have died before building it (saving replaces).
      const eod = { seen: row.status === 'starting' ? now : istMidnight(now) };
      const paper = host.venue;
      const pipeline = new BarPipeline({
        runtime: host.runtime,
        source: where.live?.ticks ?? this.options.ticks,
        timeframe: row.timeframe,
        clock,
        // A live broker works its orders by itself and expires DAY orders at its close.
        ...(paper ? { venueTick: (tick) => paper.onTick(tick) } : {}),
        venueClock: async (at) => {
          await paper?.onClock(at);
          await this.reportClosedSessions(row.id, eod, at);
        },
        log: dlog,
        ...this.observe(
          row,
          host,
          pnlRecorder({ pool, host, deploymentId: row.id, now: () => clock.now(), log: dlog }),
        ),
      });
      this.held.set(row.id, {
        row,
        host,
        pipeline,
        cancels: Promise.resolve(),
        eod,
        ...(where.live ? { liveAccount: row.brokerAccountId } : {}),
      });
      pipeline.start();
      // Requests made while no daemon held it (or before a takeover) are carried out now.
      void this.operatorCancels(row.id);
      if (row.status === 'starting') await this.move(row.id, ['starting'], 'running');
      dlog.info(
        { status: row.status, resumed: row.status !== 'starting', venue: host.link.venue },
        'deployment running here',
      );
    } finally {
      this.busy.delete(row.id);
    }
  }

  /**
   * Where the deployment's orders and ticks come from here: undefined when it is not this
   * daemon's to run (a live account whose link another daemon holds), after moving it to error
   * when it cannot run anywhere as specified.
   */
  private async whereItRuns(row: DeploymentRow): Promise<{ live?: LiveSide } | undefined> {
    const resolved = await resolveLiveVenue(
      this.options.accounts,
      row,
      this.options.liveSentGraceMs ?? 30_000,
    ).catch(async (err: Error) => {
      // A spec no daemon can run is an error; anything else (the database) is tried next scan.
      if (err instanceof AppError) await this.move(row.id, ['starting', 'running', 'paused'], 'error', err);
      else this.options.log.warn({ deploymentId: row.id, err: err.message }, 'live account not opened');
      return undefined;
    });
    if (!resolved) return undefined;
    if (resolved.kind === 'elsewhere') {
      if (this.elsewhere.get(row.id) !== resolved.reason)
        this.options.log.info(
          { deploymentId: row.id, reason: resolved.reason },
          'live deployment left to the daemon holding its account link',
        );
      this.elsewhere.set(row.id, resolved.reason);
      return undefined;
    }
    this.elsewhere.delete(row.id);
    return resolved.kind === 'live' ? { live: resolved } : {};
  }

  /** stopping: cancel the working orders (positions are kept), then stopped. */
  private async finish(id: number): Promise<void> {
    const held = this.held.get(id);
    if (!held) return;
    await held.pipeline.stop();
    const { runtime } = held.host;
    for (let s = 0; s < runtime.spec.instruments.length; s++)
      for (const order of runtime.engine.broker.openOrders(s))
        runtime.engine.broker.cancel(order, 'cancelled_by_operator', runtime.engine.time);
    await runtime.settle();
    await this.move(id, ['stopping'], 'stopped');
    await this.drop(id);
  }

  /** A stopping deployment nobody runs (its holder died): open it to cancel, then stop it. */
  private async stopUnheld(row: DeploymentRow, live?: LiveSide): Promise<void> {
    this.busy.add(row.id);
    try {
      const { pool, log, clock } = this.options;
      const host = await openDeployment({
        pool,
        log,
        row,
        holder: this.options.daemonId,
        clock: () => clock.now(),
        venueClock: () => clock.now(),
        warmupBefore: clock.now(),
        resume: true,
        ledger: { ledger: this.ledger, router: this.router },
        ...(live ? { live: live.venue } : {}),
        onError: () => undefined,
      }).catch(() => undefined);
      if (!host) return;
      try {
        const { runtime } = host;
        for (let s = 0; s < runtime.spec.instruments.length; s++)
          for (const order of runtime.engine.broker.openOrders(s))
            runtime.engine.broker.cancel(order, 'cancelled_by_operator', runtime.engine.time);
        await runtime.settle();
        await this.move(row.id, ['stopping'], 'stopped');
      } finally {
        await host.close();
      }
    } finally {
      this.busy.delete(row.id);
    }
  }

  private async failed(id: number, err: Error): Promise<void> {
    if ((err as { code?: string }).code === 'LEASE_LOST') return this.drop(id);
    await this.move(id, ['starting', 'running', 'paused'], 'error', err);
    await this.drop(id);
  }

  private async drop(id: number): Promise<void> {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    this.eodReports.forget(id);
    await held.pipeline.stop().catch(() => undefined);
    await held.cancels;
    await held.host.close().catch(() => undefined);
  }

  private count(rows: readonly DeploymentRow[]): void {
    const m = this.options.metrics?.runner;
    if (!m) return;
    for (const status of ['starting', 'running', 'paused', 'stopping'])
      m.deployments.set({ status }, rows.filter((r) => r.status === status).length);
    m.deploymentsHeld.set(this.held.size);
  }

  /** Pipeline hooks: the stored P&L marks, and the metrics (bars, lateness, dropped ticks, P&L). */
  private observe(
    row: DeploymentRow,
    host: OpenDeployment,
    recordPnl: ReturnType<typeof pnlRecorder>,
  ): Partial<ConstructorParameters<typeof BarPipeline>[0]> {
    const metrics = this.options.metrics;
    if (!metrics) return { afterStep: (time, bars) => recordPnl(time, bars) };
    const deployment = String(row.id);
    return {
      afterStep: async (time, bars, lateness) => {
        await recordPnl(time, bars);
        metrics.trading.barsEmitted.inc({ timeframe: row.timeframe }, bars.length);
        metrics.runner.barLateness.observe({ timeframe: row.timeframe }, Math.max(0, lateness) / 1000);
        metrics.runner.deploymentPnl.set(
          { deployment },
          host.runtime.engine.portfolio.equity() - host.loaded.capital,
        );
      },
      onTickVerdict: (verdict) => {
        if (verdict !== 'accepted') metrics.trading.ticksDropped.inc({ reason: verdict });
      },
    };
  }

  private async move(id: number, from: DeploymentStatus[], to: DeploymentStatus, err?: Error): Promise<void> {
    try {
      await transitionDeployment(this.options.pool, {
        deploymentId: id,
        from,
        to,
        actor: 'runner',
        daemonId: this.options.daemonId,
        ...(err
          ? { error: err.message, errorStack: err.stack ?? null, reason: 'the deployment failed' }
          : {}),
      });
      if (to === 'error') this.options.metrics?.runner.deploymentErrors.inc();
    } catch (e) {
      this.options.log.warn(
        { deploymentId: id, to, err: (e as Error).message },
        'deployment transition refused',
      );
    }
  }
}
