// rsi-reversion, written as a user strategy: buy an oversold dip, sell when overbought. Long only.
// The same rules as the built-in template (its trades are identical).
import { defineStrategy, z } from 'quanttrade/strategy';
import { rsi } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'rsi-reversion',
  description: 'Buys when flat and RSI(period) < lower; sells everything when RSI > upper.',
  params: z
    .strictObject({
      period: z.int().min(2).default(14).describe('RSI period, in bars'),
      lower: z.number().min(0).max(100).default(30).describe('Buy below this RSI'),
      upper: z.number().min(0).max(100).default(70).describe('Sell above this RSI'),
      size: z.int().min(1).default(100).describe('Quantity bought on each entry: a whole number of lots'),
    })
    .refine((p) => p.lower < p.upper, { message: 'a lower level below upper', path: ['lower'] }),
  init(ctx) {
    const lot = ctx.instrument.lotSize;
    if (ctx.params.size % lot !== 0)
      throw new Error(`size ${ctx.params.size} is not a multiple of the lot size ${lot}`);
    return { rsi: ctx.indicator(rsi(ctx.params.period)) };
  },
  onBar(ctx, { rsi }) {
    if (ctx.position.qty === 0) {
      if (rsi.value < ctx.params.lower) ctx.buy(ctx.params.size);
    } else if (rsi.value > ctx.params.upper) {
      ctx.close();
    }
  },
});
