// A small ring of the latest warnings and errors, for the console's overview
// (system.recentErrors). It reads the JSON lines the logger writes, so what it holds has already
// been redacted.

export interface RecentLog {
  at: string;
  level: 'warn' | 'error' | 'fatal';
  msg: string;
  module?: string;
  err?: string;
}

export interface RecentLogs {
  ingest(line: string): void;
  /** Newest first. */
  list(): RecentLog[];
  /** Warnings and errors ingested so far (the heartbeat carries it: a change means new entries). */
  count(): number;
}

const LEVELS: Record<number, RecentLog['level']> = { 40: 'warn', 50: 'error', 60: 'fatal' };

export function createRecentLogs(capacity = 100): RecentLogs {
  const ring: RecentLog[] = [];
  let ingested = 0;
  return {
    ingest(text) {
      // Cheap test first: most lines are info or debug.
      if (!text.includes('"level":4') && !text.includes('"level":5') && !text.includes('"level":6')) return;
      for (const line of text.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          const level = LEVELS[entry.level as number];
          if (!level) continue;
          const err = entry.err as { message?: string } | string | undefined;
          ring.push({
            at: new Date(entry.time as number).toISOString(),
            level,
            msg: String(entry.msg ?? ''),
            module: typeof entry.module === 'string' ? entry.module : undefined,
            err: typeof err === 'string' ? err : err?.message,
          });
          ingested++;
          if (ring.length > capacity) ring.shift();
        } catch {
          // not a log line
        }
      }
    },
    list: () => [...ring].reverse(),
    count: () => ingested,
  };
}
