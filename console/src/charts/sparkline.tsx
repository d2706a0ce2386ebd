// A small live line (event-loop lag, heap): a uPlot with no axes or legend.
import type uPlot from 'uplot';
import { istDate, UplotChart } from './uplot-chart';

interface SparklineProps {
  times: number[];
  values: number[];
  color: string;
  label: string;
}

const options = (color: string): Omit<uPlot.Options, 'width' | 'height'> => ({
  legend: { show: false },
  cursor: { show: false },
  axes: [{ show: false }, { show: false }],
  tzDate: istDate,
  scales: { x: { time: true } },
  // A line needs two samples: until then the first one shows as a dot rather than nothing.
  series: [
    {},
    { stroke: color, width: 1.5, fill: `${color}22`, points: { show: (u) => u.data[0].length < 3, size: 6 } },
  ],
});

export function Sparkline({ times, values, color, label }: SparklineProps) {
  return <UplotChart options={options(color)} data={[times, values]} height={48} label={label} />;
}
