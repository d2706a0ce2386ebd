// Packets built byte by byte from the documented offsets (dhan-api.md §7), not with our encoder,
// so a wrong offset in the parser cannot hide behind the same wrong offset in the encoder.
import { describe, expect, it } from 'vitest';
import { FEED_CODE, FeedPacket, parseFeedFrame } from './feed-packets';
import { fullPacket, quotePacket, tickerPacket } from '../../dev/dhan-fake/feed-encoder';

function packet(code: number, length: number, segment: number, securityId: number): Buffer {
  const b = Buffer.alloc(length);
  b[0] = code;
  b.writeUInt16LE(length, 1);
  b[3] = segment;
  b.writeUInt32LE(securityId, 4);
  return b;
}

function collect(frame: Buffer) {
  const seen: Record<string, unknown>[] = [];
  const packet = new FeedPacket();
  const packets = parseFeedFrame(frame, packet, (p) =>
    seen.push({
      ...p,
      bidQty: [...p.bidQty],
      askQty: [...p.askQty],
      bidOrders: [...p.bidOrders],
      askOrders: [...p.askOrders],
      bidPrice: [...p.bidPrice],
      askPrice: [...p.askPrice],
    }),
  );
  return { seen, result: { packets, skipped: packet.frameSkipped, truncated: packet.frameTruncated } };
}

