// A deployment's fills and EOD reports as streamed CSV and Parquet downloads (issue 13 §4): a day
// booked through the ledger on the paper venue, reported, then downloaded — the bytes agree with
// the ledger's rows to the last decimal, Parquet keeps exact decimal types (read by DuckDB), and
// row-level security hides another user's deployment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import { buildEodReport, saveEodReport } from '../../daemon/src/trading/ledger/eod-report';
import { startTestDaemon, type TestDaemon, type TestUserName } from '../support/daemon';
import { ledgerRig, tickOf, type LedgerRig } from '../trading/support/ledger-setup';

let t: TestDaemon;
let rig: LedgerRig;
let dir: string;

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

async function download(query: string, as: TestUserName) {
  const response = await fetch(`${t.url}/api/exports/deployment?${query}`, {
    headers: { authorization: `Bearer ${t.users[as].token}` },
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startTestDaemon();
  dir = mkdtempSync(join(tmpdir(), 'qt-deployment-exports-'));
  rig = await ledgerRig(t.pool, { costModel: 'india', start: istTime('2025-01-06', 10, 0) });
  const at = (h: number, m: number) => istTime('2025-01-06', h, m);
  await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 100, product: 'CNC' }), rig.venue);
  await rig.venue.onTick(tickOf(rig.instrument, at(10, 1), 100));
  await rig.ledger.submitAndSend(rig.lease, rig.order({ side: 'sell', qty: 40, product: 'CNC' }), rig.venue);
  await rig.venue.onTick(tickOf(rig.instrument, at(11, 0), 110.05));
  await rig.ledger.mark([{ instrumentId: rig.instrument.id, price: 105, time: at(15, 29) }]);
  await saveEodReport(t.pool, await buildEodReport(t.pool, rig.deploymentId, '2025-01-06'));
});

afterAll(async () => {
  rig?.detach();
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('deployment exports', () => {
  it('streams every fill with its charges by component, exactly as booked', async () => {
    const { response, bytes } = await download(`id=${rig.deploymentId}&table=fills&format=csv`, 'admin');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`deployment-${rig.deploymentId}-fills.csv`);
    const [header, ...lines] = bytes.toString('utf8').trim().split('\n');
    expect(header).toBe(
      'fill_id,time,client_order_id,symbol,product,side,qty,price,value,brokerage,stt,exchange,sebi,ipft,stamp,gst,dp,charges,realised_pnl,broker_trade_id',
    );
    const { rows } = await t.pool.query(
      `SELECT f.price::text AS price, f.value::text AS value, f.stt::text AS stt, f.costs::text AS costs,
              f.realised_pnl::text AS pnl
         FROM fills f WHERE f.deployment_id = $1 ORDER BY f.filled_at, f.id`,
      [rig.deploymentId],
    );
    expect(lines).toHaveLength(2);
    expect(rows).toHaveLength(2);
    lines.forEach((line, i) => {
      const cells = line.split(',');
      expect(cells[1]).toBe(i === 0 ? '2025-01-06T10:01:00+05:30' : '2025-01-06T11:00:00+05:30');
      expect(cells[5]).toBe(i === 0 ? 'buy' : 'sell');
      expect([cells[7], cells[8], cells[10], cells[17], cells[18]]).toEqual([
        rows[i].price,
        rows[i].value,
        rows[i].stt,
        rows[i].costs,
        rows[i].pnl,
      ]);
    });
    expect(rows[1].pnl).toBe('402.00'); // 40 × (110.05 − 100), to the paisa
  });

  it('writes Parquet with exact decimal columns and IST timestamps that DuckDB reads back', async () => {
    const { response, bytes } = await download(`id=${rig.deploymentId}&table=fills&format=parquet`, 'admin');
    expect(response.status).toBe(200);
    const file = join(dir, 'fills.parquet');
    writeFileSync(file, bytes);
    const types = Object.fromEntries(
      (await duck(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).map((r) => [
        r.column_name,
        r.column_type,
      ]),
    );
    expect(types).toMatchObject({
      time: 'TIMESTAMP WITH TIME ZONE',
      price: 'DECIMAL(18,4)',
      stt: 'DECIMAL(18,6)',
      realised_pnl: 'DECIMAL(18,2)',
      qty: 'INTEGER',
    });
    const read = await duck(
      `SELECT side, qty, price::VARCHAR AS price, realised_pnl::VARCHAR AS pnl FROM read_parquet('${file}') ORDER BY fill_id`,
    );
    expect(read).toEqual([
      { side: 'buy', qty: 100, price: '100.0000', pnl: '0.00' },
      { side: 'sell', qty: 40, price: '110.0500', pnl: '402.00' },
    ]);
  });

  it('writes the end-of-day reports one row per day with the P&L and charges of the report', async () => {
    const report = await buildEodReport(t.pool, rig.deploymentId, '2025-01-06');
    const { response, bytes } = await download(`id=${rig.deploymentId}&table=eod&format=csv`, 'admin');
    expect(response.status).toBe(200);
    const [header, ...lines] = bytes.toString('utf8').trim().split('\n');
    const columns = header!.split(',');
    expect(lines).toHaveLength(1);
    const row = Object.fromEntries(lines[0]!.split(',').map((v, i) => [columns[i], v]));
    expect(row).toMatchObject({
      trading_date: '2025-01-06',
      trades: '2',
      orders: '2',
      orders_filled: '2',
      positions_carried: '1',
      realised_pnl: report.pnl.realised,
      unrealised_pnl: report.pnl.unrealised,
      day_pnl: report.pnl.dayPnl,
      stt: report.pnl.charges.stt,
      charges: report.pnl.charges.total,
      net_pnl: report.pnl.net,
    });
  });

  it("keeps other users' deployments hidden and names bad parameters", async () => {
    const hidden = await download(`id=${rig.deploymentId}&table=fills&format=csv`, 'viewer');
    expect(hidden.response.status).toBe(404);
    expect(hidden.bytes.toString()).toContain(`deployment ${rig.deploymentId} does not exist`);
    const bad = await download(`id=${rig.deploymentId}&table=trades&format=csv`, 'admin');
    expect(bad.response.status).toBe(400);
    expect(bad.bytes.toString()).toMatch(/table/);
    const anonymous = await fetch(
      `${t.url}/api/exports/deployment?id=${rig.deploymentId}&table=eod&format=csv`,
    );
    expect(anonymous.status).toBe(401);
  });
});
