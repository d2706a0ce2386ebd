// Exports of stored bars and backtest results, as CSV and Parquet, from the CLI and as streamed
// downloads. Parquet files are read back by independent readers: DuckDB (its own C++ Parquet
// reader: column types and values), hyparquet (a JavaScript reader) and Apache Arrow's
// JavaScript library (the ARROW:schema that pyarrow/pandas read the IST zone from).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MessageReader } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBars } from '../../daemon/src/market/bar-store';
import { generateSyntheticBars } from '../../daemon/src/market/synthetic-bars';
import { followProgress } from '../backtests/support/backtest-helpers';
import { seedDailyBars } from '../backtests/support/seed-bars';
import { startTestDaemon, type TestDaemon, type TestUserName } from '../support/daemon';
import { runCli } from '../support/spawn-daemon';

let t: TestDaemon;
let dir: string;
let backtestId: number;
let tradeCount: number;
const BARS = 70_000; // more than one page (65,536) of the bar exporter

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const columnTypes = async (file: string) =>
  Object.fromEntries(
    (await duck(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).map((r) => [r.column_name, r.column_type]),
  );

async function cli(...args: string[]) {
  const result = runCli(['export', ...args, '--database-url', t.database.url]);
  return result;
}

async function download(path: string, as?: TestUserName) {
  const headers: Record<string, string> = as ? { authorization: `Bearer ${t.users[as].token}` } : {};
  const response = await fetch(`${t.url}${path}`, { headers });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startTestDaemon();
  dir = mkdtempSync(join(tmpdir(), 'qt-exports-'));
  const series = generateSyntheticBars({
    symbol: 'EXPO',
    timeframe: '1m',
    bars: BARS,
    startDate: '2024-01-01',
    seed: 3,
  });
  await storeBars(t.pool, [{ symbol: 'EXPO', series, source: 'synthetic', synthetic: true }]);
  const seeded = await seedDailyBars(t.pool, 'EXPD', 400);
  const client = t.client('operator');
  const submitted = await client.api.backtests.submit.mutate({
    template: 'sma-cross',
    params: { fast: 5, slow: 20, size: 10 },
    universe: { symbols: ['EXPD'], timeframe: '1d' },
    from: seeded.from,
    to: seeded.to,
    costs: { model: 'india-delivery' },
  });
  backtestId = submitted.id;
  const events = await followProgress(client, backtestId, 60_000);
  expect(events.at(-1)!.status).toBe('succeeded');
  const { rows } = await t.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM backtest_trades WHERE backtest_id = $1',
    [backtestId],
  );
  tradeCount = rows[0]!.n;
  expect(tradeCount).toBeGreaterThan(2);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('quanttrade export bars', () => {
  it('writes every bar once, in order, as CSV with IST times', async () => {
    const result = await cli(
      'bars',
      '--symbol',
      'EXPO',
      '--timeframe',
      '1m',
      '--format',
      'csv',
      '--out',
      dir,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`EXPO_1m.csv: ${BARS} rows`);
    const lines = readFileSync(join(dir, 'EXPO_1m.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time,open,high,low,close,volume');
    expect(lines).toHaveLength(BARS + 1);
    const { rows } = await t.pool.query<{ ts: Date; open: number; volume: number }>(
      `SELECT b.ts, b.open, b.volume FROM bars b JOIN instruments i ON i.id = b.instrument_id
        WHERE i.symbol = 'EXPO' ORDER BY b.ts LIMIT 1`,
    );
    const [time, open, , , , volume] = lines[1]!.split(',');
    expect(time).toMatch(/^2024-01-01T09:15:00\+05:30$/);
    expect(Date.parse(time!)).toBe(rows[0]!.ts.getTime());
    expect(Number(open)).toBe(rows[0]!.open);
    expect(Number(volume)).toBe(rows[0]!.volume);
    // Strictly increasing across the page boundary: nothing lost, nothing twice.
    const times = lines.slice(1).map((l) => Date.parse(l.slice(0, 25)));
    expect(times.every((v, i) => i === 0 || v > times[i - 1]!)).toBe(true);
  });

  it('writes Parquet that DuckDB, hyparquet and Arrow read with the documented types', async () => {
    const result = await cli(
      'bars',
      '--symbol',
      'EXPO',
      '--timeframe',
      '1m',
      '--format',
      'parquet',
      '--out',
      dir,
    );
    expect(result.code).toBe(0);
    const file = join(dir, 'EXPO_1m.parquet');
    expect(await columnTypes(file)).toEqual({
      time: 'TIMESTAMP WITH TIME ZONE',
      open: 'DOUBLE',
      high: 'DOUBLE',
      low: 'DOUBLE',
      close: 'DOUBLE',
      volume: 'DOUBLE',
    });
    const [summary] = await duck(
      `SELECT count(*)::INT AS n, epoch_ms(min(time)) AS first, sum(close) AS closes FROM read_parquet('${file}')`,
    );
    const { rows } = await t.pool.query<{ first: string; closes: number }>(
      `SELECT (extract(epoch FROM min(ts)) * 1000)::bigint::text AS first, sum(close) AS closes FROM bars b
        JOIN instruments i ON i.id = b.instrument_id WHERE i.symbol = 'EXPO'`,
    );
    expect(summary).toMatchObject({ n: BARS, first: BigInt(rows[0]!.first) });
    expect(summary!.closes as number).toBeCloseTo(rows[0]!.closes, 6);

    // Values equal the CSV's, row by row (a sample), through another reader.
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    const objects = await parquetReadObjects({ file: buffer, rowStart: 65_530, rowEnd: 65_540 });
    const csv = readFileSync(join(dir, 'EXPO_1m.csv'), 'utf8').split('\n');
    objects.forEach((row, k) => {
      const [time, open, high, low, close, volume] = csv[65_531 + k]!.split(',');
      expect(row).toEqual({
        time: new Date(Date.parse(time!)),
        open: Number(open),
        high: Number(high),
        low: Number(low),
        close: Number(close),
        volume: Number(volume),
      });
    });

    // The Arrow schema pyarrow reads: timestamps in Asia/Kolkata.
    const arrow = parquetMetadata(buffer).key_value_metadata!.find((kv) => kv.key === 'ARROW:schema')!;
    const schema = new MessageReader(Buffer.from(arrow.value!, 'base64')).readSchema()!;
    expect(schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'time:Timestamp<MILLISECOND, Asia/Kolkata>',
      'open:Float64',
      'high:Float64',
      'low:Float64',
      'close:Float64',
      'volume:Float64',
    ]);
  });

  it('limits to --from/--to (IST days, inclusive) and names a bad flag or symbol', async () => {
    const ranged = await cli(
      'bars',
      '--symbol',
      'EXPO',
      '--timeframe',
      '1m',
      '--from',
      '2024-01-02',
      '--to',
      '2024-01-02',
      '--format',
      'csv',
      '--out',
      join(dir, 'ranged'),
    );
    expect(ranged.code).toBe(0);
    const lines = readFileSync(join(dir, 'ranged/EXPO_1m.csv'), 'utf8').trimEnd().split('\n');
    expect(lines.length - 1).toBe(375);
    expect(lines[1]!.startsWith('2024-01-02T09:15:00+05:30')).toBe(true);
    const badFormat = await cli('bars', '--symbol', 'EXPO', '--format', 'xlsx', '--out', dir);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format.*xlsx/);
    const unknown = await cli('bars', '--symbol', 'NOSUCH', '--format', 'csv', '--out', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/NOSUCH/);
  });
});

