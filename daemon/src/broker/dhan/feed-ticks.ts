// Decoded feed packets → domain ticks (core/tick.ts), per subscribed instrument. Each instrument
// owns one Tick object that packets update in place, so a tick costs no allocation: listeners get
// it for the duration of the call (tick-source.ts). The table also keeps each instrument's last
// tick time, which the staleness clock (feed-staleness.ts) reads.
import type { ExchangeSegment } from '../../core/instrument';
import type { DepthLevel, Tick } from '../../core/tick';
import type { TickMode, TickSubscription } from '../tick-source';
import { FEED_CODE_BY_SEGMENT } from './dhan-enums';
import { DEPTH_LEVELS, FEED_CODE, type FeedPacket } from './feed-packets';

export interface InstrumentState {
  readonly key: number;
  readonly symbol: string;
  readonly segment: ExchangeSegment;
  readonly securityId: string;
  mode: TickMode;
  /** Which connection of the pool carries it. */
  connection: number;
  /** When it was subscribed, and when it last ticked (epoch ms; 0 = never). */
  subscribedAt: number;
  lastTickAt: number;
  stale: boolean;
  prevClose: number;
  readonly tick: Tick;
}

/** One number per instrument: segment code × 2^32 + security id (no string keys on the hot path). */
export function instrumentKey(segmentCode: number, securityId: number): number {
  return segmentCode * 4294967296 + securityId;
}

export function keyOf(segment: string, securityId: string): number | undefined {
  const code = FEED_CODE_BY_SEGMENT[segment];
  const id = Number(securityId);
  if (code === undefined || !Number.isInteger(id) || id < 0 || id > 0xffffffff) return undefined;
  return instrumentKey(code, id);
}

function levels(): DepthLevel[] {
  return Array.from({ length: DEPTH_LEVELS }, () => ({ price: 0, quantity: 0, orders: 0 }));
}

export function newInstrumentState(
  sub: TickSubscription,
  key: number,
  connection: number,
  now: number,
): InstrumentState {
  const mode = sub.mode ?? 'quote';
  const tick: Tick = {
    instrument: { symbol: sub.symbol, segment: sub.segment, securityId: sub.securityId },
    lastPrice: 0,
    lastQty: 0,
    exchangeTime: 0,
    receivedAt: 0,
    volume: 0,
  };
  if (mode === 'full') {
    tick.bids = levels();
    tick.asks = levels();
  }
  return {
    key,
    symbol: sub.symbol,
    segment: sub.segment,
    securityId: sub.securityId,
    mode,
    connection,
    subscribedAt: now,
    lastTickAt: 0,
    stale: false,
    prevClose: 0,
    tick,
  };
}

/**
 * Applies a packet to its instrument's tick. Returns true when it is a trade update listeners
 * should see (ticker, quote, full, index); OI and previous-close packets only enrich the state.
 * `lttMs` converts the packet's LTT (epoch seconds) to epoch ms.
 */
export function applyPacket(
  state: InstrumentState,
  p: FeedPacket,
  now: number,
  lttMs: (ltt: number) => number,
): boolean {
  const t = state.tick;
  switch (p.code) {
    case FEED_CODE.TICKER:
    case FEED_CODE.INDEX:
      t.lastPrice = p.ltp;
      t.exchangeTime = lttMs(p.ltt);
      break;
    case FEED_CODE.QUOTE:
    case FEED_CODE.FULL:
      t.lastPrice = p.ltp;
      t.lastQty = p.ltq;
      t.exchangeTime = lttMs(p.ltt);
      t.averagePrice = p.atp;
      t.volume = p.volume;
      t.bidQty = p.totalBuyQty;
      t.askQty = p.totalSellQty;
      t.dayOpen = p.open;
      t.dayHigh = p.high;
      t.dayLow = p.low;
      if (p.close > 0) t.dayClose = p.close;
      if (p.code === FEED_CODE.FULL) applyDepth(t, p);
      break;
    case FEED_CODE.OI:
      t.openInterest = p.oi;
      return false;
    case FEED_CODE.PREV_CLOSE:
      state.prevClose = p.prevClose;
      return false;
    default:
      return false;
  }
  t.receivedAt = now;
  state.lastTickAt = now;
  return true;
}

function applyDepth(t: Tick, p: FeedPacket): void {
  t.openInterest = p.oi;
  const bids = t.bids as DepthLevel[] | undefined;
  const asks = t.asks as DepthLevel[] | undefined;
  if (!bids || !asks) return;
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    bids[i]!.price = p.bidPrice[i]!;
    bids[i]!.quantity = p.bidQty[i]!;
    bids[i]!.orders = p.bidOrders[i]!;
    asks[i]!.price = p.askPrice[i]!;
    asks[i]!.quantity = p.askQty[i]!;
    asks[i]!.orders = p.askOrders[i]!;
  }
  t.bid = p.bidPrice[0];
  t.ask = p.askPrice[0];
}
