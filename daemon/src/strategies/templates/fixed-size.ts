// The templates that buy a fixed `size` on each entry (sma-cross, ema-cross, rsi-reversion,
// bollinger-reversion, macd-cross, donchian-breakout, supertrend) share its parameter and its
// check here. The broker refuses a quantity that is not a whole number of lots (`invalid_quantity`),
// so such a size would only give a run of rejected orders and no trades; the check refuses it up
// front instead, when the template is initialised with each symbol's instrument.
import { z } from 'zod';
import { validationError } from '../../core/errors';
import { defineStrategy, type StrategyDefinition } from '../strategy';

/** The `size` parameter: units bought on each entry (shares, or lots × lot size for F&O). */
export const sizeParam = z
  .int()
  .min(1)
  .default(100)
  .describe('Quantity bought on each entry: a whole number of lots');

/**
 * defineStrategy for a template with a fixed `size`: before the template's own init, refuses a
 * size that is not a multiple of the symbol's lot size with a VALIDATION_FAILED error on
 * `params.size` (the same rule as the broker's `invalid_quantity`).
 */
export function defineFixedSizeStrategy<Schema extends z.ZodType<{ size: number }>, S>(
  definition: StrategyDefinition<z.output<Schema>, S> & { params: Schema },
): StrategyDefinition<z.output<Schema>, S> {
  return defineStrategy({
    ...definition,
    init(ctx) {
      const size = ctx.params.size;
      const lot = ctx.instrument.lotSize;
      if (!Number.isInteger(size / lot))
        throw validationError(
          [{ path: 'params.size', value: size, expected: `a multiple of the lot size ${lot}` }],
          `parameters for ${definition.name}`,
        );
      return definition.init(ctx);
    },
  });
}
