// What the gate is asked about: one order on its way to a broker, in the broker's vocabulary
// (core/order-lifecycle.ts), and the state around it that the runner passes in. The gate reads
// no clock and no database: `now`, prices, positions, P&L and funds all arrive here.
import type { InstrumentKind } from '../core/instrument';
import type { OrderSide } from '../core/order';
import type { BrokerOrderType, BrokerProduct } from '../core/order-lifecycle';
import type { CompiledProfile } from './compiled-profile';

/**
 * Who created the order. Protective exits — bracket legs (stop-loss, target), the session's
 * square-off and the kill switch's or a halt's flatten — still pass a HALTED scope when they
 * reduce the position; `flatten` orders alone pass an engaged kill switch.
 */
export const ORDER_ORIGINS = ['strategy', 'bracket', 'square_off', 'flatten', 'operator'] as const;
export type OrderOrigin = (typeof ORDER_ORIGINS)[number];

export interface RiskOrder {
  /** The deployment placing it; null for an operator's manual order. */
  deploymentId: number | null;
  accountId: number;
  /** The instrument's key in the runner's books (e.g. `NSE:RELIANCE`); for messages. */
  symbol: string;
  side: OrderSide;
  /** Units (shares, or lots × lot size). */
  qty: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  /** LIMIT and STOP_LOSS. */
  limitPrice?: number;
  /** STOP_LOSS and STOP_LOSS_MARKET. */
  triggerPrice?: number;
  origin: OrderOrigin;
}

export interface RiskInstrument {
  kind: InstrumentKind;
  tickSize: number;
  lotSize: number;
  /** Exchange freeze quantity (F&O); undefined when none applies or it is unknown. */
  freezeQty?: number;
}

export interface MarketSnapshot {
  /** Last traded price; NaN when unknown (the gate then denies: missing_last_price). */
  lastPrice: number;
  /** Epoch ms of the tick that carried it; NaN when unknown (treated as stale). */
  lastTickAt: number;
  /** The day's circuit band, when known. */
  upperCircuit?: number;
  lowerCircuit?: number;
}

/**
 * One scope's state — the account, or the deployment — as the runner's books have it just
 * before this order. Exposures are in rupees at the last prices; a working entry order counts
 * in them if the runner wants the worst case (docs/risk.md).
 */
export interface ScopeSnapshot {
  id: number;
  /** The profile governing this scope (the deployment's override, or the account's). */
  profile: CompiledProfile;
  /** Funds figure (capital) for limits written as a share of capital; NaN when unknown. */
  capital: number;
  /** Realised + unrealised P&L of the IST day, rupees; NaN when unknown. */
  dayPnl: number;
  grossExposure: number;
  /** Long value − short value (signed). */
  netExposure: number;
  openPositions: number;
  /** Signed quantity held in this order's symbol (all products). */
  positionQty: number;
  /** Quantity of working orders in this symbol, by side (so two exits cannot both "reduce"). */
  pendingBuyQty: number;
  pendingSellQty: number;
}

export interface AccountSnapshot extends ScopeSnapshot {
  /**
   * Quantity of this symbol that a delivery (CNC) sell may sell: holdings plus CNC position,
   * less working CNC sells. NaN when unknown (a CNC sell then fails closed).
   */
  cncSellableQty: number;
}

export interface RiskSnapshot {
  /** Epoch ms: the runner's clock at the check. */
  now: number;
  instrument: RiskInstrument;
  market: MarketSnapshot;
  account: AccountSnapshot;
  /** Null for a manual order (no deployment). */
  deployment: ScopeSnapshot | null;
}
