// The drift report's comparison (issue 10 §6), pure: what the backtest of a day says a deployment
// should have done (signals and fills) against what it stored. Signals match on symbol, side and
// bar time; fills on symbol and side within one bar of the expected time (a live fill happens at
// a tick inside the bar the backtest fills on). Pairs that match there are compared for price and
// quantity; what is left pairs up in time order as a different time; the rest is missing (the
// backtest has it, the deployment not) or extra (the other way round).

export interface DriftEvent {
  symbol: string;
  side: 'buy' | 'sell';
  /** Epoch ms: a signal's bar time, a fill's time. */
  time: number;
  qty: number;
  /** Fill price, or a signal's limit price; null for a market signal. */
  price: string | null;
}

export interface ActualEvent extends DriftEvent {
  /** The signals or fills row (a fill: the first of its order's fills). */
  id: number;
}

export type DriftDifference = 'missing' | 'extra' | 'price' | 'time' | 'qty';

export interface DriftRow {
  kind: 'signal' | 'fill';
  difference: DriftDifference;
  symbol: string;
  side: 'buy' | 'sell';
  expected: DriftEvent | null;
  actual: ActualEvent | null;
  detail: string;
}

export interface DriftSummary {
  expectedSignals: number;
  actualSignals: number;
  expectedFills: number;
  actualFills: number;
  missing: number;
  extra: number;
  different: number;
}

const sameKey = (a: DriftEvent, b: DriftEvent) => a.symbol === b.symbol && a.side === b.side;
const iso = (t: number) => new Date(t).toISOString();

function compare(kind: DriftRow['kind'], e: DriftEvent, a: ActualEvent): DriftRow[] {
  const rows: DriftRow[] = [];
  const row = (difference: DriftDifference, detail: string): DriftRow => ({
    kind,
    difference,
    symbol: e.symbol,
    side: e.side,
    expected: e,
    actual: a,
    detail,
  });
  if (e.price !== a.price && !(e.price !== null && a.price !== null && Number(e.price) === Number(a.price)))
    rows.push(row('price', `price ${a.price ?? 'market'} instead of ${e.price ?? 'market'}`));
  if (e.qty !== a.qty) rows.push(row('qty', `quantity ${a.qty} instead of ${e.qty}`));
  return rows;
}

/** Matches one kind of event; `within(e, a)` says whether a is at e's time. */
function match(
  kind: DriftRow['kind'],
  expected: readonly DriftEvent[],
  actual: readonly ActualEvent[],
  within: (e: DriftEvent, a: ActualEvent) => boolean,
): DriftRow[] {
  const rows: DriftRow[] = [];
  const taken = new Set<number>();
  const unmatched: DriftEvent[] = [];
  for (const e of [...expected].sort((x, y) => x.time - y.time)) {
    const i = actual.findIndex((a, k) => !taken.has(k) && sameKey(e, a) && within(e, a));
    if (i < 0) {
      unmatched.push(e);
      continue;
    }
    taken.add(i);
    rows.push(...compare(kind, e, actual[i]!));
  }
  const left = actual.map((a, k) => ({ a, k })).filter(({ k }) => !taken.has(k));
  for (const e of unmatched) {
    const j = left.findIndex(({ a, k }) => !taken.has(k) && sameKey(e, a));
    if (j < 0) {
      rows.push({
        kind,
        difference: 'missing',
        symbol: e.symbol,
        side: e.side,
        expected: e,
        actual: null,
        detail: `the backtest ${kind === 'signal' ? 'signals' : 'fills'} ${e.side} ${e.qty} at ${iso(e.time)}; the deployment did not`,
      });
      continue;
    }
    const { a, k } = left[j]!;
    taken.add(k);
    rows.push({
      kind,
      difference: 'time',
      symbol: e.symbol,
      side: e.side,
      expected: e,
      actual: a,
      detail: `at ${iso(a.time)} instead of ${iso(e.time)}`,
    });
    rows.push(...compare(kind, e, a));
  }
  for (const { a, k } of left)
    if (!taken.has(k))
      rows.push({
        kind,
        difference: 'extra',
        symbol: a.symbol,
        side: a.side,
        expected: null,
        actual: a,
        detail: `the deployment ${kind === 'signal' ? 'signalled' : 'filled'} ${a.side} ${a.qty} at ${iso(a.time)}; the backtest did not`,
      });
  return rows;
}

export function diffDrift(
  expected: { signals: readonly DriftEvent[]; fills: readonly DriftEvent[] },
  actual: { signals: readonly ActualEvent[]; fills: readonly ActualEvent[] },
  /** The deployment's bar length, ms: a fill within it of the expected time is on time. */
  barMs: number,
): { rows: DriftRow[]; summary: DriftSummary } {
  const rows = [
    ...match('signal', expected.signals, actual.signals, (e, a) => e.time === a.time),
    ...match('fill', expected.fills, actual.fills, (e, a) => a.time >= e.time && a.time < e.time + barMs),
  ].sort((x, y) => (x.expected ?? x.actual)!.time - (y.expected ?? y.actual)!.time);
  return {
    rows,
    summary: {
      expectedSignals: expected.signals.length,
      actualSignals: actual.signals.length,
      expectedFills: expected.fills.length,
      actualFills: actual.fills.length,
      missing: rows.filter((r) => r.difference === 'missing').length,
      extra: rows.filter((r) => r.difference === 'extra').length,
      different: rows.filter((r) => r.difference !== 'missing' && r.difference !== 'extra').length,
    },
  };
}
