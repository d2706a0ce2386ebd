// sma-cross, written as a user strategy: long-only trend following on a moving-average crossover.
// Buys `size` at market when flat and SMA(fast) crosses above SMA(slow); closes the whole position
// when it crosses below. The same rules as the built-in template (its trades are identical).
import { defineStrategy, z } from 'quanttrade/strategy';
import { crossover, sma } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'sma-cross',
  description:
    'Buys when SMA(fast) crosses above SMA(slow) while flat; sells everything when it crosses below.',
  params: z
    .strictObject({
      fast: z.int().min(1).default(10).describe('Fast SMA period, in bars'),
      slow: z.int().min(2).default(30).describe('Slow SMA period, in bars'),
      size: z.int().min(1).default(100).describe('Quantity bought on each entry: a whole number of lots'),
    })
    .refine((p) => p.fast < p.slow, { message: 'a fast period smaller than slow', path: ['fast'] }),
  init(ctx) {
    const lot = ctx.instrument.lotSize;
    if (ctx.params.size % lot !== 0)
      throw new Error(`size ${ctx.params.size} is not a multiple of the lot size ${lot}`);
    const fast = ctx.indicator(sma(ctx.params.fast));
    const slow = ctx.indicator(sma(ctx.params.slow));
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
