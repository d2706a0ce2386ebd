// What a strategy is made of, as the API accepts it: a template with parameters, a universe
// (symbols and timeframe) and a cost model. The schemas here validate shape; the template's own
// zod schema validates the parameters (validateParams), so an error names `params.<field>`.
import { z } from 'zod';
import { validationError } from '../core/errors';
import { parseTimeframe } from '../core/timeframe';
import { getTemplate, parseParams, templateNames } from '../strategies/index';

const symbol = z
  .string()
  .trim()
  .min(1)
  .max(70)
  .regex(/^[A-Za-z0-9:&._\-^]+$/, 'a symbol such as TCS, NSE:TCS or TCS.NS');

export const universeSchema = z.strictObject({
  symbols: z.array(symbol).min(1).max(200).describe('Symbols traded, e.g. ["RELIANCE", "NSE:TCS"]'),
  timeframe: z
    .string()
    .refine((tf) => parseTimeframe(tf) !== undefined, 'a timeframe such as 1m, 5m, 15m, 1h or 1d')
    .transform((tf) => parseTimeframe(tf)!.name)
    .describe('Bar timeframe: 1m, 5m, 15m, 1h, 1d …'),
});
export type Universe = z.output<typeof universeSchema>;

/** The cost models of costs/cost-model-by-name.ts, as JSON (stored in strategy_versions.cost_model). */
export const costModelSchema = z.discriminatedUnion('model', [
  z
    .strictObject({ model: z.literal('india') })
    .describe("Indian charges for each instrument's segment (the default)"),
  z.strictObject({ model: z.literal('none') }),
  z.strictObject({
    model: z.literal('percent'),
    rate: z.number().min(0).max(0.1).describe('Commission per fill as a fraction (0.0003 = 0.03 %)'),
  }),
  z.strictObject({
    model: z.literal('flat'),
    rupees: z.number().min(0).max(10_000).describe('Commission per order, rupees'),
  }),
  z.strictObject({ model: z.literal('india-delivery') }),
  z.strictObject({ model: z.literal('india-intraday') }),
  z.strictObject({ model: z.literal('india-futures') }),
  z.strictObject({ model: z.literal('india-options') }),
]);
export type CostModelInput = z.output<typeof costModelSchema>;

/** The engine's name for a cost model (`percent:0.0003`, `india-delivery`, …). */
export function costModelName(model: CostModelInput): string {
  switch (model.model) {
    case 'percent':
      return `percent:${model.rate}`;
    case 'flat':
      return `flat:${model.rupees}`;
    default:
      return model.model;
  }
}

export const strategyFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  template: z.string().min(1).describe('Template name (strategies.templates)'),
  params: z
    .record(z.string(), z.unknown())
    .describe("Template parameters; the template's defaults fill the rest"),
  universe: universeSchema,
  costs: costModelSchema,
};

/** The symbols of a universe must name distinct instruments (the engine keys series by symbol). */
export function checkDistinctSymbols(symbols: readonly string[], path: string): void {
  const seen = new Map<string, number>();
  symbols.forEach((s, i) => {
    const key = s
      .trim()
      .toUpperCase()
      .replace(/^(NSE|BSE):/, '')
      .replace(/\.(NS|BO)$/, '');
    const first = seen.get(key);
    if (first !== undefined)
      throw validationError([
        { path: `${path}[${i}]`, value: s, expected: `a symbol not already listed (as ${path}[${first}])` },
      ]);
    seen.set(key, i);
  });
}

/** Validates parameters against the template; returns them with defaults filled in. */
export function validateParams(template: string, params: Record<string, unknown>): Record<string, unknown> {
  const definition = getTemplate(template);
  if (!definition)
    throw validationError([
      { path: 'template', value: template, expected: `one of ${templateNames().join(', ')}` },
    ]);
  return parseParams(definition, params);
}
