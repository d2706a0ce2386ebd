// macd-cross: buy when the MACD line crosses above its signal line, exit on the cross below.
import { z } from 'zod';
import { crossover, macd } from '../../indicators/index';
import { defineFixedSizeStrategy, sizeParam } from './fixed-size';

export const macdCross = defineFixedSizeStrategy({
  name: 'macd-cross',
  description:
    'Buys when flat and MACD crosses above its signal line; sells everything when it crosses below.',
  params: z
    .strictObject({
      fast: z.int().min(1).default(12).describe('Fast EMA period, in bars'),
      slow: z.int().min(2).default(26).describe('Slow EMA period, in bars'),
      signal: z.int().min(1).default(9).describe('Signal EMA period, in bars'),
      size: sizeParam,
    })
    .refine((p) => p.fast < p.slow, { message: 'a fast period smaller than slow', path: ['fast'] }),
  init(ctx) {
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
