// bollinger-reversion: buy a close below the lower band, exit at the middle band. Long only.
import { z } from 'zod';
import { bollinger } from '../../indicators/index';
import { defineFixedSizeStrategy, sizeParam } from './fixed-size';

export const bollingerReversion = defineFixedSizeStrategy({
  name: 'bollinger-reversion',
  description:
    'Buys when flat and the close is below the lower Bollinger band; sells when it closes above the middle band.',
  params: z.strictObject({
    period: z.int().min(2).default(20).describe('Band period, in bars'),
    k: z.number().positive().default(2).describe('Band width in standard deviations'),
    size: sizeParam,
  }),
  init(ctx) {
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
