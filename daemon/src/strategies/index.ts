// Public surface of the strategies domain: the strategy API, sizing helpers and the templates.
export {
  defineStrategy,
  type AnyStrategy,
  type BracketRequest,
  type InitContext,
  type PortfolioView,
  type StrategyContext,
  type StrategyDefinition,
} from './strategy';
export { atrRiskSize, fixedQuantity, percentOfEquity, riskPerTrade, roundToLot } from './sizing';
export {
  describeTemplate,
  getTemplate,
  listTemplates,
  parameterNames,
  parseParams,
  requireTemplate,
  templateNames,
  type TemplateInfo,
} from './registry';
