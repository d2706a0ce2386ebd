// Every `quanttrade` sub-command, in the order `quanttrade --help` lists them. Keep `load` lazy.
import type { CommandEntry } from '../command';

// One line per command, so that each domain adds its command with a one-line edit.
// prettier-ignore
export const commands: CommandEntry[] = [
  { name: 'start', summary: 'Run the daemon (API, console, jobs); --help lists every option', load: () => import('./start') },
  { name: 'migrate', summary: 'Apply pending database migrations (--status lists them)', load: () => import('./migrate') },
  { name: 'user', summary: 'Add users, change roles, disable accounts, create API tokens', load: () => import('./user') },
  { name: 'data', summary: 'Market data: import CSV, fetch (Yahoo, Dhan), synth, check quality, list', load: () => import('./data') },
  { name: 'broker', summary: 'Broker accounts: add Dhan credentials, set the daily token, connect, status, keys', load: () => import('./broker') },
  { name: 'dev', summary: 'Developer tools: dev dhan-fake runs a local Dhan (REST, feed, order updates) to try the link', load: () => import('./dev') },
  { name: 'backup', summary: 'Back up the database while the daemon runs (embedded or DATABASE_URL)', load: () => import('./backup') },
  { name: 'restore', summary: 'Restore a backup into a stopped installation (quanttrade restore FILE)', load: () => import('./restore') },
  { name: 'risk', summary: 'Risk profiles, trading states, violations, sizing, portfolio risk (--help)', load: () => import('./risk') },
  { name: 'kill', summary: 'Engage or release a kill switch (global, --account, --deployment); kill status', load: () => import('./kill') },
  { name: 'backtest', summary: 'Backtest a strategy on a CSV or stored bars; sweeps and walk-forward (--help)', load: () => import('./backtest') },
  { name: 'paper', summary: 'Paper-trade a strategy on replayed stored bars or the synthetic feed, through the ledger (--help)', load: () => import('./paper') },
  { name: 'deploy', summary: 'Deployments: create, start, stop, pause, resume, list, show (--help)', load: () => import('./deploy') },
  { name: 'orders', summary: 'Orders of the ledger: list with filters, show one with its events and fills, cancel', load: () => import('./orders') },
  { name: 'positions', summary: 'Positions per deployment or account with realised, unrealised and day P&L', load: () => import('./positions') },
  { name: 'drift', summary: "Drift report: a deployment's day against its backtest (--deployment N --date D)", load: () => import('./drift') },
  { name: 'strategy', summary: 'Your own strategy code: init a file, push it to the daemon, list, show, diff', load: () => import('./strategy') },
  { name: 'export', summary: 'Export backtest results or stored bars as CSV or Parquet (--help)', load: () => import('./export') },
  { name: 'reader', summary: 'Enable or disable the read-only SQL login for pandas, psql and BI tools', load: () => import('./reader') },
];
