// buy-and-hold: the benchmark. Invests `percent` % of equity at the first bar and holds to the
// end (the open position is valued at the last close; it is not a closed trade). The margin
// below 100 % leaves room for costs and for the next open being above the close it was sized at.
import { z } from 'zod';
import { percentOfEquity } from '../sizing';
import { defineStrategy } from '../strategy';

export const buyAndHold = defineStrategy({
  name: 'buy-and-hold',
  description: 'Buys with percent % of equity on the first bar and holds to the end (the benchmark).',
  params: z.strictObject({
    percent: z.number().gt(0).max(100).default(95).describe('Share of equity invested, in percent'),
  }),
  init() {
    return {};
  },
  onBar(ctx) {
    if (ctx.position.qty !== 0 || ctx.openOrders().length > 0) return;
    const qty = percentOfEquity(ctx.portfolio.equity(), ctx.params.percent, ctx.bar.close, ctx.instrument);
    if (qty > 0) ctx.buy(qty);
  },
});
