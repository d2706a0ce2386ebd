// The console's pages, one entry each. Every page is its own chunk, loaded the first time it is
// opened (or when its link is hovered or focused): the first screen downloads only the shell and
// the overview. Add a page with one entry here — see docs/console.md, "Adding a page".
//
// `requires` names a procedure the page needs: the navigation offers the page only when the
// daemon serves that procedure (system.procedures), so a page can ship before its API lands.
import type { ComponentType } from 'preact';
import type { Role } from '../api/session';

export interface PageProps {
  params: string[];
}

export interface PageDef {
  id: string;
  title: string;
  role: Role;
  /** A procedure path the page cannot work without (feature detection). */
  requires?: string;
  load: () => Promise<ComponentType<PageProps>>;
}

export const PAGES: PageDef[] = [
  {
    id: 'overview',
    title: 'Overview',
    role: 'viewer',
    load: () => import('../pages/overview/overview-page').then((m) => m.OverviewPage),
  },
  {
    id: 'trading',
    title: 'Trading',
    role: 'viewer',
    requires: 'deployments.list',
    load: () => import('../pages/trading/trading-page').then((m) => m.TradingPage),
  },
  {
    id: 'backtests',
    title: 'Backtests',
    role: 'viewer',
    load: () => import('../pages/backtests/backtests-page').then((m) => m.BacktestsPage),
  },
  {
    id: 'strategies',
    title: 'Strategies',
    role: 'viewer',
    load: () => import('../pages/strategies/strategies-page').then((m) => m.StrategiesPage),
  },
  {
    id: 'risk',
    title: 'Risk',
    role: 'viewer',
    requires: 'risk.catalogue',
    load: () => import('../pages/risk/risk-page').then((m) => m.RiskPage),
  },
  {
    id: 'broker',
    title: 'Broker',
    role: 'viewer',
    requires: 'broker.accounts',
    load: () => import('../pages/broker/broker-page').then((m) => m.BrokerPage),
  },
  {
    id: 'market',
    title: 'Market data',
    role: 'viewer',
    load: () => import('../pages/market/market-page').then((m) => m.MarketPage),
  },
  {
    id: 'notifications',
    title: 'Notifications',
    role: 'operator',
    requires: 'notifications.channels',
    load: () => import('../pages/notifications/notifications-page').then((m) => m.NotificationsPage),
  },
  {
    id: 'account',
    title: 'Users and tokens',
    role: 'viewer',
    load: () => import('../pages/account/account-page').then((m) => m.AccountPage),
  },
  {
    id: 'explorer',
    title: 'API explorer',
    role: 'viewer',
    load: () => import('../pages/explorer/explorer-page').then((m) => m.ExplorerPage),
  },
  // Admin only: the daemon refuses database.* to anyone else; the console does not offer it.
  {
    id: 'database',
    title: 'Database',
    role: 'admin',
    load: () => import('../pages/database/database-page').then((m) => m.DatabasePage),
  },
];
