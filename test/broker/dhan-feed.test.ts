// The market feed against the fake Dhan's binary WebSocket: subscriptions batched and re-sent in
// full after a reconnect, ticks delivered as domain ticks, a silent feed caught by the staleness
// clock within the threshold (and its socket replaced), and the feed's own auth refusal.
import { afterEach, describe, expect, it } from 'vitest';
import { createMarketFeed, type DhanMarketFeed } from '../../daemon/src/broker/dhan';
import type { StalenessChange, TickSubscription } from '../../daemon/src/broker/tick-source';
import type { Tick } from '../../daemon/src/core/tick';
import { copyTick } from '../../daemon/src/core/tick';
import { eventually, useFakeDhan } from '../support/dhan';

const fake = useFakeDhan();
const feeds: DhanMarketFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.close()));
  fake.current.feed.silence(false);
});

function open(
  options: Partial<Parameters<typeof createMarketFeed>[0]> = {},
  token = () => fake.current.token,
) {
  const feed = createMarketFeed({
    url: fake.current.feedUrl,
    credentials: () => ({ clientId: fake.current.clientId, accessToken: token() }),
    staleness: { staleAfterMs: 600, checkEveryMs: 50, sessionOpen: () => 0 },
    socket: { backoffBaseMs: 50, backoffMaxMs: 200, pingIntervalMs: 200, deadAfterMs: 5000 },
    ...options,
  });
  feeds.push(feed);
  return feed;
}

const sub = (symbol: string, securityId: string, mode?: TickSubscription['mode']): TickSubscription => ({
  symbol,
  segment: 'NSE_EQ',
  securityId,
  mode,
});

