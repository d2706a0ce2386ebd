import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import { loadDemoDataOnFirstStart } from '../../daemon/src/market/demo-data-hook';
import { MAX_SYNTHETIC_BARS } from '../../daemon/src/market/synthetic-universe';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { useFakeHttpServer } from '../support/fake-http-server';

const yahoo = useFakeHttpServer();
let td: TestDaemon;
beforeAll(async () => {
  // The data.ingest handler takes the source settings from the daemon's configuration.
  td = await startTestDaemon({ config: { yahooBaseUrl: yahoo.baseUrl } });
});
afterAll(() => td.stop());

type Api = ReturnType<TestDaemon['api']>;

async function finished(api: Api, id: number) {
  for (let i = 0; i < 1200; i++) {
    const row = await api.market.ingest.query({ id });
    if (row.status === 'succeeded' || row.status === 'failed') return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ingest ${id} did not finish`);
}

/** 20 daily rows on consecutive days from 1 Jan 2025: weekdays only (sessions), or every day. */
function dailyCsv(weekdaysOnly: boolean): string {
  const days: string[] = [];
  for (let i = 0; days.length < 20; i++) {
    const date = new Date(Date.UTC(2025, 0, 1 + i));
    if (!weekdaysOnly || (date.getUTCDay() > 0 && date.getUTCDay() < 6))
      days.push(date.toISOString().slice(0, 10));
  }
  const rows = days.map((d, i) => `${d},${100 + i},${102 + i},${99 + i},${101 + i},${1000 + i}`);
  return ['Date,Open,High,Low,Close,Volume', ...rows].join('\n');
}
const CSV = dailyCsv(true);

describe('market API', () => {
  it('imports CSV text as a data.ingest job, then serves, downsamples and checks the bars', async () => {
    const operator = td.api('operator');
    const { ingestId } = await operator.market.import.mutate({ symbol: 'APIX', csv: CSV, timeframe: '1d' });
    const row = await finished(operator, ingestId);
    expect(row).toMatchObject({ status: 'succeeded', progress: 1, barsWritten: 20, kind: 'csv' });
    expect(row.request).not.toHaveProperty('csv');

    const viewer = td.api('viewer');
    const all = await viewer.market.bars.query({ symbol: 'APIX', from: '2025-01-01', to: '2025-01-10' });
    expect(all).toMatchObject({ symbol: 'APIX', synthetic: false, timeframe: '1d', total: 8 });
    expect(all.time[0]).toBe(istTime('2025-01-01'));
    expect(all.close.slice(0, 3)).toEqual([101, 102, 103]);
    const chart = await viewer.market.bars.query({ symbol: 'APIX', maxPoints: 10 });
    expect(chart.total).toBe(20);
    expect(chart.time).toHaveLength(10);
    expect(chart.high[0]).toBe(103);
    expect(chart.low[0]).toBe(99);
    expect(chart.volume[0]).toBe(2001);

    const quality = await viewer.market.quality.query({
      symbol: 'APIX',
      from: '2025-01-01',
      to: '2025-01-20',
    });
    expect(quality.missingSessions.count).toBe(0);
    expect(quality.barsOnClosedDays.count).toBe(0);
    expect(quality.offTimeframe.count).toBe(0);

    // A calendar-day file (weekends included) cannot be daily NSE bars: the ingest fails.
    const weekends = await operator.market.import.mutate({
      symbol: 'APIW',
      csv: dailyCsv(false),
      timeframe: '1d',
    });
    const refused = await finished(operator, weekends.ingestId);
    expect(refused.status).toBe('failed');
    expect(refused.error).toContain('line 5: 2025-01-04 is not an NSE trading day (Saturday)');

    const found = await viewer.market.instruments.query({ query: 'api' });
    expect(found.items.map((i) => i.symbol)).toEqual(['APIX']);
    expect(found.items[0]!.bars).toEqual({ '1d': 20 });
  });

  it('ends a bad CSV import as failed, naming the lines, with nothing stored', async () => {
    const operator = td.api('operator');
    const bad = 'Date,Open,High,Low,Close,Volume\n2025-01-06,10,9,8,9,1\n2025-01-07,10,11,9,x,1\n';
    const { ingestId } = await operator.market.import.mutate({ symbol: 'APIBAD', csv: bad });
    const row = await finished(operator, ingestId);
    expect(row.status).toBe('failed');
    expect(row.error).toContain('2 bad rows, nothing was imported');
    expect(row.error).toContain('line 3: Close: got "x", expected a number');
    await expect(td.api('viewer').market.bars.query({ symbol: 'APIBAD' })).rejects.toThrow(
      /unknown instrument NSE:APIBAD/,
    );
  });

  it('fetches from Yahoo (a local server) through the job queue and streams progress', async () => {
    const t0 = istTime('2025-01-06', 9, 15) / 1000;
    yahoo.queue({
      body: {
        chart: {
          result: [
            {
              timestamp: [t0, t0 + 86400],
              indicators: {
                quote: [{ open: [10, 11], high: [12, 12], low: [9, 10], close: [11, 11.5], volume: [5, 6] }],
                adjclose: [{ adjclose: [11, 11.5] }],
              },
            },
          ],
          error: null,
        },
      },
    });
    const operator = td.client('operator');
    const { ingestId } = await operator.api.market.fetch.mutate({
      source: 'yahoo',
      symbol: 'YHOO',
      from: '2025-01-06',
      to: '2025-01-07',
    });
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = operator.api.market.ingestProgress.subscribe(
        { id: ingestId },
        {
          onData: (e) => {
            events.push(e.status);
            if (e.status !== 'succeeded' && e.status !== 'failed') return;
            sub.unsubscribe();
            resolve();
          },
          onError: reject,
        },
      );
    });
    expect(events.at(-1)).toBe('succeeded');
    expect(yahoo.requests[0]!.url.pathname).toBe('/v8/finance/chart/YHOO.NS');
    const bars = await td.api('viewer').market.bars.query({ symbol: 'YHOO' });
    expect(bars.close).toEqual([11, 11.5]);
  });

  it('lets only operators ingest', async () => {
    await expect(td.api('viewer').market.import.mutate({ symbol: 'NOPE', csv: CSV })).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    await expect(
      td.api('operator').market.importFile.mutate({ symbol: 'NOPE', path: '/etc/passwd' }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });

  it('refuses a synthetic request beyond the total-bars cap up front, queueing nothing', async () => {
    const operator = td.api('operator');
    const before = await operator.market.ingests.query({ limit: 200 });
    // Each field is within its own limit; 1000 × 5,000,000 bars in all is not.
    const refused = operator.market.synth.mutate({ symbols: 1000, bars: 5_000_000 });
    await expect(refused).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
    await expect(refused).rejects.toThrow(
      `bars: got 5000000, expected at most ${MAX_SYNTHETIC_BARS} bars in one request counting every symbol (symbols × bars = 1000 × 5000000 = 5000000000)`,
    );
    expect(await operator.market.ingests.query({ limit: 200 })).toEqual(before);
  });

  it('loads the synthetic demo universe on a first start, labelled synthetic', async () => {
    const fresh = await startTestDaemon();
    try {
      const { jobs, bus, metrics, config, log, health } = fresh.daemon.deps;
      const context = { firstStart: true, pool: fresh.pool, jobs, bus, metrics, config, log, health };
      await loadDemoDataOnFirstStart.run(context);
      const viewer = fresh.api('viewer');
      // The daemon's own ingest has no owner: admins see it, other users do not.
      const admin = fresh.api('admin');
      expect(await viewer.market.ingests.query({ limit: 1 })).toEqual([]);
      const [ingest] = await admin.market.ingests.query({ limit: 1 });
      expect(ingest!.kind).toBe('synthetic');
      expect((await finished(admin, ingest!.id)).status).toBe('succeeded');
      const demo = await viewer.market.coverage.query();
      expect(new Set(demo.map((c) => c.symbol))).toEqual(
        new Set(['DEMOBANK', 'DEMOTECH', 'DEMOPHARMA', 'DEMOAUTO', 'DEMOENERGY']),
      );
      expect(demo.every((c) => c.synthetic && c.source === 'synthetic')).toBe(true);
      expect(demo.filter((c) => c.timeframe === '1m')).toHaveLength(2);
      const daily = demo.find((c) => c.symbol === 'DEMOBANK' && c.timeframe === '1d')!;
      expect(daily.bars).toBeGreaterThan(1200);
      expect(Date.parse(daily.last)).toBeLessThan(Date.now());
      // Once the store holds bars, the hook queues nothing.
      await loadDemoDataOnFirstStart.run(context);
      expect((await admin.market.ingests.query({ limit: 5 })).map((i) => i.id)).toEqual([ingest!.id]);
    } finally {
      await fresh.stop();
    }
  });
});
