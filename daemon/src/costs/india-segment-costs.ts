// The default cost model, `india`: the Indian charges of each fill's segment — equity at the
// run's product (delivery or intraday), futures and options at their F&O rates — so a run over
// any instrument is charged as a Dhan contract note would charge it, with no model to choose.
// `none` turns costs off (--costs none); the india-* names force one segment's rates.
import type { CostBreakdown, ChargeableFill, CostModel } from './cost-model';
import { indiaCosts, type IndiaCostModel, type IndiaCostOptions } from './india-costs';

/** The one default: the CLI, the API, the console and the engine's spec all start from it. */
export const DEFAULT_COST_MODEL = 'india';

export type EquityProduct = 'delivery' | 'intraday';

export function indiaSegmentCosts(product: EquityProduct, options: IndiaCostOptions = {}): CostModel {
  const equity = indiaCosts(product, options);
  let futures: IndiaCostModel | undefined;
  let opts: IndiaCostModel | undefined;
  return {
    name: 'india',
    charges(fill: ChargeableFill): CostBreakdown {
      switch (fill.instrument.kind) {
        case 'future':
          return (futures ??= indiaCosts('futures', options)).charges(fill);
        case 'option':
          return (opts ??= indiaCosts('options', options)).charges(fill);
        default:
          return equity.charges(fill);
      }
    },
  };
}

/** One line saying what a cost model charges, for every summary (CLI, HTML report, console). */
export function describeCostModel(name: string, product: EquityProduct): string {
  if (name === 'none') return 'none: no costs';
  if (name === 'india')
    return `india: Indian charges for each instrument’s segment (equity ${product}; futures and options at F&O rates)`;
  const india = /^india-(\w+)$/.exec(name);
  if (india) return `${name}: Indian charges at ${india[1]} rates`;
  if (name.startsWith('percent:')) return `${name}: ${Number(name.slice(8)) * 100}% of each fill`;
  if (name.startsWith('flat:')) return `${name}: ₹${name.slice(5)} per fill`;
  return name;
}
