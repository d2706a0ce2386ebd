// The data a report shows, as plain JSON: equity and drawdown curves, the price of the first
// symbol (bucketed to at most MAX_PRICE_POINTS candles so every extreme survives), trade markers,
// the statistics and the trade list. Times are epoch seconds (what uPlot plots).
import { sliceSeries, type BarSeries } from '../../core/bar';
import { istIsoString } from '../../core/time';
import { jsonNumber, statsToJson, type BacktestResult } from '../../engine/index';
import { downsampleBars } from '../../market/downsample';
import { formatParams } from './format';

const MAX_PRICE_POINTS = 4000;
/** Trades listed in the report's table (all of them are in --json). */
export const MAX_TRADE_ROWS = 5000;

const seconds = (ms: number) => ms / 1000;

function priceData(result: BacktestResult, bars: Map<string, BarSeries>) {
  const series = bars.get(result.symbols[0]!)!;
  const from = result.stats.startTime;
  const to = result.stats.endTime;
  let lo = 0;
  while (lo < series.length && series.time[lo]! < from) lo++;
  let hi = lo;
  while (hi < series.length && series.time[hi]! <= to) hi++;
  const window = sliceSeries(series, lo, hi);
  const s = window.length > 0 ? downsampleBars(window, MAX_PRICE_POINTS) : window;
  return {
    symbol: series.symbol,
    time: Array.from(s.time, seconds),
    close: Array.from(s.close),
    high: Array.from(s.high),
    low: Array.from(s.low),
  };
}

function markers(result: BacktestResult) {
  const symbol = result.symbols[0];
  const out: { t: number; p: number; side: 'buy' | 'sell' }[] = [];
  for (const o of result.orders.toArray()) {
    if (o.status === 'filled' && o.symbol === symbol)
      out.push({ t: seconds(o.time), p: o.price, side: o.side });
  }
  return out.length > 20_000 ? out.filter((_, i) => i % Math.ceil(out.length / 20_000) === 0) : out;
}

export function reportData(result: BacktestResult, bars: Map<string, BarSeries>) {
  const e = result.equity;
  const scale = e.benchmark.length ? result.initialCash / e.benchmark[0]! : 1;
  const trades = result.trades.toArray();
  return {
    title: `${result.spec.strategy} ${formatParams(result.params)} — ${result.symbols.join(', ')}`,
    initialCash: result.initialCash,
    finalValue: result.finalValue,
    cash: result.cash,
    spec: result.spec,
    stats: statsToJson(result.stats),
    equity: {
      time: Array.from(e.time, seconds),
      value: Array.from(e.value),
      benchmark: Array.from(e.benchmark, (b) => b * scale),
      drawdown: Array.from(e.drawdown, (d) => -d * 100),
    },
    price: priceData(result, bars),
    markers: markers(result),
    trades: trades.slice(0, MAX_TRADE_ROWS).map((t) => ({
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      entryTime: istIsoString(t.entryTime).slice(0, 16).replace('T', ' '),
      entryPrice: jsonNumber(t.entryPrice),
      exitTime: istIsoString(t.exitTime).slice(0, 16).replace('T', ' '),
      exitPrice: jsonNumber(t.exitPrice),
      pnl: t.pnl,
      costs: t.costs,
      netPnl: t.netPnl,
      bars: t.bars,
    })),
    tradeCount: trades.length,
    positions: result.positions,
  };
}
