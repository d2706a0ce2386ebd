// Follows system.events: the latest heartbeat and health report, and a rolling window of
// event-loop lag and heap for the sparklines. The WebSocket client resubscribes by itself after
// the daemon restarts; the subscription's onStarted marks the stream live again.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { SystemEvent } from '../../../../daemon/src/api/routers/system';

type Heartbeat = Extract<SystemEvent, { type: 'system.heartbeat' }>['payload'];
type Health = Extract<SystemEvent, { type: 'system.health' }>['payload'];

/** Points kept per sparkline: about ten minutes at the daemon's 5 s heartbeat. */
export const WINDOW = 120;

export interface LiveSystem {
  heartbeat: Heartbeat | undefined;
  health: Health | undefined;
  /** Parallel arrays, seconds since the epoch (uPlot's time unit). */
  series: { times: number[]; lagMs: number[]; heapMb: number[] };
  live: boolean;
  error: string | undefined;
}

function push(list: number[], value: number): number[] {
  const next = list.length >= WINDOW ? list.slice(1) : list.slice();
  next.push(value);
  return next;
}

/**
 * The sparklines' history outlives the page: leaving the overview and coming back shows the last
 * ten minutes, not an empty chart that needs two heartbeats to draw a line.
 */
let kept: LiveSystem['series'] = { times: [], lagMs: [], heapMb: [] };

export function useSystemEvents(): LiveSystem {
  const [state, setState] = useState<LiveSystem>({
    heartbeat: undefined,
    health: undefined,
    series: kept,
    live: false,
    error: undefined,
  });
  useEffect(() => {
    const subscription = api.system.events.subscribe(undefined, {
      onStarted: () => setState((s) => ({ ...s, live: true, error: undefined })),
      onData: (event) =>
        setState((s) => {
          if (event.type === 'system.health') return { ...s, health: event.payload };
          const t = Date.parse(event.at) / 1000;
          // The opening heartbeat repeats the current state: do not draw it twice.
          if (s.series.times.at(-1) === t) return { ...s, heartbeat: event.payload };
          const series = {
            times: push(s.series.times, t),
            lagMs: push(s.series.lagMs, event.payload.eventLoopLagMs),
            heapMb: push(s.series.heapMb, event.payload.heapUsedBytes / 2 ** 20),
          };
          kept = series;
          return { ...s, heartbeat: event.payload, series };
        }),
      onError: (err) => setState((s) => ({ ...s, live: false, error: err.message })),
      onConnectionStateChange: (change) => {
        if (change.state !== 'pending') setState((s) => ({ ...s, live: false }));
      },
    });
    return () => subscription.unsubscribe();
  }, []);
  return state;
}
