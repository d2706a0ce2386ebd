// A backtest's equity curve and its drawdown below the running peak, on linked time axes.
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { AXIS, istDate, PALETTE, UplotChart } from '../../charts/uplot-chart';
import { formatNumber, formatRupeesCompact } from '../../ui/cell-text';

interface EquityChartsProps {
  /** Epoch milliseconds. */
  times: number[];
  equity: number[];
  /** Below the running peak as a positive fraction (0.25 = 25 %), the deepest in each span. */
  drawdown: number[];
  /** Buy-and-hold of the universe from the same start, rupees: drawn as a second line. */
  benchmark?: (number | null)[];
  /** Chart title (a walk-forward's stitched curve says so). */
  title?: string;
}

const sync = 'backtest-time';

const rupees = (_u: uPlot, v: number | null) => (v == null ? '—' : `₹${formatNumber(v)}`);

function equityOptions(withBenchmark: boolean): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    cursor: { sync: { key: sync } },
    tzDate: istDate,
    scales: { x: { time: true } },
    axes: [AXIS, { ...AXIS, size: 80, values: (_u, ticks) => ticks.map(formatRupeesCompact) }],
    series: [
      {},
      { label: 'Equity', stroke: PALETTE[0], width: 1.5, value: rupees },
      ...(withBenchmark
        ? [
            {
              label: 'Buy and hold',
              stroke: PALETTE[1],
              width: 1.25,
              dash: [6, 4],
              spanGaps: true,
              value: rupees,
            },
          ]
        : []),
    ],
  };
}

const drawdownOptions: Omit<uPlot.Options, 'width' | 'height'> = {
  cursor: { sync: { key: sync } },
  tzDate: istDate,
  scales: { x: { time: true } },
  axes: [AXIS, { ...AXIS, size: 80, values: (_u, ticks) => ticks.map((v) => `${v.toFixed(1)}%`) }],
  series: [
    {},
    {
      label: 'Drawdown',
      stroke: PALETTE[4],
      fill: 'rgba(248,81,73,0.18)',
      width: 1,
      value: (_u, v) => (v == null ? '—' : `${v.toFixed(2)}%`),
    },
  ],
};

export function EquityCharts({ times, equity, drawdown, benchmark, title = 'Equity' }: EquityChartsProps) {
  const withBenchmark = benchmark !== undefined && benchmark.some((b) => b !== null);
  const equityData = useMemo<uPlot.AlignedData>(
    () =>
      withBenchmark
        ? [times.map((t) => t / 1000), equity, benchmark!.map((b) => b ?? null)]
        : [times.map((t) => t / 1000), equity],
    [times, equity, benchmark],
  );
  const options = useMemo(() => equityOptions(withBenchmark), [withBenchmark]);
  const drawdownData = useMemo<uPlot.AlignedData>(
    () => [times.map((t) => t / 1000), drawdown.map((d) => -d * 100)],
    [times, drawdown],
  );
  return (
    <>
      <section class="panel" aria-labelledby="equity-title" data-testid="equity-chart">
        <h2 id="equity-title">{title}</h2>
        <UplotChart
          key={String(withBenchmark)}
          options={options}
          data={equityData}
          height={260}
          label={withBenchmark ? `${title} with the buy-and-hold benchmark` : title}
        />
      </section>
      <section class="panel" aria-labelledby="drawdown-title">
        <h2 id="drawdown-title">Drawdown</h2>
        <UplotChart
          options={drawdownOptions}
          data={drawdownData}
          height={160}
          label="Drawdown from the running peak, percent"
        />
      </section>
    </>
  );
}
