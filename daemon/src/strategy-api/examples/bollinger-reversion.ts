// bollinger-reversion, written as a user strategy: buy a close below the lower band, exit at the
// middle band. Long only. The same rules as the built-in template (its trades are identical).
import { defineStrategy, z } from 'quanttrade/strategy';
import { bollinger } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'bollinger-reversion',
  description:
    'Buys when flat and the close is below the lower Bollinger band; sells when it closes above the middle band.',
  params: z.strictObject({
    period: z.int().min(2).default(20).describe('Band period, in bars'),
    k: z.number().positive().default(2).describe('Band width in standard deviations'),
    size: z.int().min(1).default(100).describe('Quantity bought on each entry: a whole number of lots'),
  }),
  init(ctx) {
    const lot = ctx.instrument.lotSize;
    if (ctx.params.size % lot !== 0)
      throw new Error(`size ${ctx.params.size} is not a multiple of the lot size ${lot}`);
    return { bands: ctx.indicator(bollinger(ctx.params.period, ctx.params.k)) };
  },
  onBar(ctx, { bands }) {
    const close = ctx.bar.close;
    if (ctx.position.qty === 0) {
      if (close < bands.lower) ctx.buy(ctx.params.size);
    } else if (close > bands.middle) {
      ctx.close();
    }
  },
});
