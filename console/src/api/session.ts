// The signed-in session: the short-lived token lives in memory and in sessionStorage (so a
// reload keeps the tab signed in, and closing the tab forgets it) — never in localStorage.
import { useEffect, useState } from 'preact/hooks';

export type Role = 'admin' | 'operator' | 'viewer';

export interface Session {
  token: string;
  expiresAt: string;
  user: { id: number; email: string; role: Role };
}

const KEY = 'quanttrade.session';
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return saved && Date.parse(saved.expiresAt) > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

let current: Session | null = load();

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function useSession(): Session | null {
  const [session, setState] = useState(current);
  useEffect(() => {
    const listener = () => setState(current);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return session;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether the signed-in user holds at least `role` (the daemon enforces it again). */
export function hasRole(session: Session | null, role: Role): boolean {
  return session !== null && RANK[session.user.role] >= RANK[role];
}
