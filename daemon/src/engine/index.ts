// Public surface of the engine: runBacktest for whole runs from a JSON spec; the engine, its
// timestep and its ports (broker, order ids, time, restore) for paper and live trading; sweeps
// and walk-forward; result serialisation.
export { runBacktest, runStrategy } from './backtest';
export { preflightSpec, type PreflightOptions } from './backtest-preflight';
export {
  backtestSpecSchema,
  normalizeSpec,
  type BacktestSpec,
  type NormalizedBacktestSpec,
} from './backtest-spec';
export type { BacktestResult, OpenPosition } from './result';
export type { BacktestStats } from './statistics';
export type { EquityCurve } from './equity-curve';
export type { OrderRecord, OrderLog } from './order-log';
export type { TradeLog } from './trade-log';
export type { RunHooks } from './run-series';
export { backtestResultToJson, statsToJson, jsonNumber } from './result-json';
export { resultJsonChunks } from './result-json-stream';
export { describeRejections, MIN_RETURN_OBSERVATIONS, type Rejections } from './result-warnings';
export { Engine, type EngineConfig } from './engine';
export { brokerProduct, type Product } from './product';
export { runTimestep } from './timestep';
export { SimBroker, simBroker, type SimBrokerOptions } from './sim-broker';
export {
  isSimulatedBroker,
  type BrokerContext,
  type BrokerFactory,
  type BrokerListener,
  type BrokerPort,
  type SimulatedBroker,
} from './broker-port';
export {
  restoreEngineState,
  snapshotEngine,
  type EngineSnapshot,
  type OrderSnapshot,
  type PositionSnapshot,
} from './restore';
export type { TradeState } from './portfolio';
export { SQUARE_OFF_MINUTE } from './square-off';
export { parseSlippage, type Slippage } from './slippage';
export {
  chooseBest,
  expandGrid,
  isRankMetric,
  parseSweep,
  planGrid,
  RANK_METRICS,
  rankBy,
  rankResults,
  type ParamSpace,
  type PlannedPoint,
  type RankMetric,
  type SweepAxis,
} from './sweep';
export {
  foldEdges,
  foldRunWindows,
  minTestBars,
  parseWalkForward,
  planFolds,
  planWalkForward,
  stitchOutOfSample,
  timeFolds,
  type Fold,
  type FoldWindow,
  type OutOfSample,
  type TimedFold,
  type WalkForwardPlan,
} from './walk-forward';
export { parseTimeBound, lowerBound } from '../core/time-window';
export { riskFreePerBar, sharpeRatio } from './statistics';
export type { EquitySummary } from './equity-recorder';
