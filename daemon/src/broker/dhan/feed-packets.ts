// Dhan's binary market-feed packets (../shared/reference/dhan-api.md §7): little-endian, byte
// offsets 0-based from the packet start, an 8-byte header (u8 code, u16 length, u8 segment, u32
// security id), several packets back to back in one WebSocket frame. The parser writes into one
// reused FeedPacket and calls the sink per packet: no allocation per packet on the hot path.
// Every read is bounds-checked against the header length; unknown codes are skipped by length.

export const FEED_CODE = {
  INDEX: 1,
  TICKER: 2,
  QUOTE: 4,
  OI: 5,
  PREV_CLOSE: 6,
  MARKET_STATUS: 7,
  FULL: 8,
  DISCONNECT: 50,
} as const;

/** Whole-packet sizes, header included. The index packet's layout is undocumented: read as a ticker. */
const SIZE = new Int16Array(256).fill(-1);
SIZE[FEED_CODE.INDEX] = 16;
SIZE[FEED_CODE.TICKER] = 16;
SIZE[FEED_CODE.QUOTE] = 50;
SIZE[FEED_CODE.OI] = 12;
SIZE[FEED_CODE.PREV_CLOSE] = 16;
SIZE[FEED_CODE.MARKET_STATUS] = 8;
SIZE[FEED_CODE.FULL] = 162;
SIZE[FEED_CODE.DISCONNECT] = 10;

export const DEPTH_LEVELS = 5;

/** One decoded packet. Fields not carried by the packet's type keep stale values: read by `code`. */
export class FeedPacket {
  code = 0;
  segmentCode = 0;
  securityId = 0;
  ltp = 0;
  ltq = 0;
  /** Last trade time, epoch seconds as sent. */
  ltt = 0;
  atp = 0;
  volume = 0;
  totalSellQty = 0;
  totalBuyQty = 0;
  oi = 0;
  oiDayHigh = 0;
  oiDayLow = 0;
  open = 0;
  close = 0;
  high = 0;
  low = 0;
  prevClose = 0;
  prevOi = 0;
  disconnectReason = 0;
  readonly bidQty = new Uint32Array(DEPTH_LEVELS);
  readonly askQty = new Uint32Array(DEPTH_LEVELS);
  readonly bidOrders = new Uint16Array(DEPTH_LEVELS);
  readonly askOrders = new Uint16Array(DEPTH_LEVELS);
  readonly bidPrice = new Float64Array(DEPTH_LEVELS);
  readonly askPrice = new Float64Array(DEPTH_LEVELS);
}

export interface FrameResult {
  packets: number;
  /** Packets skipped: unknown codes, or a tail too short for its header. */
  skipped: number;
  /** True when the frame ended in the middle of a packet (the rest was dropped). */
  truncated: boolean;
}

/** Prices are float32 rupees: rounded to paise so 2345.55 is not 2345.550048828125. */
function price(buf: Buffer, at: number): number {
  return Math.round(buf.readFloatLE(at) * 100) / 100;
}

function readQuoteFields(buf: Buffer, o: number, p: FeedPacket): void {
  p.ltp = price(buf, o + 8);
  p.ltq = buf.readUInt16LE(o + 12);
  p.ltt = buf.readInt32LE(o + 14);
  p.atp = price(buf, o + 18);
  p.volume = buf.readUInt32LE(o + 22);
  p.totalSellQty = buf.readUInt32LE(o + 26);
  p.totalBuyQty = buf.readUInt32LE(o + 30);
}

function readFull(buf: Buffer, o: number, p: FeedPacket): void {
  readQuoteFields(buf, o, p);
  p.oi = buf.readUInt32LE(o + 34);
  p.oiDayHigh = buf.readUInt32LE(o + 38);
  p.oiDayLow = buf.readUInt32LE(o + 42);
  p.open = price(buf, o + 46);
  p.close = price(buf, o + 50);
  p.high = price(buf, o + 54);
  p.low = price(buf, o + 58);
  for (let i = 0, d = o + 62; i < DEPTH_LEVELS; i++, d += 20) {
    p.bidQty[i] = buf.readUInt32LE(d);
    p.askQty[i] = buf.readUInt32LE(d + 4);
    p.bidOrders[i] = buf.readUInt16LE(d + 8);
    p.askOrders[i] = buf.readUInt16LE(d + 10);
    p.bidPrice[i] = price(buf, d + 12);
    p.askPrice[i] = price(buf, d + 16);
  }
}

function decode(buf: Buffer, o: number, p: FeedPacket): void {
  switch (p.code) {
    case FEED_CODE.INDEX:
    case FEED_CODE.TICKER:
      p.ltp = price(buf, o + 8);
      p.ltt = buf.readInt32LE(o + 12);
      return;
    case FEED_CODE.QUOTE:
      readQuoteFields(buf, o, p);
      p.open = price(buf, o + 34);
      p.close = price(buf, o + 38);
      p.high = price(buf, o + 42);
      p.low = price(buf, o + 46);
      return;
    case FEED_CODE.OI:
      p.oi = buf.readUInt32LE(o + 8);
      return;
    case FEED_CODE.PREV_CLOSE:
      p.prevClose = price(buf, o + 8);
      p.prevOi = buf.readUInt32LE(o + 12);
      return;
    case FEED_CODE.FULL:
      readFull(buf, o, p);
      return;
    case FEED_CODE.DISCONNECT:
      p.disconnectReason = buf.readInt16LE(o + 8);
      return;
    default:
      return; // market status: header only
  }
}

/**
 * Parses every packet of a frame into `packet`, calling `sink` after each. The header length is
 * the whole packet (ticker 16, quote 50, full 162); a length that counts only the payload is
 * recognised for known codes too, since clients disagree on it.
 */
export function parseFeedFrame(buf: Buffer, packet: FeedPacket, sink: (p: FeedPacket) => void): FrameResult {
  let o = 0;
  let packets = 0;
  let skipped = 0;
  const end = buf.length;
  while (o < end) {
    if (end - o < 8) return { packets, skipped: skipped + 1, truncated: true };
    const code = buf[o]!;
    const length = buf.readUInt16LE(o + 1);
    const known = SIZE[code]!;
    let size: number;
    if (known > 0 && (length === known || length + 8 === known)) size = known;
    else if (length >= 8) size = length;
    else if (known > 0) size = known;
    else return { packets, skipped: skipped + 1, truncated: true };
    if (o + size > end) return { packets, skipped: skipped + 1, truncated: true };
    if (known > 0 && size >= known) {
      packet.code = code;
      packet.segmentCode = buf[o + 3]!;
      packet.securityId = buf.readUInt32LE(o + 4);
      decode(buf, o, packet);
      packets++;
      sink(packet);
    } else skipped++;
    o += size;
  }
  return { packets, skipped, truncated: false };
}
