// Progress of market-data ingests on the event bus (events/event-map.ts). Small hints only; the
// market_ingests row is the truth, re-read it for details (errors, bad lines).
import type { EventBus } from '../events/event-bus';

export type IngestStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface IngestEvent {
  ingestId: number;
  status: IngestStatus;
  /** 0..1 */
  progress: number;
  barsWritten: number;
}

declare module '../events/event-map' {
  interface EventMap {
    'market.ingest': IngestEvent;
  }
}

export function publishIngest(bus: EventBus, ownerId: number | null, event: IngestEvent): Promise<void> {
  return bus.publish('market.ingest', event, ownerId === null ? {} : { ownerId });
}
