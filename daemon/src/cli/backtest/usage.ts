// `quanttrade backtest --help`.
export const BACKTEST_USAGE = `Usage: quanttrade backtest --csv FILE --strategy NAME [options]
       quanttrade backtest --symbol SYM[,SYM2…] --strategy NAME [options]
       quanttrade backtest --csv FILE --strategy-file ./my-strategy.ts [options]

Runs a backtest in this process (no daemon needed). With --csv, the bars come from the file and
no database is used; without it, --symbol reads stored bars from the database that
\`quanttrade start\` uses (QUANTTRADE_HOME's embedded PostgreSQL, or DATABASE_URL).

Data
  --csv FILE              bars: columns Date,Open,High,Low,Close,Volume (IST unless --timezone UTC)
  --symbol NAME           with --csv: the name for its bars (default: the file name);
                          without --csv: stored symbol(s) to test, comma-separated
  --timeframe TF          bar length (1m, 5m, 1h, 1d…); with --csv inferred from the timestamps,
                          from the bar store default 1d
  --timezone IST|UTC      zone of timestamps without an offset (default IST)
  --date-format FMT       e.g. MM/DD/YYYY when dates are month-first
  --from DATE, --to DATE  trading window: YYYY-MM-DD (IST, both inclusive) or ISO date-times
  --warmup N              bars before --from fed to the indicators without trading (default 0:
                          indicators start cold at --from)

Strategy
  --strategy, -s NAME     a template (--list-strategies shows them with their parameters)
  --strategy-file FILE    your own strategy (TypeScript or JavaScript, one module): compiled and run
                          in the strategy sandbox (\`quanttrade strategy init\` writes one to start from;
                          docs/user-strategies.md)
  --param, -p KEY=VALUE   a parameter (repeatable), e.g. -p fast=10 -p slow=30

Account and costs
  --cash RUPEES           initial cash (default 1000000)
  --commission RATE       percentage commission on every fill: 0.001 = 0.1 % of |qty|·price
  --costs MODEL           india (default: Indian charges for each instrument's segment, equity
                          at --product) | none | percent:<rate> | flat:<rupees> | india-delivery
                          | india-intraday | india-futures | india-options
  --slippage S            none | ticks:<n> | bps:<n> (default none)
  --product P             delivery (long only) | intraday (shorts, square-off 15:20 IST)
  --tick RUPEES           instrument tick size (default: the instrument master's with
                          --symbol, else 0.05)
  --lot N                 lot size (F&O); quantities must be multiples (default: the instrument
                          master's with --symbol, else 1)
  --risk-free RATE        annual risk-free rate for Sharpe and Sortino (default 0)

Output
  --json FILE             write the full result (stats, trades, orders, equity) as JSON
  --html FILE             write a self-contained HTML report (charts, statistics, trades)
  --equity-points N       most points kept of the equity curve (default 2000)
  --quiet, -q             no progress bar or summary table

Optimisation (runs on worker threads, one per core)
  --sweep KEY=A:B:STEP    a parameter range (or KEY=v1,v2,…); repeat for a grid
  --rank METRIC           sharpe | sortino | cagr | totalReturn | calmar | profitFactor | winRate
                          | expectancy | finalValue | maxDrawdown (default sharpe)
  --top N                 rows of the ranked table (default 20)
  --walk-forward train=N,test=M
                          optimise the --sweep grid on N bars, trade the best on the next M,
                          roll forward by M; prints every fold and the stitched out-of-sample run
  --workers N             worker threads (default: the number of cores)

Exit codes: 0 ok, 1 failure, 2 bad usage or input.`;
