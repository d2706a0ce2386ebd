// The baseline for engine.bench.ts: sma-cross written as one flat loop over the arrays, with the
// engine's semantics — SMA as issue 3 defines it (an exact window sum: compensated, not a naive
// running float sum), crossover on the last non-zero difference, market orders filled at the next
// open, cash check at the creating close and at the fill — no costs, and a running peak and
// maximum drawdown (the engine keeps streaming statistics too). Returns the final value.

import type { BarSeries } from '../../daemon/src/core/bar';

export function bareSmaCross(s: BarSeries, fast: number, slow: number, size: number, cash0: number): number {
  const { open, close } = s;
  const n = s.length;
  let sumF = 0;
  let errF = 0;
  let sumS = 0;
  let errS = 0;
  let lastDiff = 0;
  let cash = cash0;
  let qty = 0;
  let pending = 0; // +size buy, -qty sell, created on the previous bar
  let pendingRef = 0;
  let equity = cash0;
  let peak = cash0;
  let maxDrawdown = 0;
  for (let i = 0; i < n; i++) {
    if (pending > 0) {
      if (cash - pending * pendingRef >= 0 && cash - pending * open[i]! >= 0) {
        cash -= pending * open[i]!;
        qty += pending;
      }
      pending = 0;
    } else if (pending < 0) {
      cash -= pending * open[i]!;
      qty += pending;
      pending = 0;
    }
    const c = close[i]!;
    // sum += x, keeping the lost low-order bits in err (Neumaier); the value leaving the window
    // is subtracted before the new one is added, as the SMA indicator does.
    let t: number;
    if (i >= fast) {
      const x = -close[i - fast]!;
      t = sumF + x;
      errF += Math.abs(sumF) >= Math.abs(x) ? sumF - t + x : x - t + sumF;
      sumF = t;
    }
    t = sumF + c;
    errF += Math.abs(sumF) >= Math.abs(c) ? sumF - t + c : c - t + sumF;
    sumF = t;
    if (i >= slow) {
      const x = -close[i - slow]!;
      t = sumS + x;
      errS += Math.abs(sumS) >= Math.abs(x) ? sumS - t + x : x - t + sumS;
      sumS = t;
    }
    t = sumS + c;
    errS += Math.abs(sumS) >= Math.abs(c) ? sumS - t + c : c - t + sumS;
    sumS = t;
    if (i >= slow - 1) {
      const diff = (sumF + errF) / fast - (sumS + errS) / slow;
      const up = lastDiff < 0 && diff > 0;
      const down = lastDiff > 0 && diff < 0;
      if (diff !== 0) lastDiff = diff;
      if (i >= slow) {
        if (qty === 0 && up) {
          pending = size;
          pendingRef = c;
        } else if (qty > 0 && down) {
          pending = -qty;
        }
      }
    }
    equity = cash + qty * c;
    if (equity > peak) peak = equity;
    else if (1 - equity / peak > maxDrawdown) maxDrawdown = 1 - equity / peak;
  }
  return maxDrawdown >= 0 ? Math.round(equity * 100) / 100 : NaN;
}
