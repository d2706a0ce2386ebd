// buy-and-hold, written as a user strategy: the benchmark. Invests `percent` % of equity at the
// first bar and holds to the end; one order at a time, so a buy rejected for cash is retried on
// the next bar. The same rules as the built-in template (its trades are identical).
import { defineStrategy, percentOfEquity, z } from 'quanttrade/strategy';

export default defineStrategy({
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
