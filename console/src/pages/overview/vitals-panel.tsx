// Event-loop lag and heap as live sparklines, with the latest values in figures.
import { Sparkline } from '../../charts/sparkline';
import { PALETTE } from '../../charts/uplot-chart';
import type { LiveSystem } from './use-system-events';

export function VitalsPanel({ series }: { series: LiveSystem['series'] }) {
  const lag = series.lagMs.at(-1);
  const heap = series.heapMb.at(-1);
  return (
    <div class="grid">
      <section class="panel" aria-labelledby="lag-title">
        <h2 id="lag-title">Event-loop lag</h2>
        <p class="big vital">{lag === undefined ? '—' : `${lag.toFixed(2)} ms`}</p>
        <Sparkline
          times={series.times}
          values={series.lagMs}
          color={PALETTE[0]!}
          label="Event-loop lag, recent history"
        />
      </section>
      <section class="panel" aria-labelledby="heap-title">
        <h2 id="heap-title">Heap used</h2>
        <p class="big vital">{heap === undefined ? '—' : `${heap.toFixed(1)} MB`}</p>
        <Sparkline
          times={series.times}
          values={series.heapMb}
          color={PALETTE[1]!}
          label="Heap used, recent history"
        />
      </section>
    </div>
  );
}
