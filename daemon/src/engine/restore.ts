// Restart recovery: an engine rebuilt from what the ledger stores — cash, positions and working
// orders — carries on as if it had never stopped. `snapshotEngine` takes the same shape from a
// running engine (tests, the paper broker's checkpoints), so snapshot → restore round-trips.
// Indicators are not part of it: a restarted run warms them up again on stored bars
// (Engine.warmUp), which gives the same values, since indicators are functions of the bars.
import { validationError, type FieldIssue } from '../core/errors';
import type { Instrument } from '../core/instrument';
import {
  ORDER_CREATORS,
  ORDER_TYPES,
  type BracketLegs,
  type Order,
  type OrderCreator,
  type OrderSide,
  type OrderType,
  type Trail,
} from '../core/order';
import { isClientOrderId } from '../core/order-lifecycle';
import type { Engine } from './engine';
import { newOrder } from './order-factory';
import type { Portfolio, TradeState } from './portfolio';

export interface PositionSnapshot {
  symbol: string;
  /** Signed: positive long, negative short. */
  qty: number;
  /** Average entry price of the open quantity (ignored when flat). */
  avgPrice: number;
  /** Mark price: the last close or traded price (needed for an open position). */
  lastPrice: number;
  /** Realised gross PnL to date, rupees (default 0). */
  realizedPnl?: number;
  /** The round trip in progress; when omitted, one starts at the restore with the position. */
  trade?: TradeState;
}

/** A working order as the ledger stores it. Prices are rounded to the tick as on creation. */
export interface OrderSnapshot {
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  qty: number;
  type: OrderType;
  limitPrice?: number;
  /** The current stop (a trailing stop's level as it has moved). */
  stopPrice?: number;
  trail?: Trail;
  tag?: string;
  createdBy?: OrderCreator;
  createdTime: number;
  /** Reference price for the acceptance check of a market order not yet accepted. */
  createdPrice: number;
  /** sent: not yet accepted by the broker; open / partially_filled: working. */
  status: 'sent' | 'open' | 'partially_filled';
  filledQty?: number;
  avgFillPrice?: number;
  costs?: number;
  /** A stop-limit whose stop was touched. */
  triggered?: boolean;
  bracket?: BracketLegs;
  /** A bracket leg's entry, and its one-cancels-other partner, by client order id. */
  parentClientOrderId?: string;
  ocoClientOrderId?: string;
}

export interface EngineSnapshot {
  /** Cash, rupees (booked to the paisa). */
  cash: number;
  positions: readonly PositionSnapshot[];
  /** In creation order. */
  openOrders: readonly OrderSnapshot[];
}

const WORKING = ['sent', 'open', 'partially_filled'];

function orderIssues(o: OrderSnapshot, at: string, symbols: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const filled = o.filledQty ?? 0;
  if (!isClientOrderId(o.clientOrderId))
    issues.push({ path: `${at}.clientOrderId`, value: o.clientOrderId, expected: '1–30 of [A-Za-z0-9_-]' });
  if (!symbols.includes(o.symbol))
    issues.push({ path: `${at}.symbol`, value: o.symbol, expected: `one of ${symbols.join(', ')}` });
  if (!ORDER_TYPES.includes(o.type))
    issues.push({ path: `${at}.type`, value: o.type, expected: ORDER_TYPES.join(', ') });
  if (o.createdBy !== undefined && !ORDER_CREATORS.includes(o.createdBy))
    issues.push({ path: `${at}.createdBy`, value: o.createdBy, expected: ORDER_CREATORS.join(', ') });
  if (!WORKING.includes(o.status))
    issues.push({
      path: `${at}.status`,
      value: o.status,
      expected: 'a working status: sent, open or partially_filled',
    });
  if (!(Number.isSafeInteger(o.qty) && o.qty > 0))
    issues.push({ path: `${at}.qty`, value: o.qty, expected: 'a positive whole number' });
  else if (!(Number.isSafeInteger(filled) && filled >= 0 && filled < o.qty))
    issues.push({ path: `${at}.filledQty`, value: filled, expected: `a whole number below qty (${o.qty})` });
  else if (filled > 0 !== (o.status === 'partially_filled'))
    issues.push({
      path: `${at}.status`,
      value: o.status,
      expected: `partially_filled exactly when filledQty (${filled}) > 0`,
    });
  return issues;
}

function positionIssues(p: PositionSnapshot, at: string, symbols: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!symbols.includes(p.symbol))
    issues.push({ path: `${at}.symbol`, value: p.symbol, expected: `one of ${symbols.join(', ')}` });
  if (!Number.isSafeInteger(p.qty))
    issues.push({ path: `${at}.qty`, value: p.qty, expected: 'a whole number' });
  if (p.qty !== 0 && !(p.avgPrice > 0))
    issues.push({
      path: `${at}.avgPrice`,
      value: p.avgPrice,
      expected: 'a positive price for an open position',
    });
  if (p.qty !== 0 && !(p.lastPrice > 0))
    issues.push({
      path: `${at}.lastPrice`,
      value: p.lastPrice,
      expected: 'a positive price for an open position',
    });
  return issues;
}

