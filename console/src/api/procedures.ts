// Which procedures this daemon serves (system.procedures), fetched once per session and shared:
// pages and header controls whose API may not exist yet (the kill switch before the risk API,
// later the trading and broker pages) ask here instead of calling and failing.
import { useEffect, useState } from 'preact/hooks';
import { api } from './client';
import { getSession } from './session';

let known: { token: string; paths: Promise<Set<string>> } | undefined;

/** The procedure paths the daemon serves (empty when the list cannot be read). */
export function procedurePaths(): Promise<Set<string>> {
  const token = getSession()?.token ?? '';
  if (!known || known.token !== token) {
    const paths = api.system.procedures.query().then(
      (list) => new Set(list.map((p) => p.path)),
      () => {
        known = undefined;
        return new Set<string>();
      },
    );
    known = { token, paths };
  }
  return known.paths;
}

/** The set of served procedure paths, or undefined while it loads. */
export function useProcedures(): Set<string> | undefined {
  const [paths, setPaths] = useState<Set<string>>();
  useEffect(() => {
    let stale = false;
    void procedurePaths().then((p) => !stale && setPaths(p));
    return () => {
      stale = true;
    };
  }, []);
  return paths;
}
