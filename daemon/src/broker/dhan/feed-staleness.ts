// The staleness clock: while the market is open, every instrument's last-tick age is checked a few
// times per threshold; past the threshold the symbol is marked stale (the risk gate refuses new
// entries on it) and listeners are told, once. A connection that carries instruments but has
// delivered no frame for the threshold is replaced — the "connected but silent" socket peers
// report is caught within the threshold, not hours later. Outside market hours nothing is
// expected to tick, so nothing is marked.
import { nseCalendar } from '../../core/calendar/trading-calendar';
import type { StalenessChange } from '../tick-source';
import type { InstrumentState } from './feed-ticks';

export interface StalenessClockOptions {
  /** Age after which a symbol is stale (default 30 s). */
  staleAfterMs: number;
  /** How often ages are checked (default a quarter of the threshold, at most 1 s). */
  checkEveryMs: number;
  /** Open time of the session in progress at `now`, or undefined when the market is closed. */
  sessionOpen: (now: number) => number | undefined;
}

export interface FeedConnectionView {
  keys: number;
  lastFrameAt: number;
  open: boolean;
  restart(reason: string): void;
}

/** NSE's regular session from the trading calendar (09:15–15:30 IST on trading days). */
export function nseSessionOpen(now: number): number | undefined {
  return nseCalendar.sessionAt(now)?.open;
}

export function startStalenessClock(
  options: Partial<StalenessClockOptions> & {
    instruments: () => Iterable<InstrumentState>;
    connections: () => FeedConnectionView[];
    onChange(change: StalenessChange): void;
  },
) {
  const staleAfter = options.staleAfterMs ?? 30_000;
  const every = options.checkEveryMs ?? Math.min(1000, Math.max(50, staleAfter / 4));
  const sessionOpen = options.sessionOpen ?? nseSessionOpen;

  function check(now: number) {
    const open = sessionOpen(now);
    if (open === undefined) return;
    for (const s of options.instruments()) {
      if (s.stale) continue;
      const age = now - Math.max(s.lastTickAt, s.subscribedAt, open);
      if (age > staleAfter) {
        s.stale = true;
        options.onChange({ symbol: s.symbol, stale: true, ageMs: age });
      }
    }
    for (const c of options.connections()) {
      if (!c.open || c.keys === 0) continue;
      const quiet = now - Math.max(c.lastFrameAt, open);
      if (quiet > staleAfter) c.restart(`no data for ${Math.round(quiet / 1000)} s while the market is open`);
    }
  }

  const timer = setInterval(() => check(Date.now()), every);
  timer.unref();
  return {
    check,
    stop: () => clearInterval(timer),
  };
}
