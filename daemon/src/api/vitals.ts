// The daemon's heartbeat: uptime, event-loop delay, memory, queue depths and how many warnings
// and errors were logged, every few seconds, published locally as 'system.heartbeat' for
// system.events (the console's live sparklines, and its cue to reload the recent errors).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus';
import type { HeartbeatEvent, QueueDepthSnapshot } from '../events/event-map';

export interface Vitals {
  /** The latest heartbeat (computed now if none was published yet). */
  current(): HeartbeatEvent;
  stop(): void;
}

export function startVitals(options: {
  bus: EventBus;
  log: Logger;
  intervalMs: number;
  startedAt: number;
  readQueueDepths: () => Promise<QueueDepthSnapshot[]>;
  /** Warnings and errors logged so far (logging/recent-logs.ts); 0 when not counted. */
  warningsLogged?: () => number;
}): Vitals {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let queues: QueueDepthSnapshot[] = [];
  let last: HeartbeatEvent | undefined;

  const snapshot = (): HeartbeatEvent => {
    const memory = process.memoryUsage();
    const mean = Number.isFinite(histogram.mean) ? histogram.mean / 1e6 : 0;
    return {
      daemonId: options.bus.daemonId,
      uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000),
      eventLoopLagMs: Math.round(mean * 100) / 100,
      eventLoopLagP99Ms: Math.round((histogram.percentile(99) / 1e6) * 100) / 100,
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
      queues,
      warningsLogged: options.warningsLogged?.() ?? 0,
    };
  };

  const beat = async () => {
    queues = await options.readQueueDepths().catch(() => queues);
    last = snapshot();
    histogram.reset();
    await options.bus.publish('system.heartbeat', last, { scope: 'local' });
  };
  let beating = false;
  const timer = setInterval(() => {
    // A slow database must not pile up heartbeats.
    if (beating) return;
    beating = true;
    beat()
      .catch((err: Error) => options.log.debug({ err: err.message }, 'heartbeat failed'))
      .finally(() => (beating = false));
  }, options.intervalMs);
  timer.unref();

  return {
    current: () => last ?? snapshot(),
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
