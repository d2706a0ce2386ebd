// 'quanttrade/strategy': what a user strategy imports (with 'quanttrade/indicators', the only
// modules it may import). The same defineStrategy, context and order API as the built-in
// templates (strategies/strategy.ts), the sizing helpers, zod's schema builders as `z` for the
// parameters, and a seeded random generator. Published with the typed client so an editor
// completes it; inside the sandbox the runtime (sandbox/runtime) provides it. docs/user-strategies.md.
export {
  defineStrategy,
  type BracketRequest,
  type InitContext,
  type PortfolioView,
  type StrategyContext,
  type StrategyDefinition,
} from '../strategies/strategy';
export { atrRiskSize, fixedQuantity, percentOfEquity, riskPerTrade, roundToLot } from '../strategies/sizing';
export * as z from './param-schema';
export { createRandom, type Random } from './random';
export type {
  BracketLevel,
  Order,
  OrderReason,
  OrderRequest,
  OrderSide,
  OrderStatus,
  OrderType,
  Trail,
} from '../core/order';
export type { Position, Trade } from '../core/position';
export type { Instrument } from '../core/instrument';
export type { BarView, Indicator, IndicatorOutput, ValueStream } from '../indicators/indicator';
