// The market.ingestProgress subscription: the ingest's current state, then its events until it
// ends (or the client goes away).
import { AppError } from '../core/errors';
import { visibleTo, type EventBus } from '../events/event-bus';
import type { Pool } from '../db/pool';
import type { IngestEvent } from './ingest-events';
import { getIngest } from './ingest-store';

export async function* ingestProgress({
  bus,
  pool,
  user,
  id,
  signal,
}: {
  bus: EventBus;
  pool: Pool;
  user: { id: number; role: string };
  id: number;
  signal?: AbortSignal;
}): AsyncGenerator<IngestEvent> {
  const mine = visibleTo(user);
  const pending: IngestEvent[] = [];
  let wake: (() => void) | undefined;
  // Subscribed before the row is read, so no event falls in between.
  const unsubscribe = bus.subscribe(['market.ingest'], (e) => {
    if (!mine(e) || e.payload.ingestId !== id) return;
    pending.push(e.payload);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  const ended = (status: string) => status === 'succeeded' || status === 'failed';
  try {
    const row = await getIngest(pool, id, user.role === 'admin' ? { admin: true } : { ownerId: user.id });
    if (!row) throw new AppError('NOT_FOUND', `market ingest ${id} does not exist`);
    yield { ingestId: row.id, status: row.status, progress: row.progress, barsWritten: row.barsWritten };
    if (ended(row.status)) return;
    while (!signal?.aborted) {
      if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      for (let event = pending.shift(); event; event = pending.shift()) {
        yield event;
        if (ended(event.status)) return;
      }
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
