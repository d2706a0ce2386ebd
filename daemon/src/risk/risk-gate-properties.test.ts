// Property tests: whatever sequence of orders a strategy sends, what the gate lets through never
// takes the book past a hard limit. A model book fills every allowed order at the last price
// and feeds the gate the resulting exposures; the day's P&L follows its own random walk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MORNING, makeScope, profile } from '../../../test/fixtures/risk/builders';
import { createRiskGate } from './risk-gate';
import type { OrderOrigin, RiskOrder, RiskSnapshot } from './risk-order';
import { reduces } from './order-facts';

const PRICES = [100, 250.5, 1000, 42.35];
const LIMITS = {
  maxOrderQty: 400,
  maxOrderValue: 60_000,
  maxPositionValue: 100_000,
  maxGrossExposure: 250_000,
  maxNetExposure: 150_000,
  maxOpenPositions: 3,
  maxConcentrationPercent: 100,
  maxOrdersPerSecond: 4,
  maxOrdersPerMinute: 40,
  maxOrdersPerDay: 60,
  dailyLossReduce: 5_000,
  dailyLossHalt: 9_000,
  drawdownReduce: 1e9,
  drawdownHalt: 1e9,
} as const;

const step = fc.record({
  symbol: fc.integer({ min: 0, max: PRICES.length - 1 }),
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  qty: fc.integer({ min: 1, max: 600 }),
  limitTicks: fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
  origin: fc.constantFrom<OrderOrigin>('strategy', 'strategy', 'strategy', 'bracket'),
  dt: fc.integer({ min: 0, max: 400 }),
  pnlMove: fc.integer({ min: -900, max: 700 }),
});

interface Sent {
  t: number;
  reducing: boolean;
}

describe('no sequence of orders passes a hard limit', () => {
  it('exposure, position, count, rate, daily-cap and loss limits hold after every allowed order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 160 }), (steps) => {
        const gate = createRiskGate();
        const p = profile(LIMITS);
        const qty = PRICES.map(() => 0);
        const sent: Sent[] = [];
        let now = MORNING;
        let pnl = 0;
        for (const s of steps) {
          now += s.dt;
          pnl += s.pnlMove;
          const price = PRICES[s.symbol]!;
          const gross = qty.reduce((sum, q, i) => sum + Math.abs(q) * PRICES[i]!, 0);
          const net = qty.reduce((sum, q, i) => sum + q * PRICES[i]!, 0);
          const open = qty.filter((q) => q !== 0).length;
          const scope = {
            capital: 1_000_000,
            dayPnl: pnl,
            grossExposure: gross,
            netExposure: net,
            openPositions: open,
            positionQty: qty[s.symbol]!,
          };
          const snapshot: RiskSnapshot = {
            now,
            instrument: { kind: 'equity', tickSize: 0.05, lotSize: 1 },
            market: { lastPrice: price, lastTickAt: now },
            account: { ...makeScope(3, p, scope), cncSellableQty: 0 },
            deployment: makeScope(7, p, scope),
          };
          const limitPrice =
            s.limitTicks === undefined ? undefined : Math.round((price + s.limitTicks * 0.05) * 100) / 100;
          const order: RiskOrder = {
            deploymentId: 7,
            accountId: 3,
            symbol: `S${s.symbol}`,
            side: s.side,
            qty: s.qty,
            orderType: limitPrice === undefined ? 'MARKET' : 'LIMIT',
            ...(limitPrice === undefined ? {} : { limitPrice }),
            product: 'INTRADAY',
            origin: s.origin,
          };
          const delta = s.side === 'buy' ? s.qty : -s.qty;
          const reducing = reduces(qty[s.symbol]!, delta, 0, 0);
          const stateBefore = gate.stateOf('deployment', 7).state;
          const verdict = gate.check(order, snapshot);
          const state = gate.stateOf('deployment', 7).state;
          if (!verdict.allowed) continue;

          // Loss: new exposure only below the REDUCING threshold, exits only when not halted
          // (protective exits excepted).
          if (!reducing) expect(-pnl).toBeLessThan(LIMITS.dailyLossReduce);
          if (!reducing) expect(state).toBe('ACTIVE');
          if (state === 'HALTED' || stateBefore === 'HALTED')
            expect(reducing && s.origin === 'bracket').toBe(true);

          qty[s.symbol]! += delta;
          sent.push({ t: now, reducing });
          const grossAfter = qty.reduce((sum, q, i) => sum + Math.abs(q) * PRICES[i]!, 0);
          const netAfter = qty.reduce((sum, q, i) => sum + q * PRICES[i]!, 0);
          expect(grossAfter).toBeLessThanOrEqual(LIMITS.maxGrossExposure + 1e-6);
          expect(Math.abs(qty[s.symbol]!) * price).toBeLessThanOrEqual(LIMITS.maxPositionValue + 1e-6);
          expect(qty.filter((q) => q !== 0).length).toBeLessThanOrEqual(LIMITS.maxOpenPositions);
          if (!reducing) {
            expect(s.qty).toBeLessThanOrEqual(LIMITS.maxOrderQty);
            expect(
              Math.abs(netAfter) <= LIMITS.maxNetExposure + 1e-6 || Math.abs(netAfter) <= Math.abs(net),
            ).toBe(true);
          }
          // Rates: count the allowed orders in the window ending now.
          expect(sent.filter((x) => x.t > now - 1000).length).toBeLessThanOrEqual(LIMITS.maxOrdersPerSecond);
          expect(sent.filter((x) => x.t > now - 60_000).length).toBeLessThanOrEqual(
            LIMITS.maxOrdersPerMinute,
          );
          expect(sent.filter((x) => !x.reducing).length).toBeLessThanOrEqual(LIMITS.maxOrdersPerDay);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an operator halt lets through nothing but protective exits, whatever is sent', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: -300, max: 300 }), (steps, held) => {
        const gate = createRiskGate();
        const p = profile(LIMITS);
        gate.setState('deployment', 7, 'HALTED', 'user:1', 'test', MORNING);
        let now = MORNING;
        for (const s of steps) {
          now += s.dt + 1;
          const scope = {
            dayPnl: 0,
            positionQty: held,
            grossExposure: Math.abs(held) * 100,
            netExposure: held * 100,
            openPositions: held === 0 ? 0 : 1,
          };
          const snapshot: RiskSnapshot = {
            now,
            instrument: { kind: 'equity', tickSize: 0.05, lotSize: 1 },
            market: { lastPrice: 100, lastTickAt: now },
            account: { ...makeScope(3, p, scope), cncSellableQty: 0 },
            deployment: makeScope(7, p, scope),
          };
          const order: RiskOrder = {
            deploymentId: 7,
            accountId: 3,
            symbol: 'S',
            side: s.side,
            qty: s.qty,
            orderType: 'MARKET',
            product: 'INTRADAY',
            origin: s.origin,
          };
          const v = gate.check(order, snapshot);
          const reducing = reduces(held, s.side === 'buy' ? s.qty : -s.qty, 0, 0);
          if (v.allowed) expect(reducing && s.origin === 'bracket').toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
