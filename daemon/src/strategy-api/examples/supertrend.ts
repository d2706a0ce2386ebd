// supertrend, written as a user strategy: long while SuperTrend points up. Buy when its direction
// turns up while flat; sell everything when it turns down. The same rules as the built-in template.
import { defineStrategy, z } from 'quanttrade/strategy';
import { supertrend } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'supertrend',
  description:
    'Buys when flat and SuperTrend(period, multiplier) turns up; sells everything when it turns down.',
  params: z.strictObject({
    period: z.int().min(1).default(10).describe('ATR period, in bars'),
    multiplier: z.number().positive().default(3).describe('Band width in ATRs'),
    size: z.int().min(1).default(100).describe('Quantity bought on each entry: a whole number of lots'),
  }),
  init(ctx) {
    const lot = ctx.instrument.lotSize;
    if (ctx.params.size % lot !== 0)
      throw new Error(`size ${ctx.params.size} is not a multiple of the lot size ${lot}`);
    // `previous` is the direction on the bar before (0 before the first defined bar).
    return { trend: ctx.indicator(supertrend(ctx.params.period, ctx.params.multiplier)), previous: 0 };
  },
  onBar(ctx, state) {
    const direction = state.trend.direction;
    const turned = state.previous !== 0 && direction !== state.previous;
    state.previous = direction;
    if (!turned) return;
    if (direction > 0 && ctx.position.qty === 0) ctx.buy(ctx.params.size);
    else if (direction < 0 && ctx.position.qty > 0) ctx.close();
  },
});
