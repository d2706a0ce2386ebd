// A clock for feeds and pipelines that runs `speed` times faster than the wall clock from a
// chosen start (a synthetic session outside market hours, a bench of ten simulated minutes),
// or, with speed 'max', jumps straight to each wake-up time. `wallStart` is the wall time at
// which it reads `start` (default now): processes given the same one share the market time.
import type { SourceClock } from '../../broker/feeds/feed-source';

export function scaledClock(start: number, speed: number | 'max', wallStart = Date.now()): SourceClock {
  if (speed === 'max') return eventClock(start);
  return {
    now: () => start + (Date.now() - wallStart) * speed,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / speed))),
  };
}

/**
 * Simulated time shared by several sleepers (a feed and a pipeline): time jumps to the earliest
 * wake-up once the event loop has run what was ready, so no sleeper's time races another's.
 */
function eventClock(start: number): SourceClock {
  let now = start;
  const waiters: { due: number; resolve: () => void }[] = [];
  let scheduled = false;
  const wake = () => {
    scheduled = false;
    if (waiters.length === 0) return;
    waiters.sort((a, b) => a.due - b.due);
    now = Math.max(now, waiters[0]!.due);
    while (waiters.length && waiters[0]!.due <= now) waiters.shift()!.resolve();
  };
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        waiters.push({ due: now + Math.max(0, ms), resolve });
        if (!scheduled) {
          scheduled = true;
          setImmediate(wake);
        }
      }),
  };
}
