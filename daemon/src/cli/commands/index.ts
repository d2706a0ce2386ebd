// Every `quanttrade` command, in the order `quanttrade --help` lists them. Each file here exports
// `command`, made with defineCommand or defineGroup (../command.ts; docs/development.md,
// "Commands"); the framework gives it help, parsing, validation and exit codes. Keep `load` lazy.
import type { CommandEntry } from '../command';

// One line per command, so that each domain adds its command with a one-line edit.
// prettier-ignore
export const commands: CommandEntry[] = [
  { name: 'start', summary: 'Run the daemon: database, migrations, job queue, API and console', load: () => import('./start') },
  { name: 'migrate', summary: 'Apply pending database migrations (--status lists them)', load: () => import('./migrate') },
  { name: 'user', summary: 'Accounts: add users, change roles, disable them, reset passwords, create API tokens', load: () => import('./user') },
  { name: 'data', summary: 'Market data in the bar store: import, fetch, synth, check, list, instruments', load: () => import('./data') },
  { name: 'broker', summary: 'Broker accounts: add Dhan credentials, set the daily token, connect, status, keys', load: () => import('./broker') },
  { name: 'dev', summary: 'Developer tools: dev dhan-fake runs a local Dhan (REST, feed, order updates) to try the link', load: () => import('./dev') },
  { name: 'backup', summary: 'Back up the database while the daemon runs (embedded or DATABASE_URL)', load: () => import('./backup') },
  { name: 'restore', summary: 'Restore a backup into a stopped installation (quanttrade restore FILE)', load: () => import('./restore') },
  { name: 'risk', summary: 'Risk profiles, trading states, violations, sizing, portfolio risk', load: () => import('./risk') },
  { name: 'kill', summary: 'Engage or release a kill switch (global, --account, --deployment); kill status', load: () => import('./kill') },
  { name: 'backtest', summary: 'Backtest a strategy on a CSV or stored bars; sweeps and walk-forward', load: () => import('./backtest') },
  { name: 'paper', summary: 'Paper-trade a strategy on replayed stored bars or the synthetic feed, through the ledger', load: () => import('./paper') },
  { name: 'deploy', summary: 'Deployments: create, start, stop, pause, resume, list, show', load: () => import('./deploy') },
  { name: 'orders', summary: 'Orders of the ledger: list with filters, show one with its events and fills, cancel', load: () => import('./orders') },
  { name: 'positions', summary: 'Positions per deployment or account with realised, unrealised and day P&L', load: () => import('./positions') },
  { name: 'drift', summary: "Drift report: a deployment's day against its backtest (--deployment N --date D)", load: () => import('./drift') },
  { name: 'strategy', summary: 'Your own strategy code: init a file, push it to the daemon, list, show, diff', load: () => import('./strategy') },
  { name: 'export', summary: "Export backtest results, a deployment's fills and EOD reports, or stored bars as CSV or Parquet files", load: () => import('./export') },
  { name: 'reader', summary: 'The read-only SQL login for pandas, psql and BI tools: enable, disable, status', load: () => import('./reader') },
];
