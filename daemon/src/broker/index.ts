// The broker domain's public face for the API, the CLI, the composition root and the trading
// spine: the venue-neutral BrokerLink port and its records, link state, ticks, reconciliation,
// accounts. Venue adapters live below it (dhan/, paper/); Dhan's own records (funds, holdings and
// positions as Dhan reports them, for the API) carry a Dhan prefix.
import './broker-events';

export {
  BrokerError,
  brokerOutcome,
  type BrokerFunds,
  type BrokerInstrumentRef,
  type BrokerLink,
  type BrokerOrder,
  type BrokerOrderStatus,
  type BrokerOrderUpdate,
  type BrokerPosition,
  type BrokerTrade,
  type BrokerUpdateListener,
  type FindOrderResult,
  type ModifyOrderRequest,
  type PlaceAck,
  type PlaceOrderRequest,
} from './broker-link';
export type { DhanFunds, DhanHolding, DhanOrder, DhanPosition, DhanProfile, DhanTrade } from './dhan';
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
  instrumentKey,
  reconcile,
  type BrokerSnapshot,
  type LedgerFillView,
  type LedgerOrderView,
  type LedgerPositionView,
  type LedgerSnapshot,
  type ReconcileDifference,
  type ReconcileResult,
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
export {
  createLinkSupervisor,
  type LinkSupervisor,
  type LinkSupervisorOptions,
  type LinkWatcher,
} from './link-supervisor';
