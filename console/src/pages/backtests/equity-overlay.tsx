// Two or more backtests' equity curves on one chart, each as a return from its own start.
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { AXIS, istDate, PALETTE, UplotChart } from '../../charts/uplot-chart';
import { alignCurves, type Curve } from './series-align';

export function EquityOverlay({ curves }: { curves: Curve[] }) {
  const data = useMemo(() => {
    const aligned = alignCurves(curves);
    return [aligned.times, ...aligned.series] as uPlot.AlignedData;
  }, [curves]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      tzDate: istDate,
      scales: { x: { time: true } },
      axes: [AXIS, { ...AXIS, size: 60, values: (_u, ticks) => ticks.map((v) => `${v.toFixed(0)}%`) }],
      series: [
        {},
        ...curves.map((c, i) => ({
          label: c.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          spanGaps: true,
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${v.toFixed(2)}%`),
        })),
      ],
    }),
    [curves],
  );
  // A different set of curves means a different series list: rebuild the plot (see UplotChart).
  const key = curves.map((c) => c.label).join('|');
  return (
    <UplotChart
      key={key}
      options={options}
      data={data}
      height={300}
      label={`Equity of ${curves.map((c) => c.label).join(', ')} as percent returns`}
    />
  );
}