describe('Dhan market feed', () => {
  it('delivers ticks for each mode with the instrument identity, depth in full mode', async () => {
    const feed = open();
    const seen = new Map<string, Tick>();
    feed.onTick((t) => seen.set(t.instrument.symbol, copyTick(t)));
    feed.subscribe([
      sub('TCS', '11536', 'quote'),
      sub('INFY', '1594', 'ticker'),
      sub('HDFCBANK', '1333', 'full'),
    ]);
    await eventually(() => seen.size === 3, 10_000, 'a tick of each symbol');
    const tcs = seen.get('TCS')!;
    expect(tcs.instrument).toEqual({ symbol: 'TCS', segment: 'NSE_EQ', securityId: '11536' });
    expect(tcs.lastPrice).toBeGreaterThan(0);
    expect(tcs.volume).toBeGreaterThan(0);
    expect(tcs.lastQty).toBe(10);
    expect(Math.abs(tcs.exchangeTime - Date.now())).toBeLessThan(10_000);
    expect(seen.get('INFY')!.lastQty).toBe(0);
    const full = seen.get('HDFCBANK')!;
    expect(full.bids).toHaveLength(5);
    expect(full.asks![0]!.price).toBeGreaterThan(full.bids![0]!.price);
    expect(feed.status()).toMatchObject({ state: 'live', subscribed: 3, connections: 1, staleSymbols: [] });
    expect(feed.stats().packets.quote).toBeGreaterThan(0);
    expect(feed.stats().packets.prev_close).toBe(3);
  });

  it('subscribes 250 instruments in messages of at most 100', async () => {
    const feed = open();
    const subs = Array.from({ length: 250 }, (_, i) => sub(`S${i}`, String(20_000 + i)));
    const ticked = new Set<string>();
    feed.onTick((t) => ticked.add(t.instrument.symbol));
    feed.subscribe(subs);
    await eventually(() => ticked.size === 250, 15_000, 'ticks of all 250');
    expect(fake.current.feed.violations).toEqual([]);
    feed.unsubscribe(subs.slice(0, 50));
    await eventually(() => fake.current.feed.subscribed() === 200, 5000, 'unsubscribed at the server');
    expect(feed.status().subscribed).toBe(200);
  });

  it('reconnects after a dropped socket and subscribes everything again', async () => {
    const feed = open();
    let ticks = 0;
    feed.onTick(() => ticks++);
    feed.subscribe([sub('A', '101'), sub('B', '102')]);
    await eventually(() => ticks > 5);
    const opened = fake.current.feed.connectionsOpened();
    fake.current.feed.drop();
    await eventually(() => fake.current.feed.connectionsOpened() > opened, 5000, 'a new connection');
    await eventually(() => fake.current.feed.subscribed() === 2, 5000, 'resubscribed');
    const after = ticks;
    await eventually(() => ticks > after + 5, 5000, 'ticks again');
    expect(feed.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('a connected but silent feed: symbols marked stale within the threshold, the socket replaced', async () => {
    const feed = open();
    const changes: StalenessChange[] = [];
    feed.onStaleness((c) => changes.push(c));
    let ticks = 0;
    feed.onTick(() => ticks++);
    feed.subscribe([sub('A', '201'), sub('B', '202')]);
    await eventually(() => ticks > 3);
    const opened = fake.current.feed.connectionsOpened();
    const silentSince = Date.now();
    fake.current.feed.silence(true);
    await eventually(() => feed.isStale('A') && feed.isStale('B'), 5000, 'both stale');
    // Threshold 600 ms, checked every 50 ms: flagged well before "hours later".
    expect(Date.now() - silentSince).toBeLessThan(3000);
    expect(
      changes
        .filter((c) => c.stale)
        .map((c) => c.symbol)
        .sort(),
    ).toEqual(['A', 'B']);
    // Degraded (or down for the moment its silent socket is being replaced), never live.
    expect(feed.status()).toMatchObject({
      state: expect.stringMatching(/^(degraded|down|connecting)$/),
      staleSymbols: expect.arrayContaining(['A', 'B']),
    });
    await eventually(() => fake.current.feed.connectionsOpened() > opened, 5000, 'silent socket replaced');
    expect(feed.tickAges().every((a) => a.stale && a.ageMs > 600)).toBe(true);
    fake.current.feed.silence(false);
    await eventually(() => !feed.isStale('A') && !feed.isStale('B'), 5000, 'fresh again');
    expect(
      changes
        .filter((c) => !c.stale)
        .map((c) => c.symbol)
        .sort(),
    ).toEqual(['A', 'B']);
  });

  it('outside market hours nothing is marked stale', async () => {
    const feed = open({ staleness: { staleAfterMs: 100, checkEveryMs: 20, sessionOpen: () => undefined } });
    feed.subscribe([sub('Q', '301')]);
    fake.current.feed.silence(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(feed.isStale('Q')).toBe(false);
  });

  it('token expired (disconnect 807): stops reconnecting, tells the owner, resumes with a new token', async () => {
    let token = fake.current.tokens.issue(fake.current.clientId);
    const refused: string[] = [];
    const feed = open({ onAuthRefused: (d) => refused.push(d) }, () => token);
    let ticks = 0;
    feed.onTick(() => ticks++);
    feed.subscribe([sub('A', '401')]);
    await eventually(() => ticks > 2);
    fake.current.expireToken(token);
    await eventually(() => refused.length > 0, 5000, 'auth refusal reported');
    expect(refused[0]).toContain('reason 807');
    await eventually(() => feed.status().state === 'down', 5000, 'down');
    expect(feed.status().detail).toMatch(/807/);
    token = fake.current.tokens.issue(fake.current.clientId);
    feed.reconnect('new token');
    const after = ticks;
    await eventually(() => ticks > after + 2, 5000, 'ticks with the new token');
    expect(feed.status().state).toBe('live');
  });

  it('spreads instruments over connections and refuses more than they carry', async () => {
    const feed = open({ perConnection: 2, maxConnections: 2 });
    feed.subscribe([sub('A', '501'), sub('B', '502'), sub('C', '503')]);
    await eventually(() => fake.current.feed.subscribed() === 3, 5000, 'subscribed');
    expect(fake.current.feed.connections()).toBe(2);
    expect(() => feed.subscribe([sub('D', '504'), sub('E', '505')])).toThrow(
      /at most 2 connections × 2 instruments: 2 more do not fit \(room for 1\)/,
    );
    expect(feed.status().subscribed).toBe(3);
  });
});
