// Output schemas of deployments.*, orders.*, positions.*, signals.* and trading.* (see common.ts).
// Amounts are exact decimal strings, times ISO 8601.
import { z } from 'zod';
import {
  DEPLOYMENT_ACTORS,
  DEPLOYMENT_MODES,
  DEPLOYMENT_PRODUCTS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TIMEFRAMES,
} from '../../trading/index';
import { decimalString, isoTime, jsonObject } from './common';

const int = z.number().int();
const status = z.enum(DEPLOYMENT_STATUSES);
const amount = decimalString;

const deployment = z.object({
  id: int,
  ownerId: int,
  name: z.string(),
  strategyId: int,
  strategyVersion: int,
  brokerAccountId: int,
  riskProfileId: int.nullable(),
  mode: z.enum(DEPLOYMENT_MODES),
  status,
  params: jsonObject,
  symbols: z.array(z.string()).describe("As stored: 'NSE:TCS'"),
  timeframe: z.enum(DEPLOYMENT_TIMEFRAMES),
  product: z.enum(DEPLOYMENT_PRODUCTS),
  capital: amount,
  error: z.string().nullable().describe('Why it is in error (the message), or null'),
  errorStack: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const deploymentEvent = z.object({
  id: int,
  deploymentId: int,
  from: status.nullable().describe('null for the row written at creation'),
  to: status,
  actorUserId: int.nullable(),
  actor: z.enum(DEPLOYMENT_ACTORS),
  daemonId: z.string().nullable(),
  reason: z.string().nullable(),
  at: isoTime,
});

const lease = z
  .object({ holder: z.string(), token: int, expiresAt: isoTime })
  .nullable()
  .describe('The daemon running it (its lease), or null');

const order = z.object({
  id: int,
  clientOrderId: z.string(),
  brokerOrderId: z.string().nullable(),
  deploymentId: int.nullable(),
  signalId: int.nullable(),
  brokerAccountId: int,
  instrumentId: int,
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  qty: int,
  filledQty: int,
  orderType: z.string(),
  product: z.string(),
  validity: z.string(),
  limitPrice: amount.nullable(),
  triggerPrice: amount.nullable(),
  avgFillPrice: amount.nullable(),
  filledValue: amount,
  costs: amount,
  status: z.string(),
  reason: z.string().nullable(),
  endSource: z.string().nullable(),
  cancelSource: z.string().nullable(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
});

const position = z.object({
  deploymentId: int.nullable(),
  brokerAccountId: int,
  instrumentId: int,
  symbol: z.string(),
  product: z.string(),
  netQty: int,
  avgPrice: amount.nullable(),
  costBasis: amount,
  realisedPnl: amount,
  unrealisedPnl: amount.nullable().describe('null while a held position has no mark'),
  dayPnl: amount.nullable(),
  costs: amount,
  dayCosts: amount,
  lastPrice: amount.nullable(),
  lastPriceAt: isoTime.nullable(),
});

const signal = z.object({
  id: int,
  deploymentId: int,
  strategyId: int.nullable(),
  strategyVersion: int.nullable(),
  signalKey: z.string(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  qty: int,
  orderType: z.string(),
  limitPrice: amount.nullable(),
  triggerPrice: amount.nullable(),
  barTime: isoTime,
  status: z.enum(['pending', 'accepted', 'rejected']),
  reason: z.string().nullable(),
  violations: z.array(z.object({ rule: z.string(), message: z.string() })),
  tag: z.string().nullable(),
  indicators: jsonObject,
  orderId: int.nullable(),
  createdAt: isoTime,
});

const figures = {
  realisedPnl: amount,
  unrealisedPnl: amount,
  dayPnl: amount,
  costs: amount,
  netPnl: amount.describe('realised + unrealised − costs'),
  grossExposure: amount,
  netExposure: amount,
  openPositions: int,
  unmarked: int.describe('Open positions without a last price (their unrealised P&L is left out)'),
  openOrders: int,
};

const summary = z.object({
  deployments: z.array(
    z.object({
      deploymentId: int,
      name: z.string(),
      status,
      brokerAccountId: int,
      capital: amount,
      ...figures,
      markedAt: isoTime
        .nullable()
        .describe('The latest mark or fill time of its positions (the time these figures describe)'),
    }),
  ),
  accounts: z.array(z.object({ brokerAccountId: int, label: z.string(), ...figures })),
});

const driftRow = z.object({
  kind: z.enum(['signal', 'fill']),
  difference: z.enum(['missing', 'extra', 'price', 'time', 'qty']),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  expected: z.object({ time: isoTime, price: z.string().nullable(), qty: int }).nullable(),
  actual: z.object({ time: isoTime, price: z.string().nullable(), qty: int, id: int }).nullable(),
  detail: z.string(),
});

const charges = z.record(z.string(), amount).describe('By component (brokerage, stt, …) and total');
const eodReport = z.object({
  deploymentId: int,
  tradingDate: z.string(),
  trades: z.array(
    z.object({
      time: isoTime,
      clientOrderId: z.string(),
      symbol: z.string(),
      product: z.string(),
      side: z.enum(['buy', 'sell']),
      qty: int,
      price: amount,
      value: amount,
      charges,
      realisedPnl: amount,
    }),
  ),
  pnl: z.object({ realised: amount, unrealised: amount, dayPnl: amount, charges, net: amount }),
  positions: z.array(
    z.object({
      symbol: z.string(),
      product: z.string(),
      qty: int,
      avgPrice: amount,
      lastPrice: amount.nullable(),
      unrealisedPnl: amount.nullable(),
      dayPnl: amount.nullable(),
    }),
  ),
  orders: z.object({ total: int, filled: int, cancelled: int, rejected: int, expired: int, open: int }),
  stalePositions: int,
});

export const tradingOutputs = {
  deployment,
  deploymentDetail: deployment.extend({ lease }),
  deploymentList: z.object({
    deployments: z.array(
      deployment.extend({
        lastBarAt: isoTime.nullable().describe('Start of the last bar the runner stepped (null before any)'),
        lastSignalAt: isoTime.nullable().describe('The bar time of its latest signal (null before any)'),
      }),
    ),
    total: int,
  }),
  eodReports: z.object({
    reports: z.array(
      z.object({
        tradingDate: z.string(),
        createdAt: isoTime,
        dayPnl: amount,
        charges: amount,
        net: amount.describe('day P&L − charges'),
        trades: int,
        orders: int,
        positions: int.describe('Positions carried at the close'),
      }),
    ),
    total: int,
  }),
  eodReport: z.object({ report: eodReport }),
  pnlMarks: z.object({
    day: z.string().nullable().describe('The IST trading date of the marks (null: none stored yet)'),
    marks: z.array(
      z.object({
        at: isoTime,
        barTime: isoTime,
        realisedPnl: amount,
        unrealisedPnl: amount,
        dayPnl: amount,
        costs: amount,
        netPnl: amount,
      }),
    ),
  }),
  transition: z.object({ deployment, event: deploymentEvent }),
  deploymentEvents: z.object({ events: z.array(deploymentEvent) }),
  orderList: z.object({ orders: z.array(order), total: int }),
  orderDetail: z.object({
    order,
    events: z.array(
      z.object({
        id: int,
        key: z.string(),
        kind: z.string(),
        status: z.string(),
        filledQty: int,
        source: z.string(),
        payload: z.unknown(),
        venueTime: isoTime.nullable(),
        createdAt: isoTime,
      }),
    ),
    fills: z.array(
      z.object({
        id: int,
        tradeId: z.string(),
        qty: int,
        price: amount,
        value: amount,
        realisedPnl: amount,
        costs: amount,
        charges: z.record(z.string(), amount),
        filledAt: isoTime,
      }),
    ),
  }),
  cancel: z.object({
    orderId: int,
    clientOrderId: z.string(),
    status: z.string().describe('The order status when the request was recorded'),
    created: z.boolean().describe('False when an operator had already asked'),
  }),
  positions: z.object({ positions: z.array(position) }),
  signals: z.object({ signals: z.array(signal), total: int }),
  summary,
  drift: z.object({
    deploymentId: int,
    date: z.string(),
    rows: z.array(driftRow),
    summary: z.object({
      expectedSignals: int,
      actualSignals: int,
      expectedFills: int,
      actualFills: int,
      missing: int,
      extra: int,
      different: int,
    }),
  }),
};
