// Builds Dhan market-feed packets (../shared/reference/dhan-api.md §7) as the real feed sends
// them: little-endian, 0-based offsets, header length = whole packet. Used by the local fake
// server and by benchmarks; the parser's own tests build their bytes by hand.

export interface QuoteFields {
  ltp: number;
  ltq: number;
  /** Epoch seconds. */
  ltt: number;
  atp: number;
  volume: number;
  totalSellQty: number;
  totalBuyQty: number;
  open: number;
  close: number;
  high: number;
  low: number;
}

export interface FullFields extends QuoteFields {
  oi: number;
  oiDayHigh: number;
  oiDayLow: number;
  /** Five levels each, best first. */
  bids: { price: number; quantity: number; orders: number }[];
  asks: { price: number; quantity: number; orders: number }[];
}

function header(buf: Buffer, code: number, segment: number, securityId: number): void {
  buf.writeUInt8(code, 0);
  buf.writeUInt16LE(buf.length, 1);
  buf.writeUInt8(segment, 3);
  buf.writeUInt32LE(securityId, 4);
}

export function tickerPacket(segment: number, securityId: number, ltp: number, ltt: number): Buffer {
  const b = Buffer.alloc(16);
  header(b, 2, segment, securityId);
  b.writeFloatLE(ltp, 8);
  b.writeInt32LE(ltt, 12);
  return b;
}

function quoteFields(b: Buffer, q: QuoteFields): void {
  b.writeFloatLE(q.ltp, 8);
  b.writeUInt16LE(q.ltq, 12);
  b.writeInt32LE(q.ltt, 14);
  b.writeFloatLE(q.atp, 18);
  b.writeUInt32LE(q.volume, 22);
  b.writeUInt32LE(q.totalSellQty, 26);
  b.writeUInt32LE(q.totalBuyQty, 30);
}

export function quotePacket(segment: number, securityId: number, q: QuoteFields): Buffer {
  const b = Buffer.alloc(50);
  header(b, 4, segment, securityId);
  quoteFields(b, q);
  b.writeFloatLE(q.open, 34);
  b.writeFloatLE(q.close, 38);
  b.writeFloatLE(q.high, 42);
  b.writeFloatLE(q.low, 46);
  return b;
}

export function fullPacket(segment: number, securityId: number, f: FullFields): Buffer {
  const b = Buffer.alloc(162);
  header(b, 8, segment, securityId);
  quoteFields(b, f);
  b.writeUInt32LE(f.oi, 34);
  b.writeUInt32LE(f.oiDayHigh, 38);
  b.writeUInt32LE(f.oiDayLow, 42);
  b.writeFloatLE(f.open, 46);
  b.writeFloatLE(f.close, 50);
  b.writeFloatLE(f.high, 54);
  b.writeFloatLE(f.low, 58);
  for (let i = 0; i < 5; i++) {
    const d = 62 + i * 20;
    const bid = f.bids[i] ?? { price: 0, quantity: 0, orders: 0 };
    const ask = f.asks[i] ?? { price: 0, quantity: 0, orders: 0 };
    b.writeUInt32LE(bid.quantity, d);
    b.writeUInt32LE(ask.quantity, d + 4);
    b.writeUInt16LE(bid.orders, d + 8);
    b.writeUInt16LE(ask.orders, d + 10);
    b.writeFloatLE(bid.price, d + 12);
    b.writeFloatLE(ask.price, d + 16);
  }
  return b;
}

export function oiPacket(segment: number, securityId: number, oi: number): Buffer {
  const b = Buffer.alloc(12);
  header(b, 5, segment, securityId);
  b.writeUInt32LE(oi, 8);
  return b;
}

export function prevClosePacket(
  segment: number,
  securityId: number,
  prevClose: number,
  prevOi: number,
): Buffer {
  const b = Buffer.alloc(16);
  header(b, 6, segment, securityId);
  b.writeFloatLE(prevClose, 8);
  b.writeUInt32LE(prevOi, 12);
  return b;
}

export function marketStatusPacket(): Buffer {
  const b = Buffer.alloc(8);
  header(b, 7, 0, 0);
  return b;
}

export function disconnectPacket(reason: number): Buffer {
  const b = Buffer.alloc(10);
  header(b, 50, 0, 0);
  b.writeInt16LE(reason, 8);
  return b;
}
