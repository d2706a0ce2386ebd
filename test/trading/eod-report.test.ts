// End-of-day reports and marks: a day of trading booked through the ledger, marked at the close,
// reported (trades, P&L by component, charges, positions carried), stored and rendered as CSV;
// the next day's first mark rolls the day and reports the carried position's day P&L.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import { eodReportCsv } from '../../daemon/src/trading/ledger/eod-csv';
import { buildEodReport, readEodReport, saveEodReport } from '../../daemon/src/trading/ledger/eod-report';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ledgerRig, tickOf } from './support/ledger-setup';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('end-of-day report', () => {
  it('reports a day of trades, P&L by component and the carried position, exactly, as JSON and CSV', async () => {
    const rig = await ledgerRig(db.pool, { costModel: 'india', start: istTime('2025-01-06', 10, 0) });
    const at = (h: number, m: number) => istTime('2025-01-06', h, m);
    await rig.ledger.submitAndSend(rig.lease, rig.order({ qty: 100, product: 'CNC' }), rig.venue);
    await rig.venue.onTick(tickOf(rig.instrument, at(10, 1), 100));
    await rig.ledger.submitAndSend(
      rig.lease,
      rig.order({ side: 'sell', qty: 40, product: 'CNC' }),
      rig.venue,
    );
    await rig.venue.onTick(tickOf(rig.instrument, at(11, 0), 110));
    expect(await rig.ledger.mark([{ instrumentId: rig.instrument.id, price: 105, time: at(15, 29) }])).toBe(
      1,
    );

    const report = await buildEodReport(db.pool, rig.deploymentId, '2025-01-06');
    expect(report.trades.map((t) => [t.side, t.qty, t.price, t.value, t.realisedPnl])).toEqual([
      ['buy', 100, '100.0000', '10000.00', '0.00'],
      ['sell', 40, '110.0000', '4400.00', '400.00'],
    ]);
    expect(report.trades[0]!.time).toBe('2025-01-06T10:01:00+05:30');
    const { rows } = await db.pool.query(
      `SELECT sum(costs)::numeric(24, 6)::text AS c FROM fills WHERE deployment_id = $1`,
      [rig.deploymentId],
    );
    expect(report.pnl).toMatchObject({ realised: '400.00', unrealised: '300.00', dayPnl: '700.00' });
    expect(report.pnl.charges.total).toBe(rows[0].c);
    expect(Number(report.pnl.charges.stt)).toBeGreaterThan(0); // delivery STT on both sides
    expect(Number(report.pnl.net)).toBeCloseTo(700 - Number(rows[0].c), 6);
    expect(report.positions).toEqual([
      {
        symbol: rig.instrument.symbol,
        product: 'CNC',
        qty: 60,
        avgPrice: '100.0000',
        lastPrice: '105.0000',
        unrealisedPnl: '300.00',
        dayPnl: '700.00',
      },
    ]);
    expect(report.orders).toEqual({ total: 2, filled: 2, cancelled: 0, rejected: 0, expired: 0, open: 0 });

    await saveEodReport(db.pool, report);
    await saveEodReport(db.pool, report); // again: replaced, not duplicated
    expect(await readEodReport(db.pool, rig.deploymentId, '2025-01-06')).toEqual(report);
    const csv = eodReportCsv(report).split('\n');
    expect(csv[0]).toBe(`EOD report,deployment ${rig.deploymentId},2025-01-06`);
    expect(csv).toContain('trades');
    expect(csv.find((l) => l.startsWith('2025-01-06T11:00:00+05:30'))).toMatch(
      /,sell,40,110\.0000,4400\.00,.*,400\.00$/,
    );
    expect(csv).toContain('day_pnl,700.00');
    expect(csv).toContain(`${rig.instrument.symbol},CNC,60,100.0000,105.0000,300.00,700.00`);

    // The next day: the first mark rolls the day; the carried 60 moved from 105 to 108.
    await rig.ledger.mark([
      { instrumentId: rig.instrument.id, price: 108, time: istTime('2025-01-07', 9, 16) },
    ]);
    const next = await buildEodReport(db.pool, rig.deploymentId, '2025-01-07');
    expect(next.trades).toEqual([]);
    expect(next.pnl).toMatchObject({
      realised: '0.00',
      unrealised: '480.00',
      dayPnl: '180.00',
      net: '180.000000',
    });
    // An older mark arriving late changes nothing.
    expect(
      await rig.ledger.mark([
        { instrumentId: rig.instrument.id, price: 1, time: istTime('2025-01-07', 9, 15) },
      ]),
    ).toBe(0);
  });

  it('names a bad date or an unknown deployment', async () => {
    await expect(buildEodReport(db.pool, 1, '06-01-2025')).rejects.toThrow(/tradingDate: got "06-01-2025"/);
    await expect(buildEodReport(db.pool, 999_999, '2025-01-06')).rejects.toThrow(
      /deployment 999999 does not exist/,
    );
  });
});
