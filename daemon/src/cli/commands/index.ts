// Every `quanttrade` sub-command, in the order `quanttrade --help` lists them. Keep `load` lazy.
import type { CommandEntry } from '../command';

// One line per command, so that each domain adds its command with a one-line edit.
// prettier-ignore
export const commands: CommandEntry[] = [
  { name: 'start', summary: 'Run the daemon (API, console, jobs); --help lists every option', load: () => import('./start') },
  { name: 'migrate', summary: 'Apply pending database migrations (--status lists them)', load: () => import('./migrate') },
  { name: 'user', summary: 'Add users, change roles, disable accounts, create API tokens', load: () => import('./user') },
  { name: 'data', summary: 'Market data: import CSV, fetch (Yahoo, Dhan), synth, check quality, list', load: () => import('./data') },
  { name: 'backup', summary: 'Back up the database while the daemon runs (embedded or DATABASE_URL)', load: () => import('./backup') },
  { name: 'restore', summary: 'Restore a backup into a stopped installation (quanttrade restore FILE)', load: () => import('./restore') },
  { name: 'backtest', summary: 'Backtest a strategy on a CSV or stored bars; sweeps and walk-forward (--help)', load: () => import('./backtest') },
];
