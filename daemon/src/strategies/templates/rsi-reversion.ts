// rsi-reversion: buy an oversold dip, sell when overbought. Long only.
import { z } from 'zod';
import { rsi } from '../../indicators/index';
import { defineFixedSizeStrategy, sizeParam } from './fixed-size';

export const rsiReversion = defineFixedSizeStrategy({
  name: 'rsi-reversion',
  description: 'Buys when flat and RSI(period) < lower; sells everything when RSI > upper.',
  params: z
    .strictObject({
      period: z.int().min(2).default(14).describe('RSI period, in bars'),
      lower: z.number().min(0).max(100).default(30).describe('Buy below this RSI'),
      upper: z.number().min(0).max(100).default(70).describe('Sell above this RSI'),
      size: sizeParam,
    })
    .refine((p) => p.lower < p.upper, { message: 'a lower level below upper', path: ['lower'] }),
  init(ctx) {
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
