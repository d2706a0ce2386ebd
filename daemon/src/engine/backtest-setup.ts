// Resolves a normalized spec against the loaded bars: which series, which instruments, which bar
// ranges, and the bar frequency used to annualise statistics.
import type { BarSeries } from '../core/bar';
import { validationError } from '../core/errors';
import { equityInstrument, type Instrument } from '../core/instrument';
import { istIsoString } from '../core/time';
import { lowerBound, parseTimeBound } from '../core/time-window';
import { barsPerYear, parseTimeframe } from '../core/timeframe';
import type { NormalizedBacktestSpec } from './backtest-spec';
import type { SeriesWindow } from './run-series';

export interface BacktestSetup {
  symbols: string[];
  series: BarSeries[];
  instruments: Instrument[];
  windows: SeriesWindow[];
  /** Epoch ms from which the strategy trades and equity is recorded. */
  tradeFrom: number;
  barsPerYear: number;
}

function pickSeries(
  spec: NormalizedBacktestSpec,
  bars: ReadonlyMap<string, BarSeries>,
): { keys: string[]; series: BarSeries[] } {
  const keys = spec.symbols ?? [...bars.keys()];
  if (keys.length === 0)
    throw validationError([{ path: 'symbols', value: [], expected: 'at least one loaded series' }]);
  const series = keys.map((symbol) => {
    const series = bars.get(symbol);
    if (!series)
      throw validationError([
        {
          path: 'symbols',
          value: symbol,
          expected: `one of the loaded series (${[...bars.keys()].join(', ')})`,
        },
      ]);
    return series;
  });
  return { keys, series };
}

/**
 * A symbol's instrument: the spec's `instruments` entry (the instrument master's, keyed by the
 * name the series was loaded under or by its symbol), then the `instrument` overrides, over the
 * cash-equity defaults (tick 0.05, lot 1).
 */
function instrumentOf(spec: NormalizedBacktestSpec, key: string, series: BarSeries): Instrument {
  const stored = spec.instruments[key] ?? spec.instruments[series.symbol] ?? {};
  return equityInstrument(series.symbol, { ...stored, ...spec.instrument });
}

function annualisation(series: BarSeries, spec: NormalizedBacktestSpec): number {
  const tf = parseTimeframe(series.timeframe);
  if (!tf)
    throw validationError([
      { path: 'timeframe', value: series.timeframe, expected: 'a timeframe such as 1m, 15m, 1h or 1d' },
    ]);
  if (spec.product === 'intraday' && tf.daily) {
    throw validationError([
      {
        path: 'product',
        value: 'intraday',
        expected: 'intraday bars for the intraday product (square-off at 15:20 needs them); these are 1d',
      },
    ]);
  }
  return barsPerYear(tf);
}

function describeSpan(series: BarSeries[]): string {
  const first = Math.min(...series.map((s) => (s.length ? s.time[0]! : Infinity)));
  const last = Math.max(...series.map((s) => (s.length ? s.time[s.length - 1]! : -Infinity)));
  return Number.isFinite(first)
    ? `a range with bars (the data spans ${istIsoString(first)} to ${istIsoString(last)})`
    : 'a range with bars (no bars were loaded)';
}

export function setUpBacktest(
  spec: NormalizedBacktestSpec,
  bars: ReadonlyMap<string, BarSeries>,
): BacktestSetup {
  const { keys, series } = pickSeries(spec, bars);
  const from = spec.from === undefined ? -Infinity : parseTimeBound(spec.from, 'from');
  const to = spec.to === undefined ? Infinity : parseTimeBound(spec.to, 'to');
  if (from >= to)
    throw validationError([
      { path: 'to', value: spec.to, expected: `a bound after from (${String(spec.from)})` },
    ]);
  const windows = series.map((s) => {
    const tradeStart = lowerBound(s.time, s.length, from);
    const end = Math.max(tradeStart, lowerBound(s.time, s.length, to));
    return { start: Math.max(0, tradeStart - spec.warmupBars), tradeStart, end };
  });
  if (windows.every((w) => w.tradeStart >= w.end)) {
    throw validationError([
      {
        path: spec.from !== undefined ? 'from' : 'to',
        value: spec.from ?? spec.to,
        expected: describeSpan(series),
      },
    ]);
  }
  return {
    symbols: series.map((s) => s.symbol),
    series,
    instruments: series.map((s, i) => instrumentOf(spec, keys[i]!, s)),
    windows,
    tradeFrom: from,
    barsPerYear: annualisation(series[0]!, spec),
  };
}
