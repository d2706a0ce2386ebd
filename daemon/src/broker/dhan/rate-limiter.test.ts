import { describe, expect, it } from 'vitest';
import { createMemoryRateStore, ruleFor } from './rate-limiter';

describe('memory rate store (sliding windows, IST day)', () => {
  it('allows the per-second limit, then says how long until the oldest leaves the window', async () => {
    let t = 1_000_000;
    const store = createMemoryRateStore(() => t);
    const rule = ruleFor({ perSecond: 10, perMinute: 250 }, 100);
    for (let i = 0; i < 10; i++) expect(await store.reserve('k', 'orders', rule)).toBe(0);
    expect(await store.reserve('k', 'orders', rule)).toBe(1100);
    t += 600;
    expect(await store.reserve('k', 'orders', rule)).toBe(500);
    t += 500;
    expect(await store.reserve('k', 'orders', rule)).toBe(0);
    // Keys and categories are separate counters.
    expect(await store.reserve('k', 'data', rule)).toBe(0);
    expect(await store.reserve('other', 'orders', rule)).toBe(0);
  });

  it('holds the minute window beyond the second one', async () => {
    let t = 0;
    const store = createMemoryRateStore(() => t);
    const rule = ruleFor({ perSecond: 100, perMinute: 5 }, 0);
    for (let i = 0; i < 5; i++) {
      expect(await store.reserve('k', 'orders', rule)).toBe(0);
      t += 2000;
    }
    expect(await store.reserve('k', 'orders', rule)).toBe(50_000);
  });

  it('counts the day by the IST calendar: the limit resets at IST midnight', async () => {
    // 2025-01-06 23:00 IST = 17:30 UTC
    let t = Date.UTC(2025, 0, 6, 17, 30);
    const store = createMemoryRateStore(() => t);
    const rule = ruleFor({ perSecond: 100, perDay: 2 }, 0);
    expect(await store.reserve('k', 'orders', rule)).toBe(0);
    t += 5000;
    expect(await store.reserve('k', 'orders', rule)).toBe(0);
    t += 5000;
    expect(await store.reserve('k', 'orders', rule)).toBe(3_600_000 - 10_000);
    t = Date.UTC(2025, 0, 6, 18, 30); // midnight IST
    expect(await store.reserve('k', 'orders', rule)).toBe(0);
  });

  it('after a 429: paused, then half the per-second rate', async () => {
    let t = 0;
    const store = createMemoryRateStore(() => t);
    const rule = ruleFor({ perSecond: 10 }, 0);
    await store.penalize('k', 'orders', 1000, 60_000);
    expect(await store.reserve('k', 'orders', rule)).toBe(1000);
    t = 1000;
    for (let i = 0; i < 5; i++) expect(await store.reserve('k', 'orders', rule)).toBe(0);
    expect(await store.reserve('k', 'orders', rule)).toBeGreaterThan(0);
  });
});
