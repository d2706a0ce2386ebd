// uPlot in a component, the way STYLE.md §18 asks: the plot is built once on mount, new data
// goes through setData, a ResizeObserver drives setSize, and the plot is destroyed on unmount.
// Options are read once: a parent that changes the series list (say, a third curve in an
// overlay) gives the chart a new `key` so it is built again.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UplotChartProps {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
}

export function UplotChart({ options, data, height, label }: UplotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const u = new uPlot({ ...options, width: Math.max(el.clientWidth, 120), height }, data, el);
    plot.current = u;
    const observer = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 120), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Built once: see the note above about `key`.
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={host} class="chart" role="img" aria-label={label} />;
}

/** Axis and grid colours readable on both themes, so a theme switch needs no rebuild. */
export const AXIS: uPlot.Axis = {
  stroke: '#8d96a0',
  grid: { stroke: 'rgba(128,128,128,0.15)', width: 1 },
  ticks: { stroke: 'rgba(128,128,128,0.25)', width: 1 },
};

/** Time axes read in IST, the exchange's clock, whatever the browser's time zone. */
export const istDate = (ts: number): Date => uPlot.tzDate(new Date(ts * 1e3), 'Asia/Kolkata');

export const PALETTE = ['#2f81f7', '#e8730c', '#3fb950', '#d2a8ff', '#f85149', '#db61a2', '#39c5cf'];
