// A trader daemon reduced to its live-trading parts, wired as `quanttrade start` wires them
// (cli/start-broker.ts, cli/start-trading.ts, trading/runner/start-runner.ts): the link supervisor
// holding the Dhan account's link (advisory lock, encrypted credentials, order-update socket,
// market feed), the daemon's TradingLinks (one ledger attached to the link, reconciliation) and
// the TradingSupervisor running the live deployment through them. Used in-process by
// live-deployment.test.ts and as a child process by live-trader-process.ts (kill -9).
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createDhanAccount } from '../../../daemon/src/broker/account-store';
import { brokerKey, type BrokerKeyring } from '../../../daemon/src/broker/credential-cipher';
import { createSyntheticFeed, demoFeedInstruments } from '../../../daemon/src/broker/feeds/synthetic-feed';
import type { SourceClock } from '../../../daemon/src/broker/feeds/feed-source';
import { createLinkSupervisor } from '../../../daemon/src/broker/link-supervisor';
import { createPool, type Pool } from '../../../daemon/src/db/pool';
import { createEventBus } from '../../../daemon/src/events/event-bus';
import { createMetrics } from '../../../daemon/src/metrics/metrics';
import { createLiveRiskGate } from '../../../daemon/src/risk-control/live-risk-gate';
import {
  createDeployment,
  type DeploymentRow,
} from '../../../daemon/src/trading/deployments/deployment-store';
import { TradingSupervisor } from '../../../daemon/src/trading/runner/supervisor';
import { createTradingLinks } from '../../../daemon/src/trading/trading-links';

export interface LiveTraderOptions {
  databaseUrl: string;
  keyHex: string;
  urls: { rest: string; feed: string; orderUpdates: string };
  clock: SourceClock;
  daemonId: string;
  log: Logger;
  leaseTtlMs?: number;
  /** Recovery's grace for orders `sent` by a dead holder (0 when its requests cannot arrive later). */
  liveSentGraceMs?: number;
  /** The live risk gate in front of every order, as on a daemon (default false). */
  risk?: boolean;
}

export function keyringOf(keyHex: string): BrokerKeyring {
  return { current: brokerKey(Buffer.from(keyHex, 'hex')) };
}

export function newKeyHex(): string {
  return randomBytes(32).toString('hex');
}

export async function startLiveTrader(o: LiveTraderOptions) {
  const { log } = o;
  const pool = createPool({ connectionString: o.databaseUrl, log, max: 8 });
  const bus = createEventBus({ log, daemonId: o.daemonId });
  const metrics = createMetrics();
  const links = createLinkSupervisor({
    pool,
    connectionString: o.databaseUrl,
    keyring: keyringOf(o.keyHex),
    bus,
    metrics: metrics.broker,
    log,
    urls: o.urls,
    timeoutMs: 1000,
    pollMs: 200,
    link: {
      socket: { backoffBaseMs: 50, backoffMaxMs: 300, pingIntervalMs: 500 },
      // Fault tests open the circuit on purpose; a short cooldown lets trading go on.
      circuit: { threshold: 5, cooldownMs: 300 },
      readRetry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 100 },
      placement: {
        maxSends: 3,
        notSentRetries: 3,
        confirmations: 3,
        lookup: { attempts: 4, baseDelayMs: 50, maxDelayMs: 200 },
      },
    },
  });
  const trading = createTradingLinks({
    pool,
    log,
    bus,
    metrics,
    broker: {
      restFor: () => Promise.reject(new Error('one-off passes are not used by this trader')),
    },
    supervisor: links,
    reconcileIntervalMs: 500,
  });
  const risk = o.risk ? await createLiveRiskGate({ pool, bus, log, metrics: metrics.risk }) : undefined;
  const idle = createSyntheticFeed({ universe: demoFeedInstruments(), clock: o.clock });
  const supervisor = new TradingSupervisor({
    pool,
    bus,
    log,
    daemonId: o.daemonId,
    ticks: idle,
    clock: o.clock,
    accounts: trading,
    ...(risk ? { risk } : {}),
    leaseTtlMs: o.leaseTtlMs ?? 2000,
    scanEveryMs: 100,
    liveSentGraceMs: o.liveSentGraceMs ?? 0,
    metrics: { trading: metrics.trading, runner: metrics.runner },
  });
  await links.start();
  supervisor.start();
  return {
    pool,
    links,
    trading,
    supervisor,
    metrics,
    async stop(): Promise<void> {
      await supervisor.stop();
      await trading.stop();
      await links.stop();
      await idle.close();
      risk?.close();
      await pool.end();
    },
  };
}

export type LiveTrader = Awaited<ReturnType<typeof startLiveTrader>>;

/**
 * A Dhan account (credentials encrypted with the key, connected), security ids for the symbols'
 * instruments, and a live sma-cross deployment on them (stopped).
 */
export async function createLiveDeployment(
  pool: Pool,
  o: {
    ownerId: number;
    keyHex: string;
    clientId: string;
    token: string;
    symbols: readonly string[];
    securityIds: readonly string[];
    params?: Record<string, unknown>;
  },
): Promise<{ accountId: number; deployment: DeploymentRow }> {
  const label = `live-${createHash('sha1').update(randomBytes(8)).digest('hex').slice(0, 8)}`;
  const account = await createDhanAccount(
    pool,
    keyringOf(o.keyHex),
    { ownerId: o.ownerId, label, clientId: o.clientId, accessToken: o.token },
    { label: 'system' },
  );
  await pool.query('UPDATE broker_accounts SET link_enabled = true WHERE id = $1', [account.id]);
  for (let k = 0; k < o.symbols.length; k++)
    await pool.query("UPDATE instruments SET security_id = $2 WHERE symbol = $1 AND segment = 'NSE_EQ'", [
      o.symbols[k],
      o.securityIds[k],
    ]);
  const params = o.params ?? { fast: 2, slow: 3, size: 1 };
  const strategy = await pool.query<{ id: number }>(
    `INSERT INTO strategies (owner_id, name) VALUES ($1, $2) RETURNING id`,
    [o.ownerId, `${label}-strategy`],
  );
  const strategyId = Number(strategy.rows[0]!.id);
  await pool.query(
    `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, params, universe)
     VALUES ($1, 1, $2, 'sma-cross', $3, $4)`,
    [strategyId, o.ownerId, JSON.stringify(params), JSON.stringify({ symbols: o.symbols, timeframe: '1m' })],
  );
  const deployment = await createDeployment(
    pool,
    o.ownerId,
    {
      name: label,
      strategyId,
      strategyVersion: 1,
      params,
      symbols: [...o.symbols],
      timeframe: '1m',
      product: 'CNC',
      capital: '10000000.00',
      brokerAccountId: account.id,
      riskProfileId: null,
      mode: 'live',
    },
    { actor: 'user', actorUserId: o.ownerId, reason: 'live test' },
  );
  return { accountId: account.id, deployment };
}