function checkSnapshot(snapshot: EngineSnapshot, symbols: readonly string[]): void {
  const issues: FieldIssue[] = [];
  if (!Number.isFinite(snapshot.cash))
    issues.push({ path: 'cash', value: snapshot.cash, expected: 'rupees' });
  const seen = new Set<string>();
  snapshot.positions.forEach((p, i) => {
    issues.push(...positionIssues(p, `positions[${i}]`, symbols));
    if (seen.has(p.symbol))
      issues.push({ path: `positions[${i}].symbol`, value: p.symbol, expected: 'one position per symbol' });
    seen.add(p.symbol);
  });
  const ids = new Set<string>();
  snapshot.openOrders.forEach((o, i) => {
    issues.push(...orderIssues(o, `openOrders[${i}]`, symbols));
    if (ids.has(o.clientOrderId))
      issues.push({
        path: `openOrders[${i}].clientOrderId`,
        value: o.clientOrderId,
        expected: 'a unique id',
      });
    ids.add(o.clientOrderId);
  });
  if (issues.length > 0) throw validationError(issues, 'engine snapshot');
}

/**
 * Applies a snapshot to a fresh engine's portfolio and rebuilds its working orders (ids from
 * `firstId` on, in snapshot order) for the broker to adopt. Throws VALIDATION_FAILED naming
 * every bad field.
 */
export function restoreEngineState(
  snapshot: EngineSnapshot,
  portfolio: Portfolio,
  instruments: readonly Instrument[],
  firstId: number,
): Order[] {
  const symbols = portfolio.positions.map((p) => p.symbol);
  checkSnapshot(snapshot, symbols);
  portfolio.restoreCash(snapshot.cash);
  for (const p of snapshot.positions) {
    const state = {
      qty: p.qty,
      avgPrice: p.avgPrice,
      realizedPnl: p.realizedPnl ?? 0,
      lastPrice: p.lastPrice,
    };
    portfolio.restorePosition(symbols.indexOf(p.symbol), state, p.trade, 0);
  }
  const idOf = new Map(snapshot.openOrders.map((o, k) => [o.clientOrderId, firstId + k]));
  const orders = snapshot.openOrders.map((o, k) => {
    const s = symbols.indexOf(o.symbol);
    const order = newOrder(
      {
        id: firstId + k,
        clientOrderId: o.clientOrderId,
        createdBy: o.createdBy ?? 'strategy',
        symbolIndex: s,
        instrument: instruments[s]!,
        time: o.createdTime,
        price: o.createdPrice,
        bracket: o.bracket,
        parentId: o.parentClientOrderId === undefined ? undefined : idOf.get(o.parentClientOrderId),
      },
      {
        side: o.side,
        qty: o.qty,
        type: o.type,
        limitPrice: o.limitPrice,
        stopPrice: o.stopPrice,
        trail: o.trail,
        tag: o.tag,
      },
    );
    if (o.stopPrice !== undefined) order.stopPrice = o.stopPrice;
    order.status = o.status;
    order.filledQty = o.filledQty ?? 0;
    order.avgFillPrice = order.filledQty > 0 ? (o.avgFillPrice ?? NaN) : NaN;
    order.costs = o.costs ?? 0;
    order.triggered = o.triggered ?? false;
    return order;
  });
  snapshot.openOrders.forEach((o, k) => {
    if (o.ocoClientOrderId !== undefined) orders[k]!.ocoId = idOf.get(o.ocoClientOrderId);
  });
  return orders;
}

/** The state a restart would need, taken from a running engine. */
export function snapshotEngine(engine: Engine): EngineSnapshot {
  const portfolio = engine.portfolio;
  const positions: PositionSnapshot[] = [];
  portfolio.positions.forEach((p, s) => {
    // A flat position matters only for the PnL it has realised.
    if (p.qty === 0 && p.realizedPnl === 0) return;
    const trade = portfolio.tradeState(s, engine.step);
    positions.push({
      symbol: p.symbol,
      qty: p.qty,
      avgPrice: p.avgPrice,
      lastPrice: p.lastPrice,
      realizedPnl: p.realizedPnl,
      trade,
    });
  });
  const working = engine.symbolNames
    .flatMap((_, s) => engine.broker.openOrders(s))
    .sort((a, b) => a.id - b.id);
  const clientId = new Map(working.map((o) => [o.id, o.clientOrderId]));
  const openOrders = working.map((o): OrderSnapshot => ({
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    qty: o.qty,
    type: o.type,
    limitPrice: Number.isNaN(o.limitPrice) ? undefined : o.limitPrice,
    stopPrice: Number.isNaN(o.stopPrice) ? undefined : o.stopPrice,
    trail: o.trail,
    tag: o.tag,
    createdBy: o.createdBy,
    createdTime: o.createdTime,
    createdPrice: o.createdPrice,
    status: o.status as OrderSnapshot['status'],
    filledQty: o.filledQty,
    avgFillPrice: o.filledQty > 0 ? o.avgFillPrice : undefined,
    costs: o.costs,
    triggered: o.triggered,
    bracket: o.bracket,
    parentClientOrderId: o.parentId === undefined ? undefined : clientId.get(o.parentId),
    ocoClientOrderId: o.ocoId === undefined ? undefined : clientId.get(o.ocoId),
  }));
  return { cash: portfolio.cash, positions, openOrders };
}
