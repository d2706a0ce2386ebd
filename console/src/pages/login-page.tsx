// Sign in with email and password: auth.login returns a short-lived session token.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { toCallError, type CallError } from '../api/error-message';
import { setSession } from '../api/session';
import type { Theme } from '../app/theme';
import { ErrorBox } from '../ui/error-box';

interface LoginPageProps {
  theme: Theme;
  onToggleTheme: () => void;
}

export function LoginPage({ theme, onToggleTheme }: LoginPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await api.auth.login.mutate({ email, password });
      const { id, email: signedIn, role } = result.user;
      setSession({ token: result.token, expiresAt: result.expiresAt, user: { id, email: signedIn, role } });
    } catch (err) {
      setError(toCallError(err));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="panel" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to QuantTrade</h1>
        <div class="field">
          <label for="login-email">
            Email
            <input
              id="login-email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
        </div>
        <div class="field">
          <label for="login-password">
            Password
            <input
              id="login-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
        </div>
        <ErrorBox error={error} />
        <div class="row">
          <button class="primary" type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <button type="button" onClick={onToggleTheme}>
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
        </div>
      </form>
    </main>
  );
}
