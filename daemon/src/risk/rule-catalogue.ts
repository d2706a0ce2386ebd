// Every pre-trade rule, by its stable code: what it checks, which profile limit it reads, and
// how it treats an order that reduces a position. The codes are stored (risk_violations.rule),
// counted (quanttrade_risk_denials_total{rule}) and shown to users: never rename one. docs/risk.md
// lists them from this table (a test keeps the two in step).

export type RuleCategory = 'state' | 'input' | 'order' | 'price' | 'market' | 'exposure' | 'loss' | 'rate';

export interface RuleInfo {
  category: RuleCategory;
  /** One line for docs and messages. */
  summary: string;
  /** A profile may switch the rule off (disabledRules). Exchange and safety rules cannot be. */
  disableable: boolean;
  /**
   * An order that only reduces a position passes this rule (a stop-loss must never be blocked by
   * the loss limit it protects). Price, rate and exchange rules apply to every order.
   */
  exemptWhenReducing: boolean;
}

export const RULES = {
  kill_switch: {
    category: 'state',
    summary: 'a kill switch (global, account or deployment) is engaged: only its flatten orders pass',
    disableable: false,
    exemptWhenReducing: false,
  },
  trading_state: {
    category: 'state',
    summary: 'REDUCING lets only exposure-reducing orders pass; HALTED only protective exits',
    disableable: false,
    exemptWhenReducing: false,
  },
  invalid_order: {
    category: 'input',
    summary: 'quantity a positive integer, prices positive and given where the order type needs them',
    disableable: false,
    exemptWhenReducing: false,
  },
  missing_last_price: {
    category: 'input',
    summary: 'no last traded price for the symbol: the gate fails closed',
    disableable: false,
    exemptWhenReducing: false,
  },
  missing_funds: {
    category: 'input',
    summary: 'a limit is a share of capital but no funds figure is known: fails closed',
    disableable: false,
    exemptWhenReducing: true,
  },
  missing_pnl: {
    category: 'input',
    summary: "the day's P&L is unknown, so the loss limits cannot be checked: fails closed",
    disableable: false,
    exemptWhenReducing: true,
  },
  max_order_qty: {
    category: 'order',
    summary: 'units in one order at most maxOrderQty',
    disableable: true,
    exemptWhenReducing: true,
  },
  max_order_value: {
    category: 'order',
    summary: 'quantity × reference price of one order at most maxOrderValue',
    disableable: true,
    exemptWhenReducing: true,
  },
  lot_size: {
    category: 'order',
    summary: "quantity a whole number of the instrument's lots",
    disableable: false,
    exemptWhenReducing: false,
  },
  freeze_qty: {
    category: 'order',
    summary: "quantity at most the exchange's freeze quantity (slice larger orders)",
    disableable: false,
    exemptWhenReducing: false,
  },
  tick_size: {
    category: 'price',
    summary: "limit and trigger prices on the instrument's tick",
    disableable: false,
    exemptWhenReducing: false,
  },
  price_collar: {
    category: 'price',
    summary:
      'a limit price within ±priceCollarPercent of the last traded price (of the trigger for a stop-limit)',
    disableable: true,
    exemptWhenReducing: false,
  },
  stop_trigger_side: {
    category: 'price',
    summary:
      'a buy stop triggers above the last price, a sell stop below; a stop-limit’s limit on the far side of its trigger',
    disableable: false,
    exemptWhenReducing: false,
  },
  circuit_limit: {
    category: 'price',
    summary: "limit and trigger prices inside the day's circuit band, when the band is known",
    disableable: false,
    exemptWhenReducing: false,
  },
  stale_price: {
    category: 'price',
    summary: "no new exposure when the symbol's last tick is older than maxTickAgeSeconds",
    disableable: true,
    exemptWhenReducing: true,
  },
  market_closed: {
    category: 'market',
    summary:
      'orders only inside an exchange session (NSE calendar: holidays, special sessions; an uncovered year fails closed)',
    disableable: false,
    exemptWhenReducing: false,
  },
  after_square_off: {
    category: 'market',
    summary: 'no new intraday exposure from squareOffTime (IST) to the close',
    disableable: true,
    exemptWhenReducing: true,
  },
  cnc_short_sell: {
    category: 'market',
    summary: 'a delivery (CNC) sell at most the quantity held for delivery: no short selling',
    disableable: false,
    exemptWhenReducing: false,
  },
  max_position_value: {
    category: 'exposure',
    summary: 'value of the position in one symbol after the order at most maxPositionValue',
    disableable: true,
    exemptWhenReducing: true,
  },
  max_gross_exposure: {
    category: 'exposure',
    summary: 'sum of |position values| after the order at most maxGrossExposure',
    disableable: true,
    exemptWhenReducing: true,
  },
  max_net_exposure: {
    category: 'exposure',
    summary: '|long − short value| after the order at most maxNetExposure',
    disableable: true,
    exemptWhenReducing: true,
  },
  max_open_positions: {
    category: 'exposure',
    summary: 'symbols with a position after the order at most maxOpenPositions',
    disableable: true,
    exemptWhenReducing: true,
  },
  max_concentration: {
    category: 'exposure',
    summary: 'value in one symbol after the order at most maxConcentrationPercent of capital',
    disableable: true,
    exemptWhenReducing: true,
  },
  daily_loss: {
    category: 'loss',
    summary:
      "the day's loss (realised + unrealised) reaching dailyLossReduce → REDUCING, dailyLossHalt → HALTED",
    disableable: true,
    exemptWhenReducing: true,
  },
  drawdown: {
    category: 'loss',
    summary: "the fall from the day's P&L peak reaching drawdownReduce → REDUCING, drawdownHalt → HALTED",
    disableable: true,
    exemptWhenReducing: true,
  },
  orders_per_second: {
    category: 'rate',
    summary: 'orders in any 1 s window at most maxOrdersPerSecond',
    disableable: true,
    exemptWhenReducing: false,
  },
  orders_per_minute: {
    category: 'rate',
    summary: 'orders in any 60 s window at most maxOrdersPerMinute',
    disableable: true,
    exemptWhenReducing: false,
  },
  orders_per_day: {
    category: 'rate',
    summary: 'orders in the IST trading day at most maxOrdersPerDay (the daily trade-count cap)',
    disableable: true,
    exemptWhenReducing: true,
  },
  broker_rate_limit: {
    category: 'rate',
    summary: "the broker's own ceiling per account: 10 orders/s, 250/min, 1000/h, 7000/day (Dhan)",
    disableable: false,
    exemptWhenReducing: false,
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export const RULE_CODES = Object.keys(RULES) as RuleCode[];

export function isRuleCode(name: string): name is RuleCode {
  return Object.hasOwn(RULES, name);
}

/** Rules a profile may switch off. */
export const DISABLEABLE_RULES: readonly RuleCode[] = RULE_CODES.filter((c) => RULES[c].disableable);
