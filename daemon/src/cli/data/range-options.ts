// The options several data commands share: which symbol, which bars, which days.
export const RANGE_OPTIONS = {
  symbol: { type: 'string', value: 'S', describe: 'the symbol: TCS, NSE:TCS or BSE:TCS' },
  timeframe: { type: 'string', value: 'TF', describe: 'bar length: 1m, 5m, 15m, 1h, 1d… (default 1d)' },
  from: { type: 'string', value: 'DATE', describe: 'first IST day, YYYY-MM-DD (or YYYY-MM-DD HH:MM)' },
  to: { type: 'string', value: 'DATE', describe: 'last IST day, inclusive' },
} as const;
