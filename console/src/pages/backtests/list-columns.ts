// How a backtest reads in the list: its strategy, symbols, period, when it was submitted, how
// long it ran, and its headline — for a sweep its best run, for a walk-forward its stitched
// out-of-sample figures.
import type { Outputs } from '../../api/client';
import { formatIst } from '../../ui/cell-text';
import { formatStat } from './stats-table';

type Backtest = Outputs['backtests']['list']['items'][number];

interface SpecShape {
  template?: string;
  symbols?: string[];
  timeframe?: string;
  base?: { template?: string; symbols?: string[]; timeframe?: string };
}

export function strategyText(b: Backtest): string {
  const spec = b.spec as SpecShape;
  const template = spec.template ?? spec.base?.template ?? '';
  if (b.strategyName) return `${b.strategyName}${b.strategyVersion ? ` v${b.strategyVersion}` : ''}`;
  return template ? `${template} (inline)` : '—';
}

export function symbolsText(b: Backtest): string {
  const spec = b.spec as SpecShape;
  const symbols = spec.symbols ?? spec.base?.symbols ?? [];
  const timeframe = spec.timeframe ?? spec.base?.timeframe;
  const shown =
    symbols.length > 3 ? `${symbols.slice(0, 3).join(' ')} +${symbols.length - 3}` : symbols.join(' ');
  return timeframe ? `${shown} ${timeframe}` : shown;
}

export function periodText(b: Backtest): string {
  if (!b.rangeFrom || !b.rangeTo) return '—';
  // The stored range ends just after the last day; show the last day itself.
  return `${formatIst(b.rangeFrom).slice(0, 10)} – ${formatIst(Date.parse(b.rangeTo) - 1).slice(0, 10)}`;
}

export function durationText(b: Backtest, now: number): string {
  if (!b.startedAt) return b.status === 'queued' ? 'queued' : '—';
  const ms = (b.finishedAt ? Date.parse(b.finishedAt) : now) - Date.parse(b.startedAt);
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export interface Headline {
  totalReturn: unknown;
  sharpe: unknown;
  maxDrawdown: unknown;
  /** What the figures are of, for sweeps and walk-forward runs. */
  note?: string;
}

export function headlineOf(b: Backtest): Headline {
  const stats = (b.stats ?? {}) as Record<string, unknown>;
  if (b.kind === 'walk-forward') {
    const oos = (stats.outOfSample ?? {}) as Record<string, unknown>;
    return { ...oos, note: 'out of sample' } as Headline;
  }
  if (b.kind === 'sweep') {
    const best = stats.best as { backtestId?: number; value?: unknown } | null | undefined;
    return {
      totalReturn: undefined,
      sharpe: undefined,
      maxDrawdown: undefined,
      note: best?.backtestId
        ? `best #${best.backtestId}: ${b.rankBy ?? 'sharpe'} ${formatStat(best.value, 'ratio')}`
        : undefined,
    };
  }
  return stats as unknown as Headline;
}
