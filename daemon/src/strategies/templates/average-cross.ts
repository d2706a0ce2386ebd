// sma-cross and ema-cross: long-only trend following on a fast/slow moving-average crossover.
// Buy `size` at market when flat and the fast average crosses above the slow one; close the
// whole position when it crosses below. Crossover rules are those of indicators/crossover.ts.
import { z } from 'zod';
import { crossover, ema, sma, type Indicator } from '../../indicators/index';
import { defineFixedSizeStrategy, sizeParam } from './fixed-size';

const schema = (kind: string) =>
  z
    .strictObject({
      fast: z.int().min(1).default(10).describe(`Fast ${kind} period, in bars`),
      slow: z.int().min(2).default(30).describe(`Slow ${kind} period, in bars`),
      size: sizeParam,
    })
    .refine((p) => p.fast < p.slow, { message: 'a fast period smaller than slow', path: ['fast'] });

function averageCross(name: string, kind: string, average: (period: number) => Indicator) {
  return defineFixedSizeStrategy({
    name,
    description: `Buys when ${kind}(fast) crosses above ${kind}(slow) while flat; sells everything when it crosses below.`,
    params: schema(kind),
    init(ctx) {
      const fast = ctx.indicator(average(ctx.params.fast));
      const slow = ctx.indicator(average(ctx.params.slow));
      return { cross: ctx.indicator(crossover(fast, slow)) };
    },
    onBar(ctx, { cross }) {
      if (ctx.position.qty === 0) {
        if (cross.up) ctx.buy(ctx.params.size);
      } else if (cross.down) {
        ctx.close();
      }
    },
  });
}

export const smaCross = averageCross('sma-cross', 'SMA', (n) => sma(n));
export const emaCross = averageCross('ema-cross', 'EMA', (n) => ema(n));
