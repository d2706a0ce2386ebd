// donchian-breakout: the turtle-style channel breakout, long only. Buy when the close breaks above
// the highest high of the previous `entry` bars; exit when it breaks below the lowest low of the
// previous `exit` bars (a shorter channel, so exits come sooner than entries). Both channels are
// declared as prior channels (warm-up = their length), so onBar starts on the first bar on which
// both are defined, max(entry, exit), as for any other template.
import { z } from 'zod';
import { priorDonchian } from '../../indicators/index';
import { defineFixedSizeStrategy, sizeParam } from './fixed-size';

export const donchianBreakout = defineFixedSizeStrategy({
  name: 'donchian-breakout',
  description:
    'Buys when flat and the close breaks above the previous entry-bar high; sells when it breaks below the previous exit-bar low.',
  params: z.strictObject({
    entry: z.int().min(2).default(20).describe('Entry channel length, in bars'),
    exit: z.int().min(2).default(10).describe('Exit channel length, in bars'),
    size: sizeParam,
  }),
  init(ctx) {
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
