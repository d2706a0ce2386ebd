// The pre-trade gate as the engine bridge sees it: a synchronous verdict on an engine order, and
// the recording of that verdict once the order (or the refused signal) has its row. The live
// implementation wraps the risk gate (risk-control/live-risk-gate.ts) with a snapshot of the
// deployment's books; every order passes it — entries, exits, bracket legs and square-offs.
import type { Order } from '../../core/order';
import type { Pool, PoolClient } from '../../db/pool';
import type { OrderOrigin } from '../../risk/risk-order';
import type { LiveRiskGate, LiveScope, LiveSnapshot } from '../../risk-control/live-risk-gate';
import type { RiskOrder } from '../../risk/index';
import { brokerOrderType, brokerPrices } from './order-mapping';
import type { BridgeInstrument } from './engine-bridge';

export interface VerdictRecordContext {
  signalId: number | null;
  clientOrderId: string;
}

export type GateDecision =
  | {
      allowed: true;
      /** Before the order's transaction: trading-state changes the check made (rarely any). */
      prepare(): Promise<void>;
      /** In the order's own transaction (the ledger's place hook): the approval row. */
      record(db: PoolClient, ctx: VerdictRecordContext): Promise<void>;
    }
  | {
      allowed: false;
      /** The first violated rule's stable code (stored with the refused signal). */
      code: string;
      message: string;
      record(ctx: VerdictRecordContext): Promise<void>;
    };

export interface PreTradeGate {
  check(order: Order, instrument: BridgeInstrument, now: number): GateDecision;
}

/** What the books say around one order (runtime-books.ts builds it from the engine). */
export interface GateBooks {
  /** The deployment's state around the order (its own quantity left out of the pending ones). */
  scope(order: Order): Omit<LiveScope, 'id'>;
  market(symbolIndex: number): { lastPrice: number; lastTickAt: number };
  /** CNC quantity a delivery sell may sell (position less working CNC sells). */
  cncSellable(order: Order): number;
}

export interface RiskGatePortOptions {
  pool: Pool;
  risk: LiveRiskGate;
  ownerId: number;
  accountId: number;
  deploymentId: number;
  books: GateBooks;
}

const ORIGINS: Record<Order['createdBy'], OrderOrigin> = {
  strategy: 'strategy',
  bracket: 'bracket',
  square_off: 'square_off',
  flatten: 'flatten',
};

export function riskGatePort(options: RiskGatePortOptions): PreTradeGate {
  const { risk, ownerId, accountId, deploymentId, books } = options;
  return {
    check(order, bi, now) {
      const riskOrder: RiskOrder = {
        deploymentId,
        accountId,
        symbol: `${bi.instrument.exchange}:${bi.instrument.symbol}`,
        side: order.side,
        qty: order.qty,
        orderType: brokerOrderType(order.type) ?? 'MARKET',
        product: bi.product,
        ...brokerPrices(order),
        origin: ORIGINS[order.createdBy],
      };
      const s = order.symbolIndex;
      const scope = books.scope(order);
      const snapshot: LiveSnapshot = {
        now,
        instrument: {
          kind: bi.instrument.kind,
          tickSize: bi.instrument.tickSize,
          lotSize: bi.instrument.lotSize,
          ...(bi.instrument.freezeQty !== undefined ? { freezeQty: bi.instrument.freezeQty } : {}),
        },
        market: books.market(s),
        account: { ...scope, id: accountId, cncSellableQty: books.cncSellable(order) },
        deployment: { ...scope, id: deploymentId },
      };
      const verdict = risk.check(riskOrder, snapshot);
      const base = { ownerId, accountId, deploymentId };
      const states = async () => {
        if (verdict.stateChanges.length) await risk.recordStateChanges(verdict.stateChanges);
      };
      if (verdict.allowed)
        return {
          allowed: true,
          prepare: states,
          record: (db, ctx) => risk.recordApproval(db, verdict, { ...base, ...ctx }),
        };
      const first = verdict.violations[0];
      return {
        allowed: false,
        code: first?.code ?? 'denied',
        message: verdict.violations.map((v) => v.message).join('; ') || 'denied by the risk gate',
        async record(ctx) {
          await states();
          await risk.recordDenial(verdict, riskOrder, { ...base, ...ctx });
        },
      };
    },
  };
}
