// trading.pnl: the caller's P&L summary, sent when it changed. It is read again as soon as a fill
// or position event of the caller's arrives, and otherwise every `intervalSeconds` (marks move
// unrealised P&L without an event: they come with every tick and are not announced).
import type { PoolClient } from '../../db/pool';
import { visibleTo, type EventBus } from '../../events/event-bus';
import { tradingSummary, type TradingSummary } from '../../trading/index';

export interface PnlStreamOptions {
  bus: EventBus;
  user: { id: number; role: string };
  asUser<T>(fn: (db: PoolClient) => Promise<T>): Promise<T>;
  signal?: AbortSignal;
  deploymentId?: number;
  brokerAccountId?: number;
  intervalSeconds: number;
}

export async function* pnlStream(o: PnlStreamOptions): AsyncGenerator<TradingSummary & { at: string }> {
  let wake: (() => void) | undefined;
  let dirty = false;
  const visible = visibleTo(o.user);
  const unsubscribe = o.bus.subscribe(['trading.fill', 'trading.position'], (e) => {
    if (!visible(e)) return;
    dirty = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  o.signal?.addEventListener('abort', onAbort);
  try {
    let last = '';
    while (!o.signal?.aborted) {
      dirty = false;
      const summary = await o.asUser((db) => tradingSummary(db, o));
      const key = JSON.stringify(summary);
      if (key !== last) {
        last = key;
        yield { ...summary, at: new Date().toISOString() };
      }
      if (dirty || o.signal?.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.intervalSeconds * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    o.signal?.removeEventListener('abort', onAbort);
  }
}
