// Caches token → user for a few seconds, so that a busy API client does not cost two queries per
// call. Changes (revocation, role, disable) clear it on every daemon via the 'auth.changed'
// event; the TTL bounds staleness if an event is lost.
import type { AuthUser } from './auth-service';

const MAX_ENTRIES = 10_000;

export interface CredentialCache {
  get(token: string, load: () => Promise<AuthUser | undefined>): Promise<AuthUser | undefined>;
  clear(): void;
}

export function createCredentialCache(options: { ttlMs: number }): CredentialCache {
  const entries = new Map<string, { until: number; value: Promise<AuthUser | undefined> }>();
  return {
    get(token, load) {
      const now = Date.now();
      const hit = entries.get(token);
      if (hit && hit.until > now) return hit.value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const value = load();
      entries.set(token, { until: now + options.ttlMs, value });
      // A failed lookup (database down) must not be remembered.
      value.catch(() => entries.delete(token));
      return value;
    },
    clear: () => entries.clear(),
  };
}
