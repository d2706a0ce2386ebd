// The frame around every page: a header (kill switch, live-link state, who is signed in, theme,
// sign out) and the navigation — a sidebar on a desktop, a menu button on a phone.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onSocketState, type SocketState } from '../api/client';
import { setSession, type Session } from '../api/session';
import { KillSwitchControl } from './kill-switch/kill-switch-control';
import { preloadPage } from './lazy-page';
import type { PageDef } from './pages';
import { href } from './router';
import type { Theme } from './theme';

interface LayoutProps {
  pages: PageDef[];
  current: string | undefined;
  session: Session;
  theme: Theme;
  onToggleTheme: () => void;
  children: ComponentChildren;
}

const SOCKET_TEXT: Record<SocketState, string> = { idle: '', connecting: 'connecting…', open: 'live' };

export function Layout({ pages, current, session, theme, onToggleTheme, children }: LayoutProps) {
  const [socket, setSocket] = useState<SocketState>('idle');
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => onSocketState(setSocket), []);
  // A phone's menu closes once a page is chosen.
  useEffect(() => setMenuOpen(false), [current]);
  const preload = (page: PageDef) => () => void preloadPage(page).catch(() => undefined);
  return (
    <div class="shell">
      <header class="topbar">
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          ☰ Menu
        </button>
        <span class="brand">QuantTrade</span>
        <KillSwitchControl session={session} />
        <span class="spacer" />
        <span class="who" aria-live="polite">
          {SOCKET_TEXT[socket] && (
            <span class={socket === 'open' ? 'ok' : 'warn'}>● {SOCKET_TEXT[socket]}</span>
          )}
        </span>
        <span class="who" title={session.user.email}>
          {session.user.email} ({session.user.role})
        </span>
        <button
          type="button"
          onClick={onToggleTheme}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button type="button" onClick={() => setSession(null)}>
          Sign out
        </button>
      </header>
      <nav id="main-nav" class="sidebar" aria-label="Main" data-open={menuOpen}>
        {pages.map((p) => (
          <a
            key={p.id}
            href={href(p.id)}
            aria-current={p.id === current ? 'page' : undefined}
            onPointerEnter={preload(p)}
            onFocus={preload(p)}
          >
            {p.title}
          </a>
        ))}
      </nav>
      <main id="main">{children}</main>
    </div>
  );
}