describe('quanttrade export backtest', () => {
  it('writes trades with exact decimals and the equity curve, as CSV and Parquet', async () => {
    for (const format of ['csv', 'parquet']) {
      const result = await cli('backtest', String(backtestId), '--format', format, '--out', dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const trades = join(dir, `backtest-${backtestId}-trades.parquet`);
    expect(await columnTypes(trades)).toMatchObject({
      seq: 'INTEGER',
      symbol: 'VARCHAR',
      qty: 'DECIMAL(18,4)',
      entry_time: 'TIMESTAMP WITH TIME ZONE',
      entry_price: 'DECIMAL(18,4)',
      net_pnl: 'DECIMAL(18,2)',
    });
    const fromParquet = await duck(
      `SELECT seq, entry_price::VARCHAR AS price, net_pnl::VARCHAR AS pnl FROM read_parquet('${trades}') ORDER BY seq`,
    );
    const { rows } = await t.pool.query<{ seq: number; price: string; pnl: string }>(
      'SELECT seq, entry_price::text AS price, net_pnl::text AS pnl FROM backtest_trades WHERE backtest_id = $1 ORDER BY seq',
      [backtestId],
    );
    expect(fromParquet).toEqual(rows);
    const csv = readFileSync(join(dir, `backtest-${backtestId}-trades.csv`), 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv).toHaveLength(tradeCount + 1);
    expect(csv[1]!.split(',')[5]).toBe(rows[0]!.price);
    const orders = join(dir, `backtest-${backtestId}-orders.parquet`);
    expect(await columnTypes(orders)).toMatchObject({
      id: 'INTEGER',
      side: 'VARCHAR',
      status: 'VARCHAR',
      qty: 'DECIMAL(18,4)',
      limit_price: 'DECIMAL(18,4)',
      created_time: 'TIMESTAMP WITH TIME ZONE',
      done_time: 'TIMESTAMP WITH TIME ZONE',
      fill_price: 'DECIMAL(18,4)',
    });
    const [filled] = (await duck(
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE status = 'filled')::INT AS filled,
              count(*) FILTER (WHERE status = 'filled' AND fill_price IS NULL)::INT AS unpriced
         FROM read_parquet('${orders}')`,
    )) as { n: number; filled: number; unpriced: number }[];
    // A round trip is two filled orders; entry and exit prices are those fills'.
    expect(filled!.filled).toBeGreaterThanOrEqual(2 * tradeCount);
    expect(filled!.unpriced).toBe(0);
    const firstFill = await duck(
      `SELECT fill_price::VARCHAR AS price FROM read_parquet('${orders}') WHERE status = 'filled' ORDER BY id LIMIT 1`,
    );
    expect(firstFill[0]!.price).toBe(rows[0]!.price);
    const ordersCsv = readFileSync(join(dir, `backtest-${backtestId}-orders.csv`), 'utf8')
      .trimEnd()
      .split('\n');
    expect(ordersCsv).toHaveLength(filled!.n + 1);
    const equity = await duck(
      `SELECT count(*)::INT AS n FROM read_parquet('${join(dir, `backtest-${backtestId}-equity.parquet`)}')`,
    );
    const points = await t.pool.query<{ n: number }>(
      'SELECT cardinality(ts) AS n FROM backtest_equity WHERE backtest_id = $1',
      [backtestId],
    );
    expect(equity[0]!.n).toBe(points.rows[0]!.n);
  });

  it('says which backtest does not exist', async () => {
    const result = await cli('backtest', '999999', '--format', 'csv', '--out', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/999999/);
  });
});

describe('download endpoints', () => {
  it('streams the same bytes as the CLI writes', async () => {
    const csv = await download('/api/exports/bars?symbol=EXPO&timeframe=1m&format=csv', 'viewer');
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.response.headers.get('content-disposition')).toBe('attachment; filename="EXPO_1m.csv"');
    expect(csv.bytes.equals(readFileSync(join(dir, 'EXPO_1m.csv')))).toBe(true);
    const parquet = await download('/api/exports/bars?symbol=EXPO&timeframe=1m&format=parquet', 'viewer');
    expect(parquet.response.status).toBe(200);
    expect(parquet.bytes.equals(readFileSync(join(dir, 'EXPO_1m.parquet')))).toBe(true);
  });

  it('enforces the role, validates the query and keeps backtests to their owners', async () => {
    const bars = '/api/exports/bars?symbol=EXPO&format=csv';
    expect((await download(bars)).response.status).toBe(401);
    const badFormat = await download('/api/exports/bars?symbol=EXPO&format=xlsx', 'viewer');
    expect(badFormat.response.status).toBe(400);
    expect(JSON.parse(badFormat.bytes.toString()).error.issues[0]).toMatchObject({
      path: 'format',
      value: 'xlsx',
    });
    expect((await download('/api/exports/bars?symbol=NOSUCH&format=csv', 'viewer')).response.status).toBe(
      404,
    );
    expect(
      (await download('/api/exports/bars?symbol=EXPO&format=csv&extra=1', 'viewer')).response.status,
    ).toBe(400);
    expect(
      (await download('/api/exports/bars?symbol=EXPO&format=csv&from=yesterday', 'viewer')).response.status,
    ).toBe(400);

    const trades = `/api/exports/backtest?id=${backtestId}&table=trades&format=csv`;
    const own = await download(trades, 'operator');
    expect(own.response.status).toBe(200);
    expect(own.bytes.equals(readFileSync(join(dir, `backtest-${backtestId}-trades.csv`)))).toBe(true);
    expect((await download(trades, 'operator2')).response.status).toBe(404);
    expect((await download(trades, 'viewer')).response.status).toBe(404);
    expect((await download(trades, 'admin')).response.status).toBe(200);
    const orders = await download(
      `/api/exports/backtest?id=${backtestId}&table=orders&format=csv`,
      'operator',
    );
    expect(orders.response.status).toBe(200);
    expect(orders.bytes.equals(readFileSync(join(dir, `backtest-${backtestId}-orders.csv`)))).toBe(true);
    expect((await download(trades)).response.status).toBe(401);
    expect(
      (await download(`/api/exports/backtest?id=abc&table=trades&format=csv`, 'operator')).response.status,
    ).toBe(400);
  });

  it('are described in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as {
      paths: Record<string, { get: Record<string, unknown> }>;
    };
    expect(doc.paths['/api/exports/bars']!.get['x-quanttrade-role']).toBe('viewer');
    expect(doc.paths['/api/exports/backtest']!.get['x-quanttrade-role']).toBe('viewer');
  });
});
