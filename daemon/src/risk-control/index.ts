// risk-control: the risk domain's adapters — profiles, kill switches, trading states and verdict
// records in PostgreSQL, the per-daemon live gate the runner calls, and the risk.scan job.
export * from './live-risk-gate';
export * from './verdict-recorder';
export * from './kill-switch-store';
export * from './kill-switch-service';
export * from './profile-service';
export * from './profile-store';
export * from './profile-assignment';
export * from './trading-state-service';
export * from './trading-state-store';
export * from './violation-query';
export * from './portfolio-scan';
export * from './portfolio-series';
export { recordFunds } from './portfolio-store';
export * from './risk-actor';
export * from './risk-events';
export * from './risk-watch';
export * from './gate-restore';
