// The console: the login page until there is a session, then the layout and the routed page,
// whose code loads on demand (app/pages.ts).
import { hasRole, useSession } from '../api/session';
import { useProcedures } from '../api/procedures';
import { LoginPage } from '../pages/login-page';
import { Layout } from './layout';
import { LazyPage } from './lazy-page';
import { PAGES } from './pages';
import { useRoute } from './router';
import { useTheme } from './theme';

export function App() {
  const session = useSession();
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  if (!session) return <LoginPage theme={theme} onToggleTheme={toggleTheme} />;
  return <SignedIn route={route} theme={theme} onToggleTheme={toggleTheme} />;
}

function SignedIn({
  route,
  theme,
  onToggleTheme,
}: {
  route: ReturnType<typeof useRoute>;
  theme: ReturnType<typeof useTheme>[0];
  onToggleTheme: () => void;
}) {
  const session = useSession()!;
  const procedures = useProcedures();
  const pages = PAGES.filter(
    (p) =>
      hasRole(session, p.role) && (!p.requires || procedures === undefined || procedures.has(p.requires)),
  );
  const page = pages.find((p) => p.id === route.page);
  const waiting = !page && procedures === undefined && PAGES.some((p) => p.id === route.page);
  return (
    <Layout pages={pages} current={page?.id} session={session} theme={theme} onToggleTheme={onToggleTheme}>
      {page ? (
        <LazyPage key={page.id} page={page} params={route.params} />
      ) : waiting ? (
        <p class="muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <p role="alert">
          There is no page “{route.page}” for your role. <a href="#/overview">Back to the overview</a>
        </p>
      )}
    </Layout>
  );
}
