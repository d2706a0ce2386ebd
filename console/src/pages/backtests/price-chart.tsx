// The traded symbol's closes with the backtest's entries and exits marked: green dots where it
// bought, red where it sold.
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { AXIS, istDate, PALETTE, UplotChart } from '../../charts/uplot-chart';
import { formatNumber } from '../../ui/cell-text';
import { tradeMarkers, type TradeMark } from './series-align';

interface PriceChartProps {
  symbol: string;
  /** Epoch milliseconds, ascending. */
  times: number[];
  close: number[];
  trades: TradeMark[];
}

const marker = (label: string, color: string): uPlot.Series => ({
  label,
  stroke: color,
  paths: () => null,
  points: { show: true, size: 9, width: 2, stroke: color, fill: color },
  value: (_u, v) => (v == null ? '—' : formatNumber(v)),
});

const options: Omit<uPlot.Options, 'width' | 'height'> = {
  tzDate: istDate,
  scales: { x: { time: true } },
  axes: [AXIS, { ...AXIS, size: 60 }],
  series: [
    {},
    { label: 'Close', stroke: PALETTE[0], width: 1.25 },
    marker('Buy', '#3fb950'),
    marker('Sell', '#f85149'),
  ],
};

export function PriceChart({ symbol, times, close, trades }: PriceChartProps) {
  const data = useMemo<uPlot.AlignedData>(() => {
    const { buys, sells } = tradeMarkers(times, trades);
    return [times.map((t) => t / 1000), close, buys, sells];
  }, [times, close, trades]);
  return (
    <section class="panel" aria-labelledby="price-title" data-testid="price-chart">
      <h2 id="price-title">{symbol}: price and trades</h2>
      <UplotChart
        options={options}
        data={data}
        height={260}
        label={`${symbol} closes with ${trades.length} trades marked`}
      />
    </section>
  );
}
