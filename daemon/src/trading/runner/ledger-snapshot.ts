// A deployment's engine state as the ledger has it, for a restart or a takeover: cash = capital
// plus what its fills moved, positions at their average cost and last mark, and its working
// orders (status new/sent/open/partially_filled after recovery) in creation order. Indicators
// are not state: the runner warms them up again on stored bars.
import type { OrderType } from '../../core/order';
import type { BrokerOrderType } from '../../core/order-lifecycle';
import type { EngineSnapshot, OrderSnapshot, PositionSnapshot } from '../../engine/restore';
import type { DeploymentBook } from '../ledger/ledger-reads';
import type { RuntimeInstrument } from './deployment-runtime';

const ENGINE_TYPES: Record<BrokerOrderType, OrderType> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP_LOSS_MARKET: 'stop',
  STOP_LOSS: 'stop-limit',
};

export function snapshotFromBook(
  book: DeploymentBook,
  capital: number,
  instruments: readonly RuntimeInstrument[],
): EngineSnapshot {
  const symbolOf = new Map(instruments.map((i) => [i.instrumentId, i.instrument.symbol]));
  const positions: PositionSnapshot[] = book.positions
    .filter((p) => p.netQty !== 0 && symbolOf.has(p.instrumentId))
    .map((p) => ({
      symbol: symbolOf.get(p.instrumentId)!,
      qty: p.netQty,
      avgPrice: Number(p.avgPrice),
      lastPrice: Number(p.lastPrice ?? p.avgPrice),
      realizedPnl: Number(p.realisedPnl),
    }));
  const openOrders: OrderSnapshot[] = book.openOrders
    .filter((o) => symbolOf.has(o.instrumentId))
    .map((o) => {
      const limit = o.limitPrice === null ? undefined : Number(o.limitPrice);
      const trigger = o.triggerPrice === null ? undefined : Number(o.triggerPrice);
      return {
        clientOrderId: o.clientOrderId,
        symbol: symbolOf.get(o.instrumentId)!,
        side: o.side,
        qty: o.qty,
        type: ENGINE_TYPES[o.orderType],
        ...(limit !== undefined ? { limitPrice: limit } : {}),
        ...(trigger !== undefined ? { stopPrice: trigger } : {}),
        createdTime: o.createdAt.getTime(),
        createdPrice: limit ?? trigger ?? 0,
        // A `new` order was committed but maybe never handed over: recovery has settled it; if
        // it is still active it is at the venue.
        status: o.status === 'open' || o.status === 'partially_filled' ? o.status : 'sent',
        ...(o.filledQty > 0
          ? { filledQty: o.filledQty, avgFillPrice: Number(o.avgFillPrice), costs: Number(o.costs) }
          : {}),
      };
    });
  return { cash: capital + Number(book.cashFlow), positions, openOrders };
}
