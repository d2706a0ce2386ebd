// Agreement with backtrader (issue 3, "Correctness"): every case in test/fixtures/parity runs
// through our engine and must give backtrader's trades exactly (dates, side, size, prices), the
// same rejected and still-pending orders and open position, and money within 1e-6 relative.
// How the expected values were produced: test/fixtures/parity/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest } from '../../daemon/src/engine/index';
import { parseBarsCsv } from '../../daemon/src/market/csv-bars';
import { buildCli, quanttrade, tempDir } from './backtest-cli';

const FIXTURES = fileURLToPath(new URL('../fixtures/parity/', import.meta.url));
const REL = 1e-6;

type Day = string;
/** [entry day, exit day, side, qty, entry price, exit price, pnl, net pnl, costs] */
type TradeRow = [Day, Day, string, number, number, number, number, number, number];

interface Outcome {
  finalValue: number;
  finalCash: number;
  pending: number;
  trades: TradeRow[];
  /** The position open at the end: [order created, filled, qty, price]. */
  open: [Day, Day, number, number] | null;
  /** [created, rejected, side, qty] */
  rejected: [Day, Day, string, number][];
}

interface Case extends Outcome {
  csv: string;
  strategy: string;
  params: Record<string, number>;
  initialCash: number;
  commission: number;
  /** Set on cases with a rejection at exactly zero cash left (decided by float rounding). */
  note?: string;
}

const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { cases: Case[] };

interface JsonResult {
  finalValue: number;
  cash: number;
  trades: Record<string, string & number>[];
  orders: Record<string, string & number>[];
  positions: Record<string, string & number>[];
}

const day = (iso: string): Day => iso.slice(0, 10); // ISO times are IST: the date part is the day

/** Our result (the JSON that --json writes) in the fixture's shape. */
function outcome(r: JsonResult): Outcome {
  const filled = r.orders.filter((o) => o.status === 'filled');
  const position = r.positions[0];
  const entry = position && filled.findLast((o) => o.side === 'buy');
  return {
    finalValue: r.finalValue,
    finalCash: r.cash,
    // still working after the last bar (sent: never accepted; open: accepted, not filled)
    pending: r.orders.filter((o) => o.status === 'sent' || o.status === 'open').length,
    trades: r.trades.map((t) => [
      day(t.entryTime),
      day(t.exitTime),
      t.side,
      t.qty,
      t.entryPrice,
      t.exitPrice,
      t.pnl,
      t.netPnl,
      t.costs,
    ]),
    open: entry ? [day(entry.createdTime), day(entry.time), position.qty, position.avgPrice] : null,
    rejected: r.orders
      .filter((o) => o.status === 'rejected')
      .map((o) => [day(o.createdTime), day(o.time), o.side, o.qty]),
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;

/** Money fields replaced by backtrader's where they agree within 1e-6, so toEqual shows real diffs. */
function aligned(ours: Outcome, bt: Outcome): Outcome {
  const pick = (a: number, b: number) => (close(a, b) ? b : a);
  return {
    ...ours,
    finalValue: pick(ours.finalValue, bt.finalValue),
    finalCash: pick(ours.finalCash, bt.finalCash),
    trades: ours.trades.map((t, i) => {
      const b = bt.trades[i];
      if (!b) return t;
      return [...t.slice(0, 6), pick(t[6], b[6]), pick(t[7], b[7]), pick(t[8], b[8])] as TradeRow;
    }),
  };
}

function expectedOf(c: Case): Outcome {
  const { finalValue, finalCash, pending, trades, open, rejected } = c;
  return { finalValue, finalCash, pending, trades, open, rejected };
}

const label = (c: Case) =>
  `${c.csv} ${c.strategy} ${JSON.stringify(c.params)} cash=${c.initialCash} commission=${c.commission}`;

const csvText = new Map<string, string>();
function bars(file: string) {
  if (!csvText.has(file)) csvText.set(file, readFileSync(join(FIXTURES, file), 'utf8'));
  const { series, errors } = parseBarsCsv(csvText.get(file)!, { symbol: file.replace('.csv', '') });
  expect(errors).toEqual([]);
  return new Map([[series.symbol, series]]);
}

describe('agreement with backtrader (engine)', () => {
  it('covers trades, rejections, open positions and orders pending at the end', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.rejected.length > 0).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.open).length).toBeGreaterThan(20);
    expect(cases.some((c) => c.pending > 0)).toBe(true);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const costs = c.commission ? `percent:${c.commission}` : 'none';
    const spec = { strategy: c.strategy, params: c.params, cash: c.initialCash, costs };
    const result = backtestResultToJson(runBacktest(spec, bars(c.csv)), { equity: false });
    const ours = outcome(result as unknown as JsonResult);
    const bt = expectedOf(c);
    expect(aligned(ours, bt)).toEqual(bt);
  });
});

describe('agreement with backtrader (quanttrade backtest --csv … --json)', () => {
  // The whole path once per kind of case: CSV parsing, IST dates, flags and the JSON written.
  const endToEnd = [
    cases.find((c) => c.csv === 'nse.csv' && c.strategy === 'sma-cross' && c.commission)!,
    cases.find((c) => c.note !== undefined)!,
    cases.find((c) => c.csv === 'adjusted.csv' && c.strategy === 'buy-and-hold')!,
  ];
  let dir = '';

  beforeAll(() => {
    buildCli();
    dir = tempDir();
  }, 120_000);

  it.each(endToEnd.map((c, i) => [label(c), c, i] as const))('%s', async (_name, c, i) => {
    const out = join(dir, `parity-${i}.json`);
    const args = ['backtest', '--csv', join(FIXTURES, c.csv), '--strategy', c.strategy];
    for (const [k, v] of Object.entries(c.params)) args.push('--param', `${k}=${v}`);
    args.push('--cash', String(c.initialCash), '--json', out, '--quiet');
    // backtrader's runs charged only the commission (none when 0): the same model here.
    args.push(...(c.commission ? ['--commission', String(c.commission)] : ['--costs', 'none']));
    const run = await quanttrade(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ours = outcome(JSON.parse(readFileSync(out, 'utf8')) as JsonResult);
    const bt = expectedOf(c);
    expect(aligned(ours, bt)).toEqual(bt);
  });
});
