// A hash router: '#/backtests/12' → { page: 'backtests', params: ['12'] }. Hash routes work the
// same from the daemon, from the Vite dev server and from a file, with no server fallback rules.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  page: string;
  params: string[];
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'overview', params: parts.slice(1) };
}

export function href(page: string, ...params: (string | number)[]): string {
  return `#/${[page, ...params.map((p) => encodeURIComponent(String(p)))].join('/')}`;
}

export function navigate(page: string, ...params: (string | number)[]): void {
  location.hash = href(page, ...params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