describe('feed packet parser', () => {
  it('reads a ticker packet: LTP at 8 (f32), LTT at 12 (i32)', () => {
    const b = packet(2, 16, 1, 1333);
    b.writeFloatLE(1642.35, 8);
    b.writeInt32LE(1736135100, 12);
    const { seen } = collect(b);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      code: 2,
      segmentCode: 1,
      securityId: 1333,
      ltp: 1642.35,
      ltt: 1736135100,
    });
  });

  it('reads a quote packet at every documented offset', () => {
    const b = packet(4, 50, 2, 49081);
    b.writeFloatLE(245.5, 8);
    b.writeUInt16LE(75, 12);
    b.writeInt32LE(1736135105, 14);
    b.writeFloatLE(244.25, 18);
    b.writeUInt32LE(1_234_500, 22);
    b.writeUInt32LE(8000, 26);
    b.writeUInt32LE(9000, 30);
    b.writeFloatLE(240, 34);
    b.writeFloatLE(0, 38);
    b.writeFloatLE(250.75, 42);
    b.writeFloatLE(238.1, 46);
    expect(collect(b).seen[0]).toMatchObject({
      code: 4,
      segmentCode: 2,
      securityId: 49081,
      ltp: 245.5,
      ltq: 75,
      ltt: 1736135105,
      atp: 244.25,
      volume: 1_234_500,
      totalSellQty: 8000,
      totalBuyQty: 9000,
      open: 240,
      close: 0,
      high: 250.75,
      low: 238.1,
    });
  });

  it('reads a full packet with five depth levels of 20 bytes from offset 62', () => {
    const b = packet(8, 162, 2, 35001);
    b.writeFloatLE(101.5, 8);
    b.writeUInt16LE(50, 12);
    b.writeInt32LE(1736135110, 14);
    b.writeFloatLE(100.75, 18);
    b.writeUInt32LE(500_000, 22);
    b.writeUInt32LE(1200, 26);
    b.writeUInt32LE(1300, 30);
    b.writeUInt32LE(2_000_000, 34);
    b.writeUInt32LE(2_100_000, 38);
    b.writeUInt32LE(1_900_000, 42);
    b.writeFloatLE(99, 46);
    b.writeFloatLE(0, 50);
    b.writeFloatLE(103, 54);
    b.writeFloatLE(98.5, 58);
    for (let i = 0; i < 5; i++) {
      const d = 62 + i * 20;
      b.writeUInt32LE(100 + i, d);
      b.writeUInt32LE(200 + i, d + 4);
      b.writeUInt16LE(10 + i, d + 8);
      b.writeUInt16LE(20 + i, d + 10);
      b.writeFloatLE(101.45 - i * 0.05, d + 12);
      b.writeFloatLE(101.55 + i * 0.05, d + 16);
    }
    const p = collect(b).seen[0]!;
    expect(p).toMatchObject({
      code: 8,
      ltp: 101.5,
      ltq: 50,
      volume: 500_000,
      oi: 2_000_000,
      oiDayHigh: 2_100_000,
      oiDayLow: 1_900_000,
      open: 99,
      high: 103,
      low: 98.5,
    });
    expect(p.bidQty).toEqual([100, 101, 102, 103, 104]);
    expect(p.askOrders).toEqual([20, 21, 22, 23, 24]);
    expect(p.bidPrice).toEqual([101.45, 101.4, 101.35, 101.3, 101.25]);
    expect(p.askPrice).toEqual([101.55, 101.6, 101.65, 101.7, 101.75]);
  });

  it('reads OI, previous close, market status and disconnect packets', () => {
    const oi = packet(5, 12, 2, 7);
    oi.writeUInt32LE(123_456, 8);
    const prev = packet(6, 16, 1, 8);
    prev.writeFloatLE(1500.05, 8);
    prev.writeUInt32LE(42, 12);
    const status = packet(7, 8, 0, 0);
    const bye = packet(50, 10, 0, 0);
    bye.writeInt16LE(807, 8);
    const { seen, result } = collect(Buffer.concat([oi, prev, status, bye]));
    expect(result).toEqual({ packets: 4, skipped: 0, truncated: false });
    expect(seen.map((p) => p.code)).toEqual([5, 6, 7, 50]);
    expect(seen[0]).toMatchObject({ securityId: 7, oi: 123_456 });
    expect(seen[1]).toMatchObject({ securityId: 8, prevClose: 1500.05, prevOi: 42 });
    expect(seen[3]).toMatchObject({ disconnectReason: 807 });
  });

  it('splits back-to-back packets, skips unknown codes by length and stops at a cut packet', () => {
    const unknown = packet(99, 12, 1, 5);
    const frame = Buffer.concat([
      tickerPacket(1, 11, 10, 1),
      unknown,
      quotePacket(1, 12, {
        ltp: 20,
        ltq: 1,
        ltt: 2,
        atp: 20,
        volume: 3,
        totalSellQty: 0,
        totalBuyQty: 0,
        open: 0,
        close: 0,
        high: 0,
        low: 0,
      }),
      tickerPacket(1, 13, 30, 3).subarray(0, 10),
    ]);
    const { seen, result } = collect(frame);
    expect(seen.map((p) => [p.code, p.securityId])).toEqual([
      [2, 11],
      [4, 12],
    ]);
    expect(result).toEqual({ packets: 2, skipped: 2, truncated: true });
  });

  it('accepts a header length that counts only the payload', () => {
    const b = tickerPacket(1, 99, 55.5, 7);
    b.writeUInt16LE(8, 1);
    const frame = Buffer.concat([b, tickerPacket(1, 100, 66, 8)]);
    expect(collect(frame).seen.map((p) => [p.securityId, p.ltp])).toEqual([
      [99, 55.5],
      [100, 66],
    ]);
  });

  it('never reads past the frame, whatever the bytes (fuzz)', () => {
    const p = new FeedPacket();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const b = Buffer.alloc(Math.floor(rnd() * 400));
      for (let j = 0; j < b.length; j++) b[j] = Math.floor(rnd() * 256);
      if (b.length > 0 && rnd() < 0.5) b[0] = [2, 4, 5, 6, 8, 50][Math.floor(rnd() * 6)]!;
      expect(() => parseFeedFrame(b, p, () => undefined)).not.toThrow();
    }
    const full = fullPacket(2, 1, {
      ltp: 1,
      ltq: 1,
      ltt: 1,
      atp: 1,
      volume: 1,
      totalSellQty: 1,
      totalBuyQty: 1,
      open: 1,
      close: 1,
      high: 1,
      low: 1,
      oi: 1,
      oiDayHigh: 1,
      oiDayLow: 1,
      bids: [],
      asks: [],
    });
    expect(parseFeedFrame(full, p, () => undefined)).toBe(1);
    expect([p.frameSkipped, p.frameTruncated]).toEqual([0, false]);
    expect(FEED_CODE.FULL).toBe(8);
  });
});
