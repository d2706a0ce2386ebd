// The broker domain's public face for the API, the CLI, the composition root and (next) the
// trading spine. Venue adapters live below it (dhan/); only broker records, link state, ticks and
// order updates cross this line.
import './broker-events';

export type {
  BrokerFunds,
  BrokerHolding,
  BrokerOrder,
  BrokerPosition,
  BrokerProfile,
  BrokerTrade,
  ModifyOrderRequest,
  OrderAck,
  OrderSide,
  PlaceOrderRequest,
  PlaceOutcome,
} from './broker-records';
export type { OrderUpdate } from './order-update';
export type { BrokerAlert, BrokerAlertKind } from './broker-events';
export { canSendOrders, LINK_STATES, type LinkHealth, type LinkState, type LinkStatus } from './link-state';
export type {
  InstrumentKey,
  StalenessChange,
  TickMode,
  TickSource,
  TickSourceStatus,
  TickSubscription,
} from './tick-source';
export {
  reconcile,
  type BrokerSnapshot,
  type LedgerSnapshot,
  type ReconcileDifference,
  type ReconcileResult,
  type ReconcileUpdate,
} from './reconciliation';
export {
  createDhanAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  setAccessToken,
  updateAccount,
  type AccountActor,
  type BrokerAccountSummary,
} from './account-store';
export { generateKeyText, parseBrokerKey, type BrokerKeyring } from './credential-cipher';
export { loadBrokerKeyring, requireKeyring, type BrokerKeySettings } from './broker-key';
export { rotateBrokerKey } from './key-rotation';
export {
  createBrokerService,
  type BrokerService,
  type BrokerUrls,
  type LinkStatusView,
} from './broker-service';
export { accountRateUsage, feedHealth, readRateUsage, type FeedHealth, type RateUsage } from './link-health';
export { createLinkSupervisor, type LinkSupervisor, type LinkSupervisorOptions } from './link-supervisor';
