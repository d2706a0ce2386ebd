// The risk domain's public surface: the pre-trade gate and its rules, profiles (presets,
// validation, compiling), trading states, kill-switch decisions, position sizing and portfolio
// risk figures. Pure: no I/O, no clock — risk-control/ adds storage, events and the scan job.
export * from './rule-catalogue';
export * from './limits';
export * from './presets';
export * from './profile-validation';
export * from './compiled-profile';
export * from './risk-order';
export * from './violation';
export * from './trading-state';
export * from './kill-switch';
export * from './risk-gate';
export * from './stop-plan';
export * from './position-sizing';
export * from './portfolio-exposure';
export * from './historical-var';
export * from './soft-limits';
export type { ScopeKind, ScopeRecord } from './scope-runtime';
export { DHAN_ORDER_RATE_LIMITS, type BrokerRateLimits } from './rules/rate-rules';
