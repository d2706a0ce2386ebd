// Indicator throughput: SMA, EMA, RSI, MACD, Bollinger and ATR over 10M synthetic bars through
// computeSeries (the Indicator contract: a mutable bar view, update(), read value), each against
// a hand-written bare loop that computes the same numbers — same algorithm, same compensated
// sums — on the same Float64Array in the same run. The outputs are compared, so the baseline
// cannot quietly do less work. Ratio = indicator rate / bare-loop rate (1 = no overhead).
import { createBarSeries, type BarSeries } from '../../daemon/src/core/bar';
import {
  atr,
  bollinger,
  computeSeries,
  ema,
  macd,
  rsi,
  sma,
  type Indicator,
} from '../../daemon/src/indicators';
import { emit } from './emit';

// ---- Bare loops: each computes exactly what its indicator computes — same seeding, same
// Neumaier-compensated sums in the same order, same update formulas, every output (bands,
// signal) — inline over the raw Float64Arrays with scalar state. Outputs that computeSeries does
// not record go into `sink` so the JIT cannot drop the work.

const sink = { value: 0 };

function bareSma(close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length);
  const ring = new Float64Array(n);
  let s = 0;
  let c = 0;
  let pos = 0;
  for (let i = 0; i < close.length; i++) {
    const x = close[i]!;
    if (i >= n) {
      const y = -ring[pos]!;
      const t = s + y;
      c += Math.abs(s) >= Math.abs(y) ? s - t + y : y - t + s;
      s = t;
    }
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
    ring[pos] = x;
    pos = pos + 1 === n ? 0 : pos + 1;
    out[i] = i >= n - 1 ? (s + c) / n : NaN;
  }
  return out;
}

function bareEma(close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length);
  const alpha = 2 / (n + 1);
  const keep = 1 - alpha;
  let s = 0;
  let c = 0;
  let value = NaN;
  for (let i = 0; i < close.length; i++) {
    const x = close[i]!;
    if (i >= n) value = value * keep + x * alpha;
    else {
      const t = s + x;
      c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
      s = t;
      if (i === n - 1) value = (s + c) / n;
    }
    out[i] = value;
  }
  return out;
}

function bareRsi(close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length);
  const alpha = 1 / n;
  const keep = 1 - alpha;
  let su = 0, cu = 0, sd = 0, cd = 0; // prettier-ignore
  let up = NaN;
  let down = NaN;
  out[0] = NaN;
  for (let i = 1; i < close.length; i++) {
    const change = close[i]! - close[i - 1]!;
    const u = change > 0 ? change : 0;
    const d = change < 0 ? -change : 0;
    if (i > n) {
      up = up * keep + u * alpha;
      down = down * keep + d * alpha;
    } else {
      let t = su + u;
      cu += Math.abs(su) >= Math.abs(u) ? su - t + u : u - t + su;
      su = t;
      t = sd + d;
      cd += Math.abs(sd) >= Math.abs(d) ? sd - t + d : d - t + sd;
      sd = t;
      if (i === n) {
        up = (su + cu) / n;
        down = (sd + cd) / n;
      }
    }
    out[i] = up !== up ? NaN : down === 0 ? 100 : 100 - 100 / (1 + up / down);
  }
  return out;
}

