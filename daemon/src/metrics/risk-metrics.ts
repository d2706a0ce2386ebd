// Risk instruments: denials by rule (every order the gate refused, counted per limit crossed),
// soft-limit warnings from the portfolio scan, trading-state changes, engaged kill switches as
// this daemon knows them, and the portfolio figures of the last scan per broker account.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RiskMetrics {
  denials: Counter<'rule'>;
  warnings: Counter<'rule'>;
  stateChanges: Counter<'to'>;
  killSwitchesEngaged: Gauge<'scope'>;
  exposure: Gauge<'account' | 'kind'>;
  leverage: Gauge<'account'>;
  valueAtRisk: Gauge<'account' | 'confidence'>;
  expectedShortfall: Gauge<'account' | 'confidence'>;
  drawdown: Gauge<'account'>;
  scanDuration: Histogram;
}

export function createRiskMetrics(registry: Registry): RiskMetrics {
  const r = [registry];
  return {
    denials: new Counter({
      name: 'quanttrade_risk_denials_total',
      help: 'Orders the pre-trade gate denied, per rule crossed',
      labelNames: ['rule'],
      registers: r,
    }),
    warnings: new Counter({
      name: 'quanttrade_risk_warnings_total',
      help: 'Soft-limit warnings raised by the portfolio scan, per limit',
      labelNames: ['rule'],
      registers: r,
    }),
    stateChanges: new Counter({
      name: 'quanttrade_risk_trading_state_changes_total',
      help: 'Trading-state changes recorded by this daemon, by new state',
      labelNames: ['to'],
      registers: r,
    }),
    killSwitchesEngaged: new Gauge({
      name: 'quanttrade_risk_kill_switches_engaged',
      help: 'Kill switches engaged, by scope, as this daemon last read them',
      labelNames: ['scope'],
      registers: r,
    }),
    exposure: new Gauge({
      name: 'quanttrade_risk_exposure_rupees',
      help: 'Portfolio exposure at the last scan, by broker account and kind (gross, net, long, short)',
      labelNames: ['account', 'kind'],
      registers: r,
    }),
    leverage: new Gauge({
      name: 'quanttrade_risk_leverage_ratio',
      help: 'Gross exposure over capital at the last scan, by broker account',
      labelNames: ['account'],
      registers: r,
    }),
    valueAtRisk: new Gauge({
      name: 'quanttrade_risk_var_rupees',
      help: '1-day historical value at risk at the last scan, by broker account and confidence',
      labelNames: ['account', 'confidence'],
      registers: r,
    }),
    expectedShortfall: new Gauge({
      name: 'quanttrade_risk_expected_shortfall_rupees',
      help: '1-day historical expected shortfall at the last scan, by broker account and confidence',
      labelNames: ['account', 'confidence'],
      registers: r,
    }),
    drawdown: new Gauge({
      name: 'quanttrade_risk_intraday_drawdown_rupees',
      help: "Fall of the day's P&L from its peak at the last scan, by broker account",
      labelNames: ['account'],
      registers: r,
    }),
    scanDuration: new Histogram({
      name: 'quanttrade_risk_scan_duration_seconds',
      help: 'Duration of risk.scan runs',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers: r,
    }),
  };
}
