// The tRPC context: the caller (resolved from a bearer token over HTTP, or from the WebSocket's
// connectionParams) and the daemon's dependencies, passed explicitly — procedures never reach
// for globals. Built once per HTTP request and once per WebSocket connection.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { BrokerService } from '../broker';
import type { Config } from '../config/load-config';
import type { DaemonRole } from '../config/options';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from '../jobs/job-queue';
import type { RecentLogs } from '../logging/recent-logs';
import type { TradingLinks } from '../trading/trading-links';
import type { StrategyCode } from '../sandbox/strategy-code';
import type { Metrics } from '../metrics/metrics';
import type { AuthService, AuthUser } from './auth/auth-service';
import type { HealthMonitor } from './health';
import type { ProcedureInfo } from './procedure-catalogue';
import type { Vitals } from './vitals';

export interface DaemonInfo {
  id: string;
  version: string;
  startedAt: number;
  roles: readonly DaemonRole[];
  databaseMode: 'embedded' | 'attached' | 'external';
}

/** Everything procedures may use. Add a dependency here and in cli/start.ts. */
export interface ApiDeps {
  config: Config;
  log: Logger;
  pool: Pool;
  jobs: JobQueue;
  bus: EventBus;
  metrics: Metrics;
  auth: AuthService;
  health: HealthMonitor;
  vitals: Vitals;
  recentLogs: RecentLogs;
  daemon: DaemonInfo;
  /** User strategy code: compile, type-check, sandboxed validation and dry runs. */
  strategyCode: StrategyCode;
  broker: BrokerService;
  /** The daemon's ledger and broker accounts as the trading spine sees them (reconciliation). */
  links: TradingLinks;
}

export interface Context extends ApiDeps {
  /** The caller; null when no valid token was sent. */
  user: AuthUser | null;
  /** Why `user` is null: no token at all, or a token that did not verify. */
  authFailure: 'missing' | 'invalid' | null;
  /** The client's address (X-Forwarded-For only with QUANTTRADE_TRUST_PROXY). */
  ip: string;
  /** Every procedure of the API (system.procedures). */
  procedures: ProcedureInfo[];
}

function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}

/**
 * The client's address: X-Forwarded-For's first entry when the proxy is trusted and that entry is
 * an IP address, otherwise the socket's peer. A garbage header (`X-Forwarded-For: garbage`) must
 * not become the address of record: sign-in limits and the audit log store it as `inet`.
 */
function clientIp(req: FastifyRequest | IncomingMessage, trustProxy: boolean): string {
  const raw = ('raw' in req ? req.raw : req) as IncomingMessage;
  const peer = raw.socket?.remoteAddress ?? '0.0.0.0';
  if (!trustProxy) return peer;
  const header = raw.headers['x-forwarded-for'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  if (first && isIP(first) !== 0) return first;
  return peer;
}

export interface ContextInput {
  req: FastifyRequest | IncomingMessage;
  info?: { connectionParams?: Record<string, string | undefined> | null };
}

export function createContextFactory(deps: ApiDeps, procedures: ProcedureInfo[]) {
  return async function createContext({ req, info }: ContextInput): Promise<Context> {
    const token = info?.connectionParams?.token ?? bearer(req.headers.authorization);
    const ip = clientIp(req, deps.config.trustProxy);
    if (!token) return { ...deps, procedures, user: null, authFailure: 'missing', ip };
    const user = (await deps.auth.authenticate(token)) ?? null;
    return { ...deps, procedures, user, authFailure: user ? null : 'invalid', ip };
  };
}
