// `quanttrade backtest`: its options, in the sections --help lists them under.
import type { OptionSpecs } from '../command';

const DATA = 'Data';
const STRATEGY = 'Strategy';
const ACCOUNT = 'Account and costs';
const OUTPUT = 'Output';
const OPTIMISE = 'Optimisation (runs on worker threads, one per core)';

export const BACKTEST_OPTIONS = {
  csv: {
    type: 'string',
    value: 'FILE',
    input: 'file',
    section: DATA,
    describe: 'bars: columns Date,Open,High,Low,Close,Volume (IST unless --timezone UTC)',
  },
  symbol: {
    type: 'string',
    value: 'NAME',
    section: DATA,
    describe:
      'with --csv: the name for its bars (default: the file name);\nwithout --csv: stored symbol(s) to test, comma-separated',
  },
  timeframe: {
    type: 'string',
    value: 'TF',
    section: DATA,
    describe:
      'bar length (1m, 5m, 1h, 1d…); with --csv inferred from the timestamps,\nfrom the bar store default 1d',
  },
  timezone: {
    type: 'string',
    value: 'IST|UTC',
    section: DATA,
    describe: 'zone of timestamps without an offset (default IST)',
  },
  'date-format': {
    type: 'string',
    value: 'FMT',
    section: DATA,
    describe: 'e.g. MM/DD/YYYY when dates are month-first',
  },
  from: {
    type: 'string',
    value: 'DATE',
    section: DATA,
    describe: 'first day traded: YYYY-MM-DD (IST) or an ISO date-time',
  },
  to: { type: 'string', value: 'DATE', section: DATA, describe: 'last day traded (inclusive)' },
  warmup: {
    type: 'string',
    value: 'N',
    section: DATA,
    describe:
      'bars before --from fed to the indicators without trading (default 0:\nindicators start cold at --from)',
  },
  strategy: {
    type: 'string',
    value: 'NAME',
    short: 's',
    section: STRATEGY,
    describe: 'a template (--list-strategies shows them with their parameters)',
  },
  'strategy-file': {
    type: 'string',
    value: 'FILE',
    input: 'file',
    section: STRATEGY,
    describe:
      'your own strategy (TypeScript or JavaScript, one module): compiled and run\nin the strategy sandbox (`quanttrade strategy init` writes one to start from;\ndocs/user-strategies.md)',
  },
  param: {
    type: 'string',
    value: 'KEY=VALUE',
    short: 'p',
    multiple: true,
    section: STRATEGY,
    describe: 'a parameter (repeatable), e.g. -p fast=10 -p slow=30',
  },
  'list-strategies': {
    type: 'boolean',
    section: STRATEGY,
    describe: 'list the templates and their parameters',
  },
  cash: { type: 'string', value: 'RUPEES', section: ACCOUNT, describe: 'initial cash (default 1000000)' },
  commission: {
    type: 'string',
    value: 'RATE',
    section: ACCOUNT,
    describe: 'percentage commission on every fill: 0.001 = 0.1 % of |qty|·price',
  },
  costs: {
    type: 'string',
    value: 'MODEL',
    section: ACCOUNT,
    describe:
      "india (default: Indian charges for each instrument's segment, equity at\n--product) | none | percent:<rate> | flat:<rupees> | india-delivery\n| india-intraday | india-futures | india-options",
  },
  slippage: {
    type: 'string',
    value: 'S',
    section: ACCOUNT,
    describe: 'none | ticks:<n> | bps:<n> (default none)',
  },
  product: {
    type: 'string',
    value: 'P',
    section: ACCOUNT,
    describe: 'delivery (long only) | intraday (shorts, square-off 15:20 IST)',
  },
  tick: {
    type: 'string',
    value: 'RUPEES',
    section: ACCOUNT,
    describe: "instrument tick size (default: the instrument master's with --symbol,\nelse 0.05)",
  },
  lot: {
    type: 'string',
    value: 'N',
    section: ACCOUNT,
    describe:
      "lot size (F&O); quantities must be multiples (default: the instrument\nmaster's with --symbol, else 1)",
  },
  'risk-free': {
    type: 'string',
    value: 'RATE',
    section: ACCOUNT,
    describe: 'annual risk-free rate for Sharpe and Sortino (default 0)',
  },
  json: {
    type: 'string',
    value: 'FILE',
    section: OUTPUT,
    describe: 'write the full result (stats, trades, orders, equity) as JSON',
  },
  html: {
    type: 'string',
    value: 'FILE',
    section: OUTPUT,
    describe: 'write a self-contained HTML report (charts, statistics, trades)',
  },
  'equity-points': {
    type: 'string',
    value: 'N',
    section: OUTPUT,
    describe: 'most points kept of the equity curve (default 2000)',
  },
  quiet: { type: 'boolean', short: 'q', section: OUTPUT, describe: 'no progress bar or summary table' },
  sweep: {
    type: 'string',
    value: 'KEY=A:B:STEP',
    multiple: true,
    section: OPTIMISE,
    describe: 'a parameter range (or KEY=v1,v2,…); repeat for a grid',
  },
  rank: {
    type: 'string',
    value: 'METRIC',
    section: OPTIMISE,
    describe:
      'sharpe | sortino | cagr | totalReturn | calmar | profitFactor | winRate\n| expectancy | finalValue | maxDrawdown (default sharpe)',
  },
  top: { type: 'string', value: 'N', section: OPTIMISE, describe: 'rows of the ranked table (default 20)' },
  'walk-forward': {
    type: 'string',
    value: 'train=N,test=M',
    section: OPTIMISE,
    describe:
      'optimise the --sweep grid on N bars, trade the best on the next M,\nroll forward by M; prints every fold and the stitched out-of-sample run',
  },
  workers: {
    type: 'string',
    value: 'N',
    section: OPTIMISE,
    describe: 'worker threads (default: the number of cores)',
  },
} as const satisfies OptionSpecs;

export const BACKTEST_USAGE = [
  '--csv FILE --strategy NAME [options]',
  '--symbol SYM[,SYM2…] --strategy NAME [options]',
  '--csv FILE --strategy-file ./my-strategy.ts [options]',
];

export const BACKTEST_DESCRIPTION =
  'Runs a backtest in this process (no daemon needed). With --csv, the bars come from the file and\n' +
  'no database is used; without it, --symbol reads stored bars from the database that\n' +
  "`quanttrade start` uses (QUANTTRADE_HOME's embedded PostgreSQL, DATABASE_URL, or --home and\n" +
  '--database-url here).';
