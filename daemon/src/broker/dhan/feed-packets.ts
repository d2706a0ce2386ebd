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
  /** Of the last frame parsed: packets skipped (unknown codes, a cut tail)… */
  frameSkipped = 0;
  /** …and whether it ended in the middle of a packet (the rest was dropped). */
  frameTruncated = false;
}

// Frames are copied into one scratch buffer read through one DataView: V8 compiles DataView
// reads to plain loads, several times faster than Buffer.readXxx, and nothing is allocated per
// frame or per packet (the scratch grows once to the largest frame seen).
let scratch = new Uint8Array(65_536);
let view = new DataView(scratch.buffer);

/** Prices are float32 rupees: rounded to paise so 2345.55 is not 2345.550048828125. */
function price(at: number): number {
  return Math.round(view.getFloat32(at, true) * 100) / 100;
}

function readQuoteFields(o: number, p: FeedPacket): void {
  p.ltp = price(o + 8);
  p.ltq = view.getUint16(o + 12, true);
  p.ltt = view.getInt32(o + 14, true);
  p.atp = price(o + 18);
  p.volume = view.getUint32(o + 22, true);
  p.totalSellQty = view.getUint32(o + 26, true);
  p.totalBuyQty = view.getUint32(o + 30, true);
}

function readFull(o: number, p: FeedPacket): void {
  readQuoteFields(o, p);
  p.oi = view.getUint32(o + 34, true);
  p.oiDayHigh = view.getUint32(o + 38, true);
  p.oiDayLow = view.getUint32(o + 42, true);
  p.open = price(o + 46);
  p.close = price(o + 50);
  p.high = price(o + 54);
  p.low = price(o + 58);
  for (let i = 0, d = o + 62; i < DEPTH_LEVELS; i++, d += 20) {
    p.bidQty[i] = view.getUint32(d, true);
    p.askQty[i] = view.getUint32(d + 4, true);
    p.bidOrders[i] = view.getUint16(d + 8, true);
    p.askOrders[i] = view.getUint16(d + 10, true);
    p.bidPrice[i] = price(d + 12);
    p.askPrice[i] = price(d + 16);
  }
}

function decode(o: number, p: FeedPacket): void {
  switch (p.code) {
    case FEED_CODE.INDEX:
    case FEED_CODE.TICKER:
      p.ltp = price(o + 8);
      p.ltt = view.getInt32(o + 12, true);
      return;
    case FEED_CODE.QUOTE:
      readQuoteFields(o, p);
      p.open = price(o + 34);
      p.close = price(o + 38);
      p.high = price(o + 42);
      p.low = price(o + 46);
      return;
    case FEED_CODE.OI:
      p.oi = view.getUint32(o + 8, true);
      return;
    case FEED_CODE.PREV_CLOSE:
      p.prevClose = price(o + 8);
      p.prevOi = view.getUint32(o + 12, true);
      return;
    case FEED_CODE.FULL:
      readFull(o, p);
      return;
    case FEED_CODE.DISCONNECT:
      p.disconnectReason = view.getInt16(o + 8, true);
      return;
    default:
      return; // market status: header only
  }
}

/**
 * Parses every packet of a frame into `packet`, calling `sink` after each; returns how many were
 * decoded (skips are left in packet.frameSkipped / frameTruncated: nothing is allocated). The
 * header length is the whole packet (ticker 16, quote 50, full 162); a length that counts only
 * the payload is recognised for known codes too, since clients disagree on it.
 */
export function parseFeedFrame(buf: Buffer, packet: FeedPacket, sink: (p: FeedPacket) => void): number {
  let o = 0;
  let packets = 0;
  let skipped = 0;
  let truncated = false;
  const end = buf.length;
  if (end > scratch.length) {
    scratch = new Uint8Array(Math.max(end, scratch.length * 2));
    view = new DataView(scratch.buffer);
  }
  scratch.set(buf);
  while (o < end) {
    if (end - o < 8) {
      truncated = true;
      skipped++;
      break;
    }
    const code = scratch[o]!;
    const length = view.getUint16(o + 1, true);
    const known = SIZE[code]!;
    let size: number;
    if (known > 0 && (length === known || length + 8 === known)) size = known;
    else if (length >= 8) size = length;
    else if (known > 0) size = known;
    else size = 0;
    if (size === 0 || o + size > end) {
      truncated = true;
      skipped++;
      break;
    }
    if (known > 0 && size >= known) {
      packet.code = code;
      packet.segmentCode = scratch[o + 3]!;
      packet.securityId = view.getUint32(o + 4, true);
      decode(o, packet);
      packets++;
      sink(packet);
    } else skipped++;
    o += size;
  }
  // Set after the sink calls, which see the packet object too.
  packet.frameSkipped = skipped;
  packet.frameTruncated = truncated;
  return packets;
}
