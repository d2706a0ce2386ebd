// How the supervisor reaches a live deployment's broker account (issue 10 §2(c), issue 12 §7):
// the daemon's TradingLinks (trading-links.ts) — one ledger attached to every account it holds,
// reconciliation running — gives the account's BrokerLink, its link state and its market feed.
// A live deployment runs on the daemon that holds its account's link (the link supervisor's
// advisory lock): elsewhere it is left alone, so the holder's scan claims it.
import type { TickSource } from '../../broker/tick-source';
import { AppError } from '../../core/errors';
import type { Ledger, LedgerListener } from '../ledger/ledger';
import type { DeploymentRow } from '../deployments/deployment-store';
import type { AccountTrading } from '../trading-links';
import type { LiveVenue } from './deployment-host';

/** The part of TradingLinks the supervisor uses. */
export interface LiveAccounts {
  readonly ledger: Ledger;
  onLedger(listener: LedgerListener): () => void;
  open(accountId: number): Promise<AccountTrading>;
  /** Accounts whose link this daemon holds now. */
  synced(): number[];
}

export type LiveResolution =
  | { kind: 'paper' }
  | { kind: 'live'; venue: LiveVenue; ticks: TickSource; account: AccountTrading }
  /** The account's link is held elsewhere (or by nobody yet): not this daemon's to run. */
  | { kind: 'elsewhere'; reason: string };

export type LiveSide = Extract<LiveResolution, { kind: 'live' }>;

/** Where a deployment's orders and ticks come from on this daemon. */
export async function resolveLiveVenue(
  accounts: LiveAccounts | undefined,
  row: DeploymentRow,
  sentGraceMs: number,
): Promise<LiveResolution> {
  if (row.mode !== 'live') return { kind: 'paper' };
  if (!accounts)
    throw new AppError(
      'CONFLICT',
      `deployment ${row.id} is live: it runs on a daemon with the trader role holding broker account ${row.brokerAccountId}`,
    );
  let account: AccountTrading;
  try {
    account = await accounts.open(row.brokerAccountId);
  } catch (err) {
    if ((err as AppError).code === 'CONFLICT') return { kind: 'elsewhere', reason: (err as Error).message };
    throw err;
  }
  if (account.venue !== 'dhan')
    throw new AppError(
      'VALIDATION_FAILED',
      `brokerAccountId: got ${row.brokerAccountId} (a paper account), expected a broker's account for a live deployment`,
    );
  const ticks = account.ticks();
  return {
    kind: 'live',
    account,
    ticks,
    venue: { link: account.link, sentGraceMs, isStale: (symbol) => ticks.isStale(symbol) },
  };
}
