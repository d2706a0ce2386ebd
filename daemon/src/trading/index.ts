// Public surface of the trading domain for the deployment runner, the API and the CLI: the order
// ledger, deployment leases, the bar aggregator, deployments (spec, life cycle, store). See
// docs/trading.md.
export { createLedger, type Ledger, type LedgerListener, type LedgerOptions } from './ledger/ledger';
export type {
  LedgerFill,
  LedgerOrder,
  LedgerPosition,
  SignalInput,
  SubmitOrderInput,
} from './ledger/ledger-types';
export type { ApplyOutcome } from './ledger/apply-update';
export type { SendOutcome, SendResult } from './ledger/send-order';
export type { SubmitResult } from './ledger/submit-order';
export type { CancelResult } from './ledger/cancel-order';
export { DEFAULT_SENT_GRACE_MS, type RecoveryReport, type RecoveryScope } from './ledger/recovery';
export { NEVER_SENT, NOT_FOUND_AT_BROKER } from './ledger/order-state';
export { accountPositions, deploymentPositions, markPositions, type Mark } from './ledger/position-store';
export {
  deploymentBook,
  listOrders,
  orderEvents,
  type DeploymentBook,
  type OrderEvent,
  type OrderFilter,
} from './ledger/ledger-reads';
export { reconcileOrders, type Reconciliation } from './ledger/reconcile';
export { buildEodReport, readEodReport, saveEodReport, type EodReport } from './ledger/eod-report';
export { eodReportCsv } from './ledger/eod-csv';
export { listEodReports, type EodReportLine } from './ledger/eod-reads';
export { listPnlMarks, recordPnlMark, type PnlMark } from './ledger/pnl-marks';
export { LeaseKeeper, type LeaseKeeperOptions } from './lease/lease-keeper';
export {
  acquireLease,
  DEFAULT_LEASE_TTL_MS,
  readLease,
  releaseLease,
  renewLease,
  type Fence,
  type Lease,
  type LeaseState,
} from './lease/lease-store';
export { BarAggregator, type AggregatedBar, type TickVerdict } from './bar-aggregator';
export {
  allowedFrom,
  checkTransition,
  COMMANDS,
  DEPLOYMENT_ACTORS,
  DEPLOYMENT_STATUSES,
  EDITABLE_STATUSES,
  RUNNABLE_STATUSES,
  type DeploymentActor,
  type DeploymentCommand,
  type DeploymentStatus,
} from './deployments/deployment-state';
export {
  DEPLOYMENT_MODES,
  DEPLOYMENT_PRODUCTS,
  DEPLOYMENT_TIMEFRAMES,
  deploymentChangesSchema,
  deploymentSpecSchema,
  type DeploymentChanges,
  type DeploymentMode,
  type DeploymentProduct,
  type DeploymentSpec,
  type DeploymentSpecInput,
  type DeploymentTimeframe,
} from './deployments/deployment-spec';
export {
  createDeployment,
  findDeployment,
  listDeploymentEvents,
  listDeployments,
  listDeploymentsToRun,
  loadDeployment,
  transitionDeployment,
  updateDeployment,
  type DeploymentAuthor,
  type DeploymentEventRow,
  type DeploymentFilter,
  type DeploymentRow,
  type TransitionRequest,
  type TransitionResult,
} from './deployments/deployment-store';
export type { DeploymentChangedEvent } from './deployments/deployment-events';
export {
  commandDeployment,
  createUserDeployment,
  updateUserDeployment,
  type DeploymentCaller,
} from './deployments/deployment-service';
export { validateDeploymentSpec, type ValidatedSpec } from './deployments/deployment-validation';
export type { StrategyVersionRef } from './deployments/deployment-strategy';
export type { CancelRequestEvent, FillEvent, OrderChangedEvent, PositionEvent } from './trading-events';
export {
  getOrderDetail,
  listOrderViews,
  type OrderDetail,
  type OrderView,
  type OrderViewFilter,
} from './queries/order-query';
export {
  OPERATOR_CANCEL_KEY,
  pendingOperatorCancels,
  requestOperatorCancel,
  type CancelRequest,
} from './queries/order-cancel-request';
export { listPositionViews, type PositionFilter, type PositionView } from './queries/position-query';
export { listSignalViews, type SignalFilter, type SignalView } from './queries/signal-query';
export { tradingSummary, type TradingSummary } from './queries/trading-summary';
export { driftReport, type DriftDeps, type DriftReport } from './drift/drift-report';
export { driftView, type DriftView } from './drift/drift-view';
export type { DriftRow, DriftSummary } from './drift/drift-diff';
