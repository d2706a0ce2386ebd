// A user strategy as a consumer of the packed package writes it: `quanttrade/strategy` and
// `quanttrade/indicators` must type-check (and complete in an editor) from the published
// declarations, parameters typed from the schema.
import { defineStrategy, percentOfEquity, z } from 'quanttrade/strategy';
import { crossover, ema } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'consumer-ema',
  description: 'EMA crossover sized by equity',
  params: z.strictObject({
    fast: z.int().min(1).default(8),
    slow: z.int().min(2).default(21),
    percent: z.number().gt(0).max(100).default(50),
  }),
  init(ctx) {
    const fast = ctx.indicator(ema(ctx.params.fast));
    const slow = ctx.indicator(ema(ctx.params.slow));
    return { cross: ctx.indicator(crossover(fast, slow)) };
  },
  onBar(ctx, { cross }) {
    const slow: number = ctx.params.slow;
    if (ctx.position.qty === 0 && cross.up && slow > 0)
      ctx.buy(percentOfEquity(ctx.portfolio.equity(), ctx.params.percent, ctx.bar.close, ctx.instrument));
    else if (ctx.position.qty > 0 && cross.down) ctx.close();
  },
});
