// Opening a deployment to run it: its lease (fencing token = the session of its client order
// ids), its strategy and instruments, the ledger routed to its engine, its venue — the paper
// venue of its account, or a live broker account's link (`live`: Dhan, from trading-links.ts) —
// the risk gate prepared for it, and its indicators warmed on stored history. Used by the paper
// runs and by the supervisor; the caller drives it (replay-driver.ts, bar-pipeline.ts) and
// closes it.
import type { Logger } from 'pino';
import { barAt } from '../../core/bar';
import type { Pool } from '../../db/pool';
import type { BrokerLink } from '../../broker/broker-link';
import { AppError } from '../../core/errors';
import { readPaperAccount } from '../../broker/paper/paper-account';
import { PaperVenue } from '../../broker/paper/paper-venue';
import type { LiveRiskGate } from '../../risk-control/live-risk-gate';
import { createLedger, type Ledger } from '../ledger/ledger';
import { LeaseKeeper } from '../lease/lease-keeper';
import type { DeploymentRow } from '../deployments/deployment-store';
import { DeploymentRuntime, type RuntimeDeps } from './deployment-runtime';
import { loadDeploymentRun, type LoadedDeployment } from './deployment-loader';
import type { OrderObserver } from './engine-bridge';
import { LedgerRouter } from './ledger-router';
import { riskGatePort } from './pre-trade-gate';
import { attachRiskStops, type RiskStops } from './risk-stops';
import { loadWarmup, type WarmupFetch } from './warm-up';
import { snapshotFromBook } from './ledger-snapshot';
import { deploymentBook } from '../ledger/ledger-reads';
import type { EngineSnapshot } from '../../engine/restore';
import type { AnyStrategy } from '../../strategies/strategy';
import { LIVE_LIMITS, LiveStrategy } from '../../sandbox/live-strategy';
import type { SandboxLimits } from '../../sandbox/protocol';
import type { StrategyCode } from '../../sandbox/strategy-code';
import { SandboxDecisions } from './sandbox-decisions';

export interface OpenDeploymentOptions {
  pool: Pool;
  log: Logger;
  row: DeploymentRow;
  holder: string;
  leaseTtlMs?: number;
  /** The runner's clock (the risk gate's now). */
  clock: () => number;
  /** The paper venue's clock (venue time). */
  venueClock: () => number;
  /** Warm-up history ends here (the first traded bar starts at or after it). */
  warmupBefore: number;
  /** Fetches a gap in the stored warm-up history from a market source (none: the start fails). */
  warmupFetch?: WarmupFetch;
  risk?: LiveRiskGate;
  observer?: OrderObserver;
  /** A ledger and router shared by the daemon's deployments (default: this one's own). */
  ledger?: { ledger: Ledger; router: LedgerRouter };
  /**
   * Resume (a restart, a takeover): first recover the deployment's orders at the venue (looked
   * up by client order id, never sent again), then rebuild the engine from the ledger.
   */
  resume?: boolean;
  onError: (err: Error) => void;
  onLeaseLost?: (reason: string) => void;
  /** Compiles user code (a deployment of a code strategy); default: one of its own. */
  code?: StrategyCode;
  /** A code strategy's sandbox limits per step (default LIVE_LIMITS). */
  sandboxLimits?: SandboxLimits;
  /**
   * Run this strategy object instead of the stored version's (its parameters: the
   * deployment's). For scripted strategies in tests — the rest of the run is the real one.
   */
  strategy?: AnyStrategy;
  /**
   * A live broker account (Dhan): orders go through its link instead of a paper venue. The
   * shared `ledger` must be the one already attached to that link (trading-links.ts): updates
   * are applied once, by it.
   */
  live?: LiveVenue;
}

/** A live account's side of a deployment (trading-links.ts AccountTrading, for Dhan). */
export interface LiveVenue {
  link: BrokerLink;
  /**
   * Recovery leaves an order `sent` by a previous holder alone this long before it closes it as
   * not found: a request of a dead process may still reach a real broker.
   */
  sentGraceMs: number;
  /** Whether the feed says the symbol is stale (the gate refuses new entries on it). */
  isStale?: (symbol: string) => boolean;
}

export interface OpenDeployment {
  runtime: DeploymentRuntime;
  /** The paper venue (absent for a live account: the broker works orders by itself). */
  venue: PaperVenue | undefined;
  /** Where the deployment's orders go (the paper venue, or the live account's link). */
  link: BrokerLink;
  ledger: Ledger;
  keeper: LeaseKeeper;
  loaded: LoadedDeployment;
  close(): Promise<void>;
}

export type PaperDeployment = OpenDeployment & { venue: PaperVenue };

