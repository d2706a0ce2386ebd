// The test oracle, continued: indicators that read several bar fields, recomputed over whole
// arrays straight from their definitions (docs/indicators.md). Not used at runtime.
import { istDate } from '../core/time';
import {
  batchHighest,
  batchLowest,
  batchSma,
  batchSmma,
  batchTrueRange,
  batchAtr,
  type OhlcvArrays,
} from './batch-definitions';

const position = (x: number, high: number, low: number) =>
  high > low ? (100 * (x - low)) / (high - low) : 50;

export function batchStochastic(b: OhlcvArrays, k: number, smooth: number, d: number) {
  const hh = batchHighest(b.high, k);
  const ll = batchLowest(b.low, k);
  const raw = b.close.map((c, t) => (Number.isNaN(hh[t]!) ? NaN : position(c, hh[t]!, ll[t]!)));
  const percentK = batchSma(raw, smooth);
  return { k: percentK, d: batchSma(percentK, d) };
}

export function batchWilliamsR(b: OhlcvArrays, n: number): number[] {
  const hh = batchHighest(b.high, n);
  const ll = batchLowest(b.low, n);
  return b.close.map((c, t) => {
    if (Number.isNaN(hh[t]!)) return NaN;
    return hh[t]! > ll[t]! ? (-100 * (hh[t]! - c)) / (hh[t]! - ll[t]!) : -50;
  });
}

export function batchObv(b: OhlcvArrays): number[] {
  let total = 0;
  return b.close.map((c, t) => {
    if (t > 0) total += c > b.close[t - 1]! ? b.volume[t]! : c < b.close[t - 1]! ? -b.volume[t]! : 0;
    return total;
  });
}

/** Session VWAP of the typical price, grouping bars by their IST calendar date string. */
export function batchVwap(b: OhlcvArrays): number[] {
  return b.close.map((_, t) => {
    const day = istDate(b.time[t]!);
    let pv = 0;
    let v = 0;
    for (let i = 0; i <= t; i++) {
      if (istDate(b.time[i]!) !== day) continue;
      pv += ((b.high[i]! + b.low[i]! + b.close[i]!) / 3) * b.volume[i]!;
      v += b.volume[i]!;
    }
    return v > 0 ? pv / v : NaN;
  });
}

export function batchCci(b: OhlcvArrays, n: number): number[] {
  const tp = b.close.map((c, t) => (b.high[t]! + b.low[t]! + c) / 3);
  const mean = batchSma(tp, n);
  return tp.map((x, t) => {
    if (Number.isNaN(mean[t]!)) return NaN;
    const md = tp.slice(t - n + 1, t + 1).reduce((s, y) => s + Math.abs(y - mean[t]!), 0) / n;
    return md > 0 ? (x - mean[t]!) / (0.015 * md) : 0;
  });
}

export function batchAdx(b: OhlcvArrays, n: number) {
  const plusDM = b.high.map((h, t) => {
    if (t === 0) return NaN;
    const up = h - b.high[t - 1]!;
    const down = b.low[t - 1]! - b.low[t]!;
    return up > down && up > 0 ? up : 0;
  });
  const minusDM = b.low.map((l, t) => {
    if (t === 0) return NaN;
    const up = b.high[t]! - b.high[t - 1]!;
    const down = b.low[t - 1]! - l;
    return down > up && down > 0 ? down : 0;
  });
  const tr = batchSmma(batchTrueRange(b), n);
  const p = batchSmma(plusDM, n);
  const m = batchSmma(minusDM, n);
  const plusDI = tr.map((s, t) => (Number.isNaN(s) ? NaN : s > 0 ? (100 * p[t]!) / s : 0));
  const minusDI = tr.map((s, t) => (Number.isNaN(s) ? NaN : s > 0 ? (100 * m[t]!) / s : 0));
  const dx = plusDI.map((pd, t) => {
    const sum = pd + minusDI[t]!;
    return Number.isNaN(sum) ? NaN : sum > 0 ? (100 * Math.abs(pd - minusDI[t]!)) / sum : 0;
  });
  return { adx: batchSmma(dx, n), plusDI, minusDI };
}

export function batchSupertrend(b: OhlcvArrays, n: number, mult: number) {
  const atr = batchAtr(b, n);
  const line: number[] = [];
  const direction: number[] = [];
  let upper = NaN;
  let lower = NaN;
  let dir = NaN;
  b.close.forEach((c, t) => {
    if (Number.isNaN(atr[t]!)) return void (line.push(NaN), direction.push(NaN));
    const mid = (b.high[t]! + b.low[t]!) / 2;
    const bu = mid + atr[t]! * mult;
    const bl = mid - atr[t]! * mult;
    if (Number.isNaN(upper)) [upper, lower, dir] = [bu, bl, -1];
    else {
      const pc = b.close[t - 1]!;
      upper = bu < upper || pc > upper ? bu : upper;
      lower = bl > lower || pc < lower ? bl : lower;
      dir = dir < 0 ? (c > upper ? 1 : -1) : c < lower ? -1 : 1;
    }
    line.push(dir > 0 ? lower : upper);
    direction.push(dir);
  });
  return { line, direction };
}
