// Public surface of the costs domain: cost models the engine applies to each fill. Pure: rates
// are data in this folder and the fill's own time selects which dated rate applies.
export {
  breakdownFromPaise,
  sumCosts,
  ZERO_COSTS,
  COST_COMPONENTS,
  type ChargeableFill,
  type CostBreakdown,
  type CostComponent,
  type CostModel,
  type PaiseComponents,
  type Side,
} from './cost-model';
export { noCosts, percentCommission, flatCommission } from './simple-commissions';
export { indiaCosts, type IndiaCostModel, type IndiaCostOptions } from './india-costs';
export { contractNote } from './contract-note';
export { costModelByName, COST_MODEL_NAMES } from './cost-model-by-name';
export {
  DEFAULT_COST_MODEL,
  describeCostModel,
  indiaSegmentCosts,
  type EquityProduct,
} from './india-segment-costs';
export {
  STATUTORY_RATES,
  GST_RATES,
  DHAN_TARIFF,
  INDIA_PRODUCTS,
  type IndiaProduct,
  type StatutoryRates,
  type BrokerTariff,
  type Dated,
} from './india-rates';
export {
  BY_PRODUCT_COST_MODEL,
  checkOrderCostModel,
  indiaProductOf,
  orderCostModel,
} from './order-cost-model';
export { fillCharges, microsToBreakdown, type ChargeMicros, type OrderFillSoFar } from './order-fill-charges';
