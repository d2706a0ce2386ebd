// Reconciliation's events on the bus (events/event-map.ts), published with the account's owner.
// A runner on another daemon hears here that a pass booked fills it did not see applied (the
// ledger's rows are the truth; the event says when to read them again).
declare module '../../events/event-map' {
  interface EventMap {
    /** A reconciliation pass of a broker account finished. */
    'trading.reconciled': {
      accountId: number;
      trigger: 'start' | 'reconnect' | 'interval' | 'request';
      fills: number;
      statuses: number;
      expired: number;
      /** Sent orders the broker does not have yet (recovery resolves them). */
      pending: number;
      newDifferences: number;
      openDifferences: number;
    };
  }
}

export {};
