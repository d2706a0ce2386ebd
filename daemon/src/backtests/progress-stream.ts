// The backtests.progress subscription's source: the run's current state first, then every
// progress event for it, ending after the final status. Events are hints (one published while a
// daemon's listener reconnects is lost), so a quiet stream re-reads the row every few seconds and
// never hangs on a finished run.
import type { PoolClient } from '../db/pool';
import type { BusEvent } from '../events/event-map';
import { visibleTo, type EventBus } from '../events/event-bus';
import type { BacktestProgressEvent } from './backtest-events';
import { FINISHED, getBacktest, type Backtest } from './backtest-store';

const REREAD_MS = 5000;

export interface ProgressStreamOptions {
  bus: EventBus;
  user: { id: number; role: string };
  asUser<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
  id: number;
  /** Also stream the children of a sweep or walk-forward run. */
  includeChildren: boolean;
  signal: AbortSignal | undefined;
}

function snapshot(b: Backtest): BacktestProgressEvent {
  return {
    backtestId: b.id,
    parentId: b.parentId,
    status: b.status,
    percent: b.percent,
    barsPerSecond: b.barsPerSecond,
  };
}

const same = (a: BacktestProgressEvent, b: BacktestProgressEvent) =>
  a.status === b.status && a.percent === b.percent;

export async function* progressStream(o: ProgressStreamOptions): AsyncGenerator<BacktestProgressEvent> {
  const mine = visibleTo(o.user);
  const wanted = (e: BusEvent<'backtest.progress'>) =>
    mine(e) && (e.payload.backtestId === o.id || (o.includeChildren && e.payload.parentId === o.id));
  // Our own signal, so that finishing (not only the client leaving) ends the bus subscription.
  const done = new AbortController();
  const stop = () => done.abort();
  o.signal?.addEventListener('abort', stop, { once: true });
  const stream = o.bus.stream(['backtest.progress'], { signal: done.signal, filter: wanted });
  const events = stream[Symbol.asyncIterator]();
  // Calling next() subscribes at once: nothing published between here and the read below is lost.
  let pending = events.next();
  try {
    let last = snapshot(await o.asUser((db) => getBacktest(db, o.id)));
    yield last;
    while (!FINISHED.includes(last.status) && !done.signal.aborted) {
      let timer: NodeJS.Timeout | undefined;
      const quiet = new Promise<'quiet'>(
        (resolve) => (timer = setTimeout(() => resolve('quiet'), REREAD_MS)),
      );
      const next = await Promise.race([pending, quiet]);
      clearTimeout(timer);
      if (next === 'quiet') {
        const now = snapshot(await o.asUser((db) => getBacktest(db, o.id)));
        if (!same(now, last)) yield (last = now);
        continue;
      }
      if (next.done) return;
      pending = events.next();
      yield next.value.payload;
      if (next.value.payload.backtestId === o.id) last = next.value.payload;
    }
  } finally {
    o.signal?.removeEventListener('abort', stop);
    done.abort();
  }
}
