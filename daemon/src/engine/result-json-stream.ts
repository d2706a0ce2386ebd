// A BacktestResult as JSON text, in pieces: `quanttrade backtest --json` writes each piece as it
// comes instead of building the whole document (a 200k-bar run has thousands of trades and
// orders; one JSON.stringify of it cost more than parsing the CSV and running the engine). The
// document is the one result-json.ts builds (same fields, same values), plus `extra` fields.
import { istIsoString } from '../core/time';
import type { BacktestResult } from './result';
import { statsToJson } from './result-json';

/** Records per piece: big enough that writes are few, small enough to stay in cache. */
const PER_CHUNK = 2000;

const num = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');
const time = (ms: number): string => (Number.isFinite(ms) ? `"${istIsoString(ms)}"` : 'null');
const text = (s: string | undefined): string => (s === undefined ? 'null' : JSON.stringify(s));

function* records(n: number, record: (i: number) => string): Generator<string> {
  for (let start = 0; start < n; start += PER_CHUNK) {
    const end = Math.min(n, start + PER_CHUNK);
    let out = '';
    for (let i = start; i < end; i++) out += (i === 0 ? '' : ',') + record(i);
    yield out;
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
      `"qty":${num(o.qty)},"price":${num(o.price)},"limitPrice":${num(o.limitPrice)},"stopPrice":${num(o.stopPrice)},` +
      `"costs":${num(o.costs)},"status":"${o.status}","reason":${text(o.reason)},"tag":${text(o.tag)},` +
      `"parentId":${o.parentId ?? 'null'},"ocoId":${o.ocoId ?? 'null'}}`
    );
  });
  yield `],"barsProcessed":${num(r.barsProcessed)},"equity":[`;
  const e = r.equity;
  yield* records(
    e.time.length,
    (i) =>
      `{"time":"${istIsoString(e.time[i]!)}","value":${num(e.value[i]!)},"drawdown":${num(e.drawdown[i]!)},"benchmark":${num(e.benchmark[i]!)}}`,
  );
  yield ']}\n';
}