/** MACD line (recorded) with its signal and histogram (into sink); assumes fast < slow. */
function bareMacd(close: Float64Array, fast: number, slow: number, signal: number): Float64Array {
  const out = new Float64Array(close.length);
  const af = 2 / (fast + 1), kf = 1 - af, as = 2 / (slow + 1), ks = 1 - as; // prettier-ignore
  const ag = 2 / (signal + 1), kg = 1 - ag; // prettier-ignore
  let sf = 0, cf = 0, ss = 0, cs = 0, sg = 0, cg = 0; // prettier-ignore
  let ef = NaN, es = NaN, sig = NaN, check = 0; // prettier-ignore
  for (let i = 0; i < close.length; i++) {
    const x = close[i]!;
    if (i >= fast) ef = ef * kf + x * af;
    else {
      const t = sf + x;
      cf += Math.abs(sf) >= Math.abs(x) ? sf - t + x : x - t + sf;
      sf = t;
      if (i === fast - 1) ef = (sf + cf) / fast;
    }
    if (i >= slow) es = es * ks + x * as;
    else {
      const t = ss + x;
      cs += Math.abs(ss) >= Math.abs(x) ? ss - t + x : x - t + ss;
      ss = t;
      if (i === slow - 1) es = (ss + cs) / slow;
    }
    const line = ef - es;
    out[i] = line;
    const k = i - slow + 2; // 1-based count of defined line values
    if (k > signal) sig = sig * kg + line * ag;
    else if (k >= 1) {
      const t = sg + line;
      cg += Math.abs(sg) >= Math.abs(line) ? sg - t + line : line - t + sg;
      sg = t;
      if (k === signal) sig = (sg + cg) / signal;
    }
    check += line - sig; // the histogram
  }
  sink.value += check;
  return out;
}

function bareAtr(s: BarSeries, n: number): Float64Array {
  const { high, low, close } = s;
  const out = new Float64Array(close.length);
  const alpha = 1 / n;
  const keep = 1 - alpha;
  let sum = 0;
  let c = 0;
  let value = NaN;
  out[0] = NaN;
  for (let i = 1; i < close.length; i++) {
    const pc = close[i - 1]!;
    const h = high[i]!;
    const l = low[i]!;
    const tr = (h > pc ? h : pc) - (l < pc ? l : pc);
    if (i > n) value = value * keep + tr * alpha;
    else {
      const t = sum + tr;
      c += Math.abs(sum) >= Math.abs(tr) ? sum - t + tr : tr - t + sum;
      sum = t;
      if (i === n) value = (sum + c) / n;
    }
    out[i] = value;
  }
  return out;
}

function bareBollinger(close: Float64Array, n: number, k = 2): Float64Array {
  const out = new Float64Array(close.length);
  const ring = new Float64Array(n);
  let s = 0, c = 0, ds = 0, dc = 0, qs = 0, qc = 0; // prettier-ignore
  let pos = 0;
  let centre = 0;
  let since = n - 1;
  let check = 0;
  // Σd and Σd² updates as small closures over the loop's locals (V8 inlines them).
  const addDev = (d: number) => {
    let t = ds + d;
    dc += Math.abs(ds) >= Math.abs(d) ? ds - t + d : d - t + ds;
    ds = t;
    const q = d * d;
    t = qs + q;
    qc += Math.abs(qs) >= Math.abs(q) ? qs - t + q : q - t + qs;
    qs = t;
  };
  const removeDev = (d: number) => {
    const y = -d;
    let t = ds + y;
    dc += Math.abs(ds) >= Math.abs(y) ? ds - t + y : y - t + ds;
    ds = t;
    const q = -(d * d);
    t = qs + q;
    qc += Math.abs(qs) >= Math.abs(q) ? qs - t + q : q - t + qs;
    qs = t;
  };
  const recentre = (mean: number) => {
    centre = mean;
    since = 0;
    ds = dc = qs = qc = 0;
    for (let j = 0; j < n; j++) addDev(ring[j]! - mean);
  };
  for (let i = 0; i < close.length; i++) {
    const x = close[i]!;
    const evicted = i >= n ? ring[pos]! : NaN;
    if (i >= n) {
      const y = -evicted;
      const t = s + y;
      c += Math.abs(s) >= Math.abs(y) ? s - t + y : y - t + s;
      s = t;
    }
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
    ring[pos] = x;
    pos = pos + 1 === n ? 0 : pos + 1;
    if (i >= n) removeDev(evicted - centre);
    addDev(x - centre);
    if (i < n - 1) {
      out[i] = NaN;
      continue;
    }
    const mean = (s + c) / n;
    if (++since >= n) recentre(mean);
    let shift = (ds + dc) / n;
    let variance = (qs + qc) / n - shift * shift;
    if (shift * shift > 1e6 * variance && since > 0) {
      recentre(mean);
      shift = (ds + dc) / n;
      variance = (qs + qc) / n - shift * shift;
    }
    const width = k * (variance > 0 ? Math.sqrt(variance) : 0);
    out[i] = mean;
    check += mean + width - (mean - width);
  }
  sink.value += check;
  return out;
}

