// donchian-breakout, written as a user strategy: the turtle-style channel breakout, long only. Buy
// when the close breaks above the highest high of the previous `entry` bars; exit when it breaks
// below the lowest low of the previous `exit` bars. Prior channels (the bars before the current
// one) make the first onBar max(entry, exit). The same rules as the built-in template.
import { defineStrategy, z } from 'quanttrade/strategy';
import { priorDonchian } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'donchian-breakout',
  description:
    'Buys when flat and the close breaks above the previous entry-bar high; sells when it breaks below the previous exit-bar low.',
  params: z.strictObject({
    entry: z.int().min(2).default(20).describe('Entry channel length, in bars'),
    exit: z.int().min(2).default(10).describe('Exit channel length, in bars'),
    size: z.int().min(1).default(100).describe('Quantity bought on each entry: a whole number of lots'),
  }),
  init(ctx) {
    const lot = ctx.instrument.lotSize;
    if (ctx.params.size % lot !== 0)
      throw new Error(`size ${ctx.params.size} is not a multiple of the lot size ${lot}`);
    return {
      entry: ctx.indicator(priorDonchian(ctx.params.entry)),
      exit: ctx.indicator(priorDonchian(ctx.params.exit)),
    };
  },
  onBar(ctx, { entry, exit }) {
    const close = ctx.bar.close;
    if (ctx.position.qty === 0) {
      if (close > entry.upper) ctx.buy(ctx.params.size);
    } else if (close < exit.lower) {
      ctx.close();
    }
  },
});
