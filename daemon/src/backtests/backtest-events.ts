// The backtest service's events on the bus (events/event-map.ts): one event per change a
// watcher cares about — claimed, progress (at most every 250 ms), finished — each with the
// owner, so only the owner (and admins) receive it. Events are hints; the row is the truth.
import type { EventBus } from '../events/event-bus';
import type { BacktestStatus } from './backtest-store';

export interface BacktestProgressEvent {
  backtestId: number;
  parentId: number | null;
  status: BacktestStatus;
  /** 0..100 */
  percent: number;
  barsPerSecond: number | null;
}

declare module '../events/event-map' {
  interface EventMap {
    'backtest.progress': BacktestProgressEvent;
  }
}

export function publishProgress(bus: EventBus, ownerId: number, event: BacktestProgressEvent): Promise<void> {
  return bus.publish('backtest.progress', event, { ownerId });
}
