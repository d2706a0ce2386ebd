// The frame around every page: navigation, who is signed in, the live-link state, theme switch.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onSocketState, type SocketState } from '../api/client';
import { setSession, type Session } from '../api/session';
import { href } from './router';
import type { Theme } from './theme';

interface LayoutProps {
  pages: { id: string; title: string }[];
  current: string | undefined;
  session: Session;
  theme: Theme;
  onToggleTheme: () => void;
  children: ComponentChildren;
}

const SOCKET_TEXT: Record<SocketState, string> = { idle: '', connecting: 'connecting…', open: 'live' };

export function Layout({ pages, current, session, theme, onToggleTheme, children }: LayoutProps) {
  const [socket, setSocket] = useState<SocketState>('idle');
  useEffect(() => onSocketState(setSocket), []);
  return (
    <div class="shell">
      <nav class="sidebar" aria-label="Main">
        <div class="brand">QuantTrade</div>
        {pages.map((p) => (
          <a key={p.id} href={href(p.id)} aria-current={p.id === current ? 'page' : undefined}>
            {p.title}
          </a>
        ))}
        <div class="spacer" />
        <div class="who" aria-live="polite">
          {SOCKET_TEXT[socket] && (
            <span class={socket === 'open' ? 'ok' : 'warn'}>● {SOCKET_TEXT[socket]}</span>
          )}
        </div>
        <div class="who">
          {session.user.email} ({session.user.role})
        </div>
        <button
          type="button"
          onClick={onToggleTheme}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
        <button type="button" onClick={() => setSession(null)}>
          Sign out
        </button>
      </nav>
      <main id="main">{children}</main>
    </div>
  );
}
