// promtool (Prometheus' rule checker), for test/daemon/alert-rules.test.ts. `.ci/run` unpacks it
// from Debian's `prometheus` package into the cache directory below (installing the package would
// start a Prometheus server); PROMTOOL or one on the PATH wins.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const PROMTOOL_CACHE = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'quanttrade',
  'promtool',
);

export function findPromtool(): string {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  const onPath = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  if (existsSync(PROMTOOL_CACHE)) return PROMTOOL_CACHE;
  throw new Error(
    `promtool not found: run .ci/run (it unpacks Debian's prometheus package into ${PROMTOOL_CACHE}), install the prometheus package, or set PROMTOOL`,
  );
}
