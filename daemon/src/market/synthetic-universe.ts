// Synthetic universes: `data synth` (N symbols × M bars) and the demo data loaded on first start.
// Every instrument is created synthetic (instruments.synthetic = true, source 'synthetic') and
// named as such, so the console and reports can never pass it off as market data.
import type { z } from 'zod';
import { formatDays, istDayNumber } from '../core/calendar/civil-date';
import { nseCalendar } from '../core/calendar/trading-calendar';
import { validationError, type FieldIssue } from '../core/errors';
import type { Pool } from '../db/pool';
import { storeBars, type StoreBarsInput, type StoredBars } from './bar-store';
import { generateSyntheticBars, sessionBarCount } from './synthetic-bars';

export interface SyntheticUniverseRequest {
  symbols: number;
  bars: number;
  timeframe: string;
  startDate: string;
  seed: number;
  /** Symbols are PREFIX1, PREFIX2, … */
  prefix: string;
}

/**
 * The most bars one synthetic request may ask for in all (symbols × bars). Every series is built
 * in memory before it is stored (six float64 columns: 48 bytes a bar), so this keeps one request
 * near 480 MB instead of letting `1000 × 5,000,000` take the daemon down.
 */
export const MAX_SYNTHETIC_BARS = 10_000_000;

/** The problem with a request for `symbols × bars` bars, reported on `bars`; undefined if within the cap. */
export function syntheticTotalIssue(request: { symbols: number; bars: number }): FieldIssue | undefined {
  const total = request.symbols * request.bars;
  if (total <= MAX_SYNTHETIC_BARS) return undefined;
  return {
    path: 'bars',
    value: request.bars,
    expected: `at most ${MAX_SYNTHETIC_BARS} bars in one request counting every symbol (symbols × bars = ${request.symbols} × ${request.bars} = ${total}): fewer symbols or bars, or several requests`,
  };
}

/** A zod refinement refusing a request beyond MAX_SYNTHETIC_BARS in all (`.superRefine(checkSyntheticTotal)`). */
export function checkSyntheticTotal(request: { symbols: number; bars: number }, ctx: z.RefinementCtx): void {
  const issue = syntheticTotalIssue(request);
  if (issue) ctx.addIssue({ code: 'custom', path: ['bars'], input: request.bars, message: issue.expected });
}

export function syntheticUniverse(request: SyntheticUniverseRequest): StoreBarsInput[] {
  const tooMany = syntheticTotalIssue(request);
  if (tooMany) throw validationError([tooMany], 'synthetic data request');
  return Array.from({ length: request.symbols }, (_, i) => {
    const symbol = `${request.prefix}${i + 1}`;
    return {
      symbol,
      series: generateSyntheticBars({
        symbol,
        timeframe: request.timeframe,
        bars: request.bars,
        startDate: request.startDate,
        seed: request.seed,
      }),
      source: 'synthetic',
      synthetic: true,
      name: `${symbol} (synthetic)`,
    };
  });
}

/** The demo universe (also the synthetic live feed's symbols): NSE-like, clearly fake names, each with a plausible price and volatility. */
export const DEMO_UNIVERSE = [
  { symbol: 'DEMOBANK', name: 'Demo Bank (synthetic)', price: 1650, volatility: 0.22 },
  { symbol: 'DEMOTECH', name: 'Demo Tech Services (synthetic)', price: 3900, volatility: 0.24 },
  { symbol: 'DEMOPHARMA', name: 'Demo Pharma (synthetic)', price: 1200, volatility: 0.28 },
  { symbol: 'DEMOAUTO', name: 'Demo Motors (synthetic)', price: 820, volatility: 0.32 },
  { symbol: 'DEMOENERGY', name: 'Demo Energy (synthetic)', price: 285, volatility: 0.3 },
] as const;

const DEMO_DAILY_YEARS = 5;
const DEMO_MINUTE_SESSIONS = 10;

/** Daily bars for the last five years and 1m bars for the last ten sessions before `today`. */
export function demoUniverse(todayMs: number): StoreBarsInput[] {
  // Bars end with the last session before today: demo data never shows a future or live bar.
  const today = istDayNumber(todayMs);
  const dailyStart = formatDays(today - DEMO_DAILY_YEARS * 365);
  // Past the calendar's last listed year weekdays are assumed, as synthetic-bars.ts does.
  const calendar = nseCalendar.assumingWeekdays();
  const dailyBars = calendar.sessionsBetween(dailyStart, today - 1).length;
  const recent = calendar.sessionsBetween(today - 40, today - 1).slice(-DEMO_MINUTE_SESSIONS);
  const minuteStart = recent[0]!.date;
  const minuteBars = recent.reduce((n, s) => n + sessionBarCount(s, 60_000), 0);
  return DEMO_UNIVERSE.flatMap((d, i) => {
    const common = { symbol: d.symbol, startPrice: d.price, volatility: d.volatility, seed: 2025 };
    const inputs: StoreBarsInput[] = [
      {
        symbol: d.symbol,
        name: d.name,
        source: 'synthetic',
        synthetic: true,
        series: generateSyntheticBars({ ...common, timeframe: '1d', bars: dailyBars, startDate: dailyStart }),
      },
    ];
    if (i < 2) {
      const series = generateSyntheticBars({
        ...common,
        timeframe: '1m',
        bars: minuteBars,
        startDate: minuteStart,
      });
      inputs.push({ symbol: d.symbol, name: d.name, source: 'synthetic', synthetic: true, series });
    }
    return inputs;
  });
}

/** Loads the demo universe when the bar store is empty; returns what was stored (none if not empty). */
export async function loadDemoDataIfEmpty(pool: Pool, todayMs: number): Promise<StoredBars[]> {
  const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM bar_coverage) AS has');
  if (rows[0].has) return [];
  return storeBars(pool, demoUniverse(todayMs));
}
