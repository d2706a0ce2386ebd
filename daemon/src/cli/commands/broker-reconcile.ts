// `quanttrade broker reconcile --id N` and `quanttrade broker differences [--id N] [--all]`: a
// reconciliation pass of one account run from the shell, and the differences passes could not
// explain. The pass runs in this process, as the daemon runs one on request: the venue's books
// (Dhan REST with the account's limits shared through PostgreSQL, or the paper venue) against the
// ledger, what the order updates missed applied through the ledger's idempotent apply — so it is
// safe beside a running daemon doing the same — and the differences stored.
import type { Logger } from 'pino';
import { getAccount, loadBrokerKeyring, requireKeyring } from '../../broker';
import { readCredentials } from '../../broker/account-credentials';
import type { BrokerLink } from '../../broker/broker-link';
import {
  createDhanBrokerLink,
  createDhanClient,
  createPgRateStore,
  createRateLimiter,
  limiterKey,
} from '../../broker/dhan';
import { PaperVenue } from '../../broker/paper/paper-venue';
import type { Config } from '../../config/load-config';
import type { Pool } from '../../db/pool';
import { createLedger } from '../../trading/ledger/ledger';
import { listDifferences } from '../../trading/reconcile/difference-store';
import { reconcileAccount, type ReconcileReport } from '../../trading/reconcile/reconcile-pass';

async function linkFor(
  pool: Pool,
  config: Config,
  log: Logger,
  account: { id: number; broker: string },
): Promise<{ link: BrokerLink; close(): void }> {
  if (account.broker === 'paper') {
    const venue = await PaperVenue.open({ pool, brokerAccountId: account.id, log });
    return { link: venue, close: () => undefined };
  }
  const creds = await readCredentials(pool, requireKeyring(loadBrokerKeyring(config)), account.id);
  const client = createDhanClient({
    baseUrl: config.dhanBaseUrl,
    credentials: () => creds,
    limiter: createRateLimiter({ store: createPgRateStore(pool), key: limiterKey(creds.clientId) }),
    timeoutMs: config.dhanTimeoutSeconds * 1000,
  });
  return { link: createDhanBrokerLink({ rest: client.rest, log }), close: () => client.close() };
}

export async function reconcileFromCli(
  pool: Pool,
  config: Config,
  log: Logger,
  id: number,
): Promise<ReconcileReport> {
  const account = await getAccount(pool, id);
  const { link, close } = await linkFor(pool, config, log, account);
  try {
    const ledger = createLedger({ pool, log });
    return await reconcileAccount({ pool, ledger, log }, link, { id, ownerId: account.ownerId }, 'request');
  } finally {
    close();
  }
}

export function printReport(r: ReconcileReport): void {
  console.log(
    `account ${r.accountId} (${r.venue}): ${r.brokerOrders} order(s) at the broker; applied ${r.fills} fill(s), ${r.statuses} status change(s), ${r.expired} expiry(ies)`,
  );
  if (r.pending.length)
    console.log(
      `sent but not at the broker yet (recovery resolves them, never by resending): ${r.pending.join(', ')}`,
    );
  for (const f of r.failed) console.log(`not applied: ${f.clientOrderId}: ${f.error}`);
  console.log(
    `differences: ${r.differences.length} found, ${r.newDifferences} new, ${r.openDifferences} open, ${r.clearedDifferences} cleared`,
  );
}

export async function printDifferences(pool: Pool, filter: { id?: number; all?: boolean }): Promise<void> {
  const rows = await listDifferences(pool, { accountId: filter.id, open: !filter.all, limit: 1000 });
  if (!rows.length) {
    console.log(filter.all ? 'no differences recorded' : 'no open differences');
    return;
  }
  for (const d of rows)
    console.log(
      [
        d.id,
        `account ${d.brokerAccountId}`,
        d.kind,
        d.resolvedAt
          ? `cleared ${d.resolvedAt}`
          : d.acknowledgedAt
            ? `acknowledged by ${d.acknowledgedBy}`
            : 'open',
        `seen ${d.timesSeen}× since ${d.firstSeenAt}`,
        d.message,
      ].join('\t'),
    );
}