// ---- The benchmark

/** A seeded (xorshift) random walk on a 0.05 tick, one bar a minute. */
function syntheticSeries(n: number, seed = 42): BarSeries {
  const s = createBarSeries('SYN', '1m', n);
  let state = seed;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  let price = 1000;
  for (let i = 0; i < n; i++) {
    const open = Math.round(price * 20) / 20;
    const close = Math.max(1, Math.round((open + (random() - 0.5) * 2) * 20) / 20);
    s.time[i] = 946_870_200_000 + i * 60_000;
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) + Math.round(random() * 10) / 20;
    s.low[i] = Math.max(0.05, Math.min(open, close) - Math.round(random() * 10) / 20);
    s.volume[i] = 1000 + Math.floor(random() * 1000);
    price = close < 10 ? 1000 : close;
  }
  return s;
}

const N = Number(process.env.BENCH_BARS ?? 10_000_000);
const RUNS = 3;

interface Case {
  name: string;
  make(): Indicator;
  bare(s: BarSeries): Float64Array;
}

const CASES: Case[] = [
  { name: 'sma(20)', make: () => sma(20), bare: (s) => bareSma(s.close, 20) },
  { name: 'ema(20)', make: () => ema(20), bare: (s) => bareEma(s.close, 20) },
  { name: 'rsi(14)', make: () => rsi(14), bare: (s) => bareRsi(s.close, 14) },
  { name: 'macd(12,26,9)', make: () => macd(12, 26, 9), bare: (s) => bareMacd(s.close, 12, 26, 9) },
  { name: 'bollinger(20,2)', make: () => bollinger(20, 2), bare: (s) => bareBollinger(s.close, 20) },
  { name: 'atr(14)', make: () => atr(14), bare: (s) => bareAtr(s, 14) },
];

function timed(fn: () => Float64Array): { ms: number; out: Float64Array } {
  const t0 = performance.now();
  const out = fn();
  return { ms: performance.now() - t0, out };
}

/** Largest |a − b| (NaN positions must agree; a disagreement counts as Infinity). */
function maxDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
    } else if (Math.abs(x - y) > worst) worst = Math.abs(x - y);
  }
  return worst;
}

const series = syntheticSeries(N);
process.stderr.write(`indicators bench: ${N} bars, best of ${RUNS}\n`);
for (const c of CASES) {
  let indicatorMs = Infinity;
  let bareMs = Infinity;
  let difference = 0;
  // Alternate the two so that machine load (shared cores) hits both alike.
  for (let r = 0; r < RUNS; r++) {
    const ind = timed(() => computeSeries(c.make(), series));
    const bare = timed(() => c.bare(series));
    indicatorMs = Math.min(indicatorMs, ind.ms);
    bareMs = Math.min(bareMs, bare.ms);
    difference = Math.max(difference, maxDifference(ind.out, bare.out));
  }
  const rate = N / (indicatorMs / 1000);
  const bareRate = N / (bareMs / 1000);
  emit({
    bench: `indicators.${c.name}`,
    metric: 'updatesPerSecond',
    value: Math.round(rate),
    unit: 'updates/s',
    baseline: { name: 'bare loop, same algorithm', value: Math.round(bareRate) },
    ratio: rate / bareRate,
    notes: `${N} bars; max |indicator − bare loop| = ${difference}`,
  });
}
process.stderr.write(`(checksum ${sink.value})\n`);
