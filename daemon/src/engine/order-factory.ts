// Builds Order objects from strategy requests. Every order has the same shape (all fields set) so
// the broker's code stays monomorphic. Prices are rounded to the tick in the direction that never
// makes the order more aggressive than asked: buy limits down, sell limits up, buy stops up, sell
// stops down; trailing levels to the nearest tick.
import type { Instrument } from '../core/instrument';
import { roundToTick } from '../core/money';
import type {
  BracketLegs,
  BracketLevel,
  Order,
  OrderCreator,
  OrderRequest,
  OrderSide,
  Trail,
} from '../core/order';
import { trailDistance } from './fill-rules';

/** Where an order comes from: its ids, symbol, creator, the time and a reference price. */
export interface OrderOrigin {
  id: number;
  clientOrderId: string;
  createdBy: OrderCreator;
  symbolIndex: number;
  instrument: Instrument;
  /** Engine time: the start of the bar being processed. */
  time: number;
  /** Reference price: the creating bar's close (a bracket leg's: its entry fill price). */
  price: number;
  bracket: BracketLegs | undefined;
  parentId: number | undefined;
}

function rounded(price: number | undefined, tick: number, mode: 'up' | 'down'): number {
  return price === undefined || !Number.isFinite(price) ? NaN : roundToTick(price, tick, mode);
}

export function newOrder(origin: OrderOrigin, request: OrderRequest): Order {
  const side = request.side;
  const instrument = origin.instrument;
  const type = request.type ?? 'market';
  const tick = instrument.tickSize;
  const usesLimit = type === 'limit' || type === 'stop-limit';
  const usesStop = type === 'stop' || type === 'stop-limit';
  let stopPrice = usesStop ? rounded(request.stopPrice, tick, side === 'buy' ? 'up' : 'down') : NaN;
  if (type === 'trailing-stop' && request.trail)
    stopPrice = trailingLevel(side, request.trail, origin.price, tick);
  return {
    id: origin.id,
    clientOrderId: origin.clientOrderId,
    symbolIndex: origin.symbolIndex,
    symbol: instrument.symbol,
    side,
    qty: request.qty,
    type,
    limitPrice: usesLimit ? rounded(request.limitPrice, tick, side === 'buy' ? 'down' : 'up') : NaN,
    stopPrice,
    trail: type === 'trailing-stop' ? request.trail : undefined,
    tag: request.tag,
    createdBy: origin.createdBy,
    createdTime: origin.time,
    createdPrice: origin.price,
    status: 'new',
    reason: undefined,
    message: undefined,
    triggered: false,
    time: NaN,
    filledQty: 0,
    avgFillPrice: NaN,
    costs: 0,
    bracket: origin.bracket,
    parentId: origin.parentId,
    ocoId: undefined,
  };
}

/** Initial level of a trailing stop placed at `price`. */
export function trailingLevel(side: OrderSide, trail: Trail, price: number, tick: number): number {
  const distance = trailDistance(trail, price);
  return roundToTick(side === 'sell' ? price - distance : price + distance, tick);
}

/**
 * Price of a bracket leg from the entry fill. `direction` is +1 for a level beyond the entry in
 * the position's favour (target), −1 against it (stop-loss); `long` says which way is favour.
 */
export function legPrice(level: BracketLevel, entry: number, long: boolean, direction: 1 | -1): number {
  if (typeof level === 'number') return level;
  const sign = (long ? 1 : -1) * direction;
  if ('offset' in level) return entry + sign * level.offset;
  return entry * (1 + (sign * level.percent) / 100);
}

/**
 * The exit orders a filled bracket entry spawns (stop-loss first, then target), for `qty` (what
 * the entry filled) and priced from its average fill price.
 */
export function bracketLegRequests(entry: Order, fillPrice: number, qty: number): OrderRequest[] {
  const legs = entry.bracket;
  if (!legs) return [];
  const long = entry.side === 'buy';
  const side: OrderSide = long ? 'sell' : 'buy';
  const requests: OrderRequest[] = [];
  const stop = legs.stopLoss;
  if (stop !== undefined) {
    if (typeof stop === 'object' && 'trail' in stop) {
      requests.push({ side, qty, type: 'trailing-stop', trail: stop.trail, tag: 'stop-loss' });
    } else {
      requests.push({
        side,
        qty,
        type: 'stop',
        stopPrice: legPrice(stop, fillPrice, long, -1),
        tag: 'stop-loss',
      });
    }
  }
  if (legs.target !== undefined) {
    requests.push({
      side,
      qty,
      type: 'limit',
      limitPrice: legPrice(legs.target, fillPrice, long, 1),
      tag: 'target',
    });
  }
  return requests;
}
