// Settling a live deployment's sends whose outcome stayed unknown (issue 12 §3): a place that
// timed out and whose lookups by correlation id failed too leaves the order `sent` — never sent
// again. Reconciliation books it when the broker lists it; when the broker does not, the order
// would stay `sent` until a restart's recovery. So while the deployment runs, once such an order
// is older than the grace (a request still in the network may yet arrive), the ledger's recovery
// looks every active order up by client order id and closes what the broker does not have
// (`not_found_at_broker`; a later report of it reopens it). It runs between the bridge's
// requests, so no order of this deployment is being committed or sent meanwhile.
import type { Logger } from 'pino';
import type { BrokerLink } from '../../broker/broker-link';
import type { Pool } from '../../db/pool';
import type { Ledger } from '../ledger/ledger';
import type { Fence } from '../lease/lease-store';
import type { DeploymentRuntime } from './deployment-runtime';

export interface UnknownSendsScope {
  pool: Pool;
  ledger: Ledger;
  link: BrokerLink;
  runtime: DeploymentRuntime;
  fence: () => Fence;
  deploymentId: number;
  brokerAccountId: number;
  graceMs: number;
  log: Logger;
}

/** Orders of the deployment `sent` longer than the grace without an answer from the broker. */
export async function unansweredSends(pool: Pool, deploymentId: number, graceMs: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders
      WHERE deployment_id = $1 AND status = 'sent'
        AND sent_at <= clock_timestamp() - make_interval(secs => $2::float8 / 1000)`,
    [deploymentId, graceMs],
  );
  return rows[0]!.n;
}

/** One settling pass when there is something to settle; resolves to whether it ran. */
export async function settleUnknownSends(scope: UnknownSendsScope): Promise<boolean> {
  if ((await unansweredSends(scope.pool, scope.deploymentId, scope.graceMs)) === 0) return false;
  const report = await scope.runtime.bridge.exclusive(() =>
    scope.ledger.recover(
      scope.link,
      { brokerAccountId: scope.brokerAccountId, deploymentId: scope.deploymentId },
      scope.fence(),
      { sentGraceMs: scope.graceMs },
    ),
  );
  scope.log.info({ deploymentId: scope.deploymentId, ...report }, 'unknown sends settled by lookup');
  return true;
}
