// Events of the broker link on the bus (events/event-map.ts). Published with the account's owner,
// so only they (and admins) see them; small payloads, never a credential.
import type { LinkState } from './link-state';

export type BrokerAlertKind =
  | 'circuit_open'
  | 'auth_expired'
  | 'access_denied'
  | 'stale_symbol'
  | 'feed_down'
  | 'order_updates_down'
  | 'token_expiring'
  | 'token_renewal_failed'
  /** Reconciliation found a difference between the broker and the ledger it cannot explain. */
  | 'reconcile_difference'
  /** The broker's own kill switch could not be set (the link could not reach it, or it refused). */
  | 'kill_switch_failed';

export interface BrokerAlert {
  accountId: number;
  kind: BrokerAlertKind;
  message: string;
  symbol?: string;
}

declare module '../events/event-map' {
  interface EventMap {
    /** A broker link changed state (published by the daemon holding it). */
    'broker.link': { accountId: number; state: LinkState; detail?: string; daemonId: string };
    /** Something an operator should look at: the link is refusing orders, a symbol went stale. */
    'broker.alert': BrokerAlert;
    /** An account's settings or credentials changed: the daemon holding its link reloads them. */
    'broker.account_changed': {
      accountId: number;
      change: 'created' | 'token' | 'connect' | 'disconnect' | 'updated' | 'deleted';
    };
  }
}
