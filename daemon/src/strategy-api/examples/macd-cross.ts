// macd-cross, written as a user strategy: buy when the MACD line crosses above its signal line,
// exit on the cross below. The same rules as the built-in template (its trades are identical).
import { defineStrategy, z } from 'quanttrade/strategy';
import { crossover, macd } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'macd-cross',
  description:
    'Buys when flat and MACD crosses above its signal line; sells everything when it crosses below.',
  params: z
    .strictObject({
      fast: z.int().min(1).default(12).describe('Fast EMA period, in bars'),
      slow: z.int().min(2).default(26).describe('Slow EMA period, in bars'),
      signal: z.int().min(1).default(9).describe('Signal EMA period, in bars'),
      size: z.int().min(1).default(100).describe('Quantity bought on each entry: a whole number of lots'),
    })
    .refine((p) => p.fast < p.slow, { message: 'a fast period smaller than slow', path: ['fast'] }),
  init(ctx) {
    const lot = ctx.instrument.lotSize;
    if (ctx.params.size % lot !== 0)
      throw new Error(`size ${ctx.params.size} is not a multiple of the lot size ${lot}`);
    const m = ctx.indicator(macd(ctx.params.fast, ctx.params.slow, ctx.params.signal));
    return { cross: ctx.indicator(crossover(m, m.outputs.signal)) };
  },
  onBar(ctx, { cross }) {
    if (ctx.position.qty === 0) {
      if (cross.up) ctx.buy(ctx.params.size);
    } else if (cross.down) {
      ctx.close();
    }
  },
});
