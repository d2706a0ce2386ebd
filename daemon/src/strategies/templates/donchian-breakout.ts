// donchian-breakout: the turtle-style channel breakout, long only. Buy when the close breaks above
// the highest high of the previous `entry` bars; exit when it breaks below the lowest low of the
// previous `exit` bars (a shorter channel, so exits come sooner than entries).
import { z } from 'zod';
import { donchian } from '../../indicators/index';
import { defineStrategy } from '../strategy';

export const donchianBreakout = defineStrategy({
  name: 'donchian-breakout',
  description:
    'Buys when flat and the close breaks above the previous entry-bar high; sells when it breaks below the previous exit-bar low.',
  params: z.strictObject({
    entry: z.int().min(2).default(20).describe('Entry channel length, in bars'),
    exit: z.int().min(2).default(10).describe('Exit channel length, in bars'),
    size: z.int().min(1).default(100).describe('Quantity bought on each entry'),
  }),
  init(ctx) {
    return {
      entry: ctx.indicator(donchian(ctx.params.entry)),
      exit: ctx.indicator(donchian(ctx.params.exit)),
    };
  },
  onBar(ctx, { entry, exit }) {
    const close = ctx.bar.close;
    if (ctx.position.qty === 0) {
      if (close > entry.previousUpper) ctx.buy(ctx.params.size);
    } else if (close < exit.previousLower) {
      ctx.close();
    }
  },
});
