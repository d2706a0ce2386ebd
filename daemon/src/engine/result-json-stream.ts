// A BacktestResult as JSON text, in pieces: `quanttrade backtest --json` writes each piece as it
// comes instead of building the whole document (a 200k-bar run has thousands of trades and
// orders; one JSON.stringify of it cost more than parsing the CSV and running the engine). The
// document is the one result-json.ts builds (same fields, same values), plus `extra` fields.
import { formatDays } from '../core/calendar/civil-date';
import { DAY_MS, IST_OFFSET_MS, istIsoString } from '../core/time';
import type { BacktestResult } from './result';
import { statsToJson } from './result-json';

/** Records per piece: big enough that writes are few, small enough to stay in cache. */
const PER_CHUNK = 2000;

const num = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** `"HH:MM` for each minute of the day, built once. */
const CLOCK = Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);

/**
 * istIsoString as a quoted JSON string, without a Date per call: times of one run fall on few
 * days, so the date part is cached and the clock part looked up (a Date and toISOString per time
 * were a third of the document's cost). Milliseconds, which bar times never have, fall back.
 */
function quotedTimes(): (ms: number) => string {
  let day = NaN;
  let prefix = '';
  return (ms) => {
    if (!Number.isFinite(ms)) return 'null';
    const local = ms + IST_OFFSET_MS;
    const d = Math.floor(local / DAY_MS);
    const inDay = local - d * DAY_MS;
    if (inDay % 1000 !== 0) return `"${istIsoString(ms)}"`;
    if (d !== day) {
      day = d;
      prefix = `"${formatDays(d)}T`;
    }
    const seconds = inDay / 1000;
    return `${prefix}${CLOCK[Math.floor(seconds / 60)]}:${pad2(seconds % 60)}+05:30"`;
  };
}
const text = (s: string | undefined): string => (s === undefined ? 'null' : JSON.stringify(s));

function* records(n: number, record: (i: number) => string): Generator<string> {
  const parts: string[] = [];
  for (let start = 0; start < n; start += PER_CHUNK) {
    const end = Math.min(n, start + PER_CHUNK);
    parts.length = 0;
    for (let i = start; i < end; i++) parts.push(record(i));
    // join builds one flat string; `+=` would leave a rope that writing must flatten first.
    yield (start === 0 ? '' : ',') + parts.join(',');
  }
}

export function* resultJsonChunks(r: BacktestResult, extra: Record<string, unknown> = {}): Generator<string> {
  const head = {
    strategy: r.spec.strategy,
    params: r.params,
    symbols: r.symbols,
    spec: r.spec,
    initialCash: r.initialCash,
    finalValue: r.finalValue,
    cash: r.cash,
    positions: r.positions.map((p) => ({
      ...p,
      entryTime: Number.isFinite(p.entryTime) ? istIsoString(p.entryTime) : null,
    })),
    stats: statsToJson(r.stats),
    ...extra,
  };
  const time = quotedTimes();
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)},"trades":[`;
  const symbols = r.symbols.map((s) => JSON.stringify(s));
  const trades = r.trades;
  yield* records(trades.length, (i) => {
    const t = trades.at(i);
    return (
      `{"symbol":${JSON.stringify(t.symbol)},"side":"${t.side}","qty":${num(t.qty)},"entryTime":${time(t.entryTime)},` +
      `"entryPrice":${num(t.entryPrice)},"exitTime":${time(t.exitTime)},"exitPrice":${num(t.exitPrice)},` +
      `"pnl":${num(t.pnl)},"costs":${num(t.costs)},"netPnl":${num(t.netPnl)},"bars":${num(t.bars)}}`
    );
  });
  yield '],"orders":[';
  const orders = r.orders;
  yield* records(orders.length, (i) => {
    const o = orders.at(i);
    return (
      `{"id":${o.id},"symbol":${symbols[r.symbols.indexOf(o.symbol)] ?? JSON.stringify(o.symbol)},` +
      `"createdTime":${time(o.createdTime)},"time":${time(o.time)},"side":"${o.side}","type":"${o.type}",` +
      `"qty":${num(o.qty)},"filledQty":${num(o.filledQty)},"price":${num(o.price)},` +
      `"limitPrice":${num(o.limitPrice)},"stopPrice":${num(o.stopPrice)},"costs":${num(o.costs)},` +
      `"status":"${o.status}","reason":${text(o.reason)},"endSource":${text(o.endSource)},` +
      `"message":${text(o.message)},"tag":${text(o.tag)},` +
      `"parentId":${o.parentId ?? 'null'},"ocoId":${o.ocoId ?? 'null'}}`
    );
  });
  yield `],"barsProcessed":${num(r.barsProcessed)},"equity":[`;
  const e = r.equity;
  yield* records(
    e.time.length,
    (i) =>
      `{"time":${time(e.time[i]!)},"value":${num(e.value[i]!)},"drawdown":${num(e.drawdown[i]!)},"benchmark":${num(e.benchmark[i]!)}}`,
  );
  yield ']}\n';
}