/** Opens the deployment, or undefined when another daemon holds its lease. */
export function openDeployment(
  options: OpenDeploymentOptions & { live?: undefined },
): Promise<PaperDeployment | undefined>;
export function openDeployment(options: OpenDeploymentOptions): Promise<OpenDeployment | undefined>;
export async function openDeployment(options: OpenDeploymentOptions): Promise<OpenDeployment | undefined> {
  const { pool, log, row } = options;
  const keeper = await LeaseKeeper.acquire({
    pool,
    deploymentId: row.id,
    holder: options.holder,
    ttlMs: options.leaseTtlMs ?? 10_000,
    log,
    onLost: (reason) => options.onLeaseLost?.(reason),
  });
  if (!keeper) return undefined;
  const cleanup: (() => unknown)[] = [() => keeper.stop()];
  const close = async () => {
    for (const fn of cleanup.reverse()) await fn();
  };
  try {
    const loaded = await loadDeploymentRun(pool, row, options.code, options.strategy);
    const live = options.live;
    if (live) requireSecurityIds(loaded);
    const shared = options.ledger;
    if (live && !shared) throw new Error('a live deployment needs the ledger attached to its link');
    const router = shared?.router ?? new LedgerRouter();
    const ledger = shared?.ledger ?? createLedger({ pool, log, listener: router });
    // The ledger charges fills with the model the venue books them with (a live broker: the
    // Indian model by product).
    const account = live ? undefined : await readPaperAccount(pool, row.brokerAccountId);
    const venue = live
      ? undefined
      : await PaperVenue.open({
          pool,
          brokerAccountId: row.brokerAccountId,
          log,
          clock: options.venueClock,
        });
    const link: BrokerLink = live?.link ?? venue!;
    if (venue) cleanup.push(ledger.attach(venue));
    let restore: EngineSnapshot | undefined;
    if (options.resume) {
      const report = await ledger.recover(
        link,
        { brokerAccountId: row.brokerAccountId, deploymentId: row.id },
        keeper.fence(),
        {
          // The paper venue answers from the database: no request of a dead holder is in flight.
          // A real broker may still receive one: its orders `sent` get the grace.
          sentGraceMs: live?.sentGraceMs ?? 0,
        },
      );
      log.info({ deploymentId: row.id, ...report }, 'orders recovered');
      restore = snapshotFromBook(await deploymentBook(pool, row.id), loaded.capital, loaded.instruments);
    }
    const decisions = loaded.code
      ? await openSandbox(loaded, row.id, keeper.lease.token, restore, options.sandboxLimits)
      : undefined;
    if (decisions) cleanup.push(() => decisions.close());
    const risk = options.risk;
    if (risk) await risk.prepare(row.brokerAccountId, row.id, options.clock());
    let stops: RiskStops | undefined;
    const deps: RuntimeDeps = {
      ledger,
      link,
      ...(live?.isStale ? { isStale: live.isStale } : {}),
      fence: () => keeper.fence(),
      clock: options.clock,
      log,
      onError: options.onError,
      ...(options.observer ? { observer: options.observer } : {}),
      ...(risk
        ? {
            gate: (books) =>
              riskGatePort({
                pool,
                risk,
                ownerId: row.ownerId,
                accountId: row.brokerAccountId,
                deploymentId: row.id,
                books,
              }),
            afterStep: async (now) => stops?.observe(now),
          }
        : {}),
    };
    const runtime = new DeploymentRuntime(
      {
        deploymentId: row.id,
        brokerAccountId: row.brokerAccountId,
        strategy: loaded.strategy,
        params: loaded.params,
        strategyId: row.strategyId,
        strategyVersion: row.strategyVersion,
        instruments: loaded.instruments,
        product: loaded.product,
        capital: loaded.capital,
        costModel: account?.costModel ?? 'india',
        session: keeper.lease.token,
        ...(restore ? { restore } : {}),
        ...(decisions ? { decisions } : {}),
      },
      deps,
    );
    cleanup.push(router.add(row.id, runtime.bridge));
    if (risk) {
      const attached = attachRiskStops({
        risk,
        runtime,
        accountId: row.brokerAccountId,
        deploymentId: row.id,
        log,
      });
      stops = attached;
      cleanup.push(() => attached.detach());
    }
    const warm = await loadWarmup(pool, {
      symbols: row.symbols,
      timeframe: row.timeframe,
      before: options.warmupBefore,
      bars: loaded.warmupBars,
      ...(options.warmupFetch ? { fetch: options.warmupFetch } : {}),
    });
    warm.forEach((series, s) => {
      for (let i = 0; i < series.length; i++) runtime.warmUp(s, barAt(series, i));
    });
    return { runtime, venue, link, ledger, keeper, loaded, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A live broker identifies instruments by its security id: every symbol needs one. */
function requireSecurityIds(loaded: LoadedDeployment): void {
  const missing = loaded.instruments.filter((i) => !i.instrument.securityId).map((i) => i.instrument.symbol);
  if (missing.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `symbols: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no broker security id, expected one from the instrument master (quanttrade data instruments) for a live deployment`,
      { symbols: missing },
    );
}

/**
 * A code strategy's sandbox, opened on the deployment's instruments, parameters (parsed there by
 * the code's own schema), capital or restored state, and client order ids of this session.
 */
async function openSandbox(
  loaded: LoadedDeployment,
  deploymentId: number,
  session: number,
  restore: EngineSnapshot | undefined,
  limits: SandboxLimits = LIVE_LIMITS,
): Promise<SandboxDecisions> {
  const symbols = loaded.instruments.map((i) => i.instrument.symbol);
  const live = await LiveStrategy.open(
    loaded.code!,
    {
      symbols,
      instruments: loaded.instruments.map((i) => i.instrument),
      params: loaded.params,
      cash: loaded.capital,
      product: loaded.product === 'INTRADAY' ? 'intraday' : 'delivery',
      orderIds: { prefix: `d${deploymentId}`, session },
      ...(restore ? { restore } : {}),
    },
    limits,
  );
  loaded.warmupBars = live.warmupBars;
  return new SandboxDecisions(live, symbols, `d${deploymentId}-${session.toString(36)}-`);
}
