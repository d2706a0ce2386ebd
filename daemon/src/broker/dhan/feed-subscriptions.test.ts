import { describe, expect, it } from 'vitest';
import { assignConnections, subscriptionMessages } from './feed-subscriptions';

const inst = (n: number, mode: 'ticker' | 'quote' | 'full') =>
  Array.from({ length: n }, (_, i) => ({ segment: 'NSE_EQ', securityId: String(1000 + i), mode }));

describe('feed subscriptions', () => {
  it('batches at most 100 instruments per message, one request code per mode', () => {
    const messages = subscriptionMessages([...inst(250, 'quote'), ...inst(3, 'full')], true).map((m) =>
      JSON.parse(m),
    );
    expect(messages.map((m) => [m.RequestCode, m.InstrumentCount, m.InstrumentList.length])).toEqual([
      [17, 100, 100],
      [17, 100, 100],
      [17, 50, 50],
      [21, 3, 3],
    ]);
    expect(messages[0].InstrumentList[0]).toEqual({ ExchangeSegment: 'NSE_EQ', SecurityId: '1000' });
    const off = subscriptionMessages(inst(1, 'ticker'), false).map((m) => JSON.parse(m));
    expect(off).toEqual([
      {
        RequestCode: 16,
        InstrumentCount: 1,
        InstrumentList: [{ ExchangeSegment: 'NSE_EQ', SecurityId: '1000' }],
      },
    ]);
  });

  it('fills connections up to 5,000 each, at most 5, and refuses what does not fit', () => {
    const a = assignConnections([4990], 15);
    expect(a.filter((c) => c === 0)).toHaveLength(10);
    expect(a.filter((c) => c === 1)).toHaveLength(5);
    expect(assignConnections([5000, 5000, 5000, 5000], 1000)).toEqual(Array(1000).fill(4));
    expect(() => assignConnections([5000, 5000, 5000, 5000, 4999], 2)).toThrow(
      /at most 5 connections × 5000 instruments: 2 more do not fit \(room for 1\)/,
    );
  });
});
