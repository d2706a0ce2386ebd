// The console: the login page until there is a session, then the layout and the routed page.
import type { ComponentType } from 'preact';
import { hasRole, useSession, type Role } from '../api/session';
import { LoginPage } from '../pages/login-page';
import { BacktestsPage } from '../pages/backtests/backtests-page';
import { DatabasePage } from '../pages/database/database-page';
import { ExplorerPage } from '../pages/explorer/explorer-page';
import { OverviewPage } from '../pages/overview/overview-page';
import { StrategiesPage } from '../pages/strategies/strategies-page';
import { Layout } from './layout';
import { useRoute } from './router';
import { useTheme } from './theme';

export interface PageDef {
  id: string;
  title: string;
  role: Role;
  component: ComponentType<{ params: string[] }>;
}

export const PAGES: PageDef[] = [
  { id: 'overview', title: 'Overview', role: 'viewer', component: OverviewPage },
  { id: 'backtests', title: 'Backtests', role: 'viewer', component: BacktestsPage },
  { id: 'strategies', title: 'Strategies', role: 'viewer', component: StrategiesPage },
  { id: 'explorer', title: 'API explorer', role: 'viewer', component: ExplorerPage },
  // Admin only: the daemon refuses database.* to anyone else; the console does not offer it.
  { id: 'database', title: 'Database', role: 'admin', component: DatabasePage },
];

export function App() {
  const session = useSession();
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  if (!session) return <LoginPage theme={theme} onToggleTheme={toggleTheme} />;
  const pages = PAGES.filter((p) => hasRole(session, p.role));
  const page = pages.find((p) => p.id === route.page);
  const Page = page?.component;
  return (
    <Layout pages={pages} current={page?.id} session={session} theme={theme} onToggleTheme={toggleTheme}>
      {Page ? (
        <Page params={route.params} />
      ) : (
        <p role="alert">
          There is no page “{route.page}” for your role. <a href="#/overview">Back to the overview</a>
        </p>
      )}
    </Layout>
  );
}
