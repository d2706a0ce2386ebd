// The order ledger and the paper venue (issue 10 §4): what the durable part of the bar-to-order
// path costs. Starts its own embedded PostgreSQL in a temporary directory and stops it at the end.
//   ledger.submit-send     an order committed (signal + order, fenced), marked sent (fenced commit),
//                          placed at the paper venue and its acknowledgement applied: p50 and p99,
//                          against a bare INSERT … RETURNING + COMMIT (one durable commit) as
//                          the baseline: every commit waits for the WAL flush, and the send path
//                          has four (order, sent, the venue's order, the acknowledgement);
//   ledger.place           the runner's path: signal + order committed as sent in one fenced
//                          transaction, placed at the venue, the acknowledgement applied in one
//                          statement — against submit-send in the same loop;
//   ledger.fill            a tick that fills one working order: the venue's matching transaction,
//                          the update delivered and the fill booked (charges, position): p50, p99;
//   paper.replay-bars      stored bars handed to the venue with a MARKET order on 1 % of them,
//                          every fill booked by the ledger before the next bar: bars per second.
// The deployment runner's benches add the strategy and the bar pipeline around these.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createPaperAccount } from '../../daemon/src/broker/paper/paper-account';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { packageRoot } from '../../daemon/src/config/package-root';
import { startEmbeddedPostgres } from '../../daemon/src/db/embedded-postgres';
import { migrate } from '../../daemon/src/db/migration-runner';
import { createPool, withTransaction, type Pool } from '../../daemon/src/db/pool';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import type { SubmitOrderInput } from '../../daemon/src/trading/ledger/ledger-types';
import { acquireLease, type Lease } from '../../daemon/src/trading/lease/lease-store';
import { emit, percentile } from './emit';

const log = pino({ level: 'warn' });
const ORDERS = 400;
const BARS = 20_000;

async function setup(pool: Pool) {
  const one = async (sql: string, params: unknown[] = []) =>
    (await pool.query(sql, params)).rows[0].id as number;
  const user = await one(
    `INSERT INTO users (email, password_hash, role) VALUES ('bench@local', 'x', 'operator') RETURNING id`,
  );
  const account = await one(
    `INSERT INTO broker_accounts (owner_id, broker, label) VALUES ($1, 'paper', 'bench') RETURNING id`,
    [user],
  );
  const strategy = await one(`INSERT INTO strategies (owner_id, name) VALUES ($1, 'bench') RETURNING id`, [
    user,
  ]);
  await pool.query(
    `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, universe) VALUES ($1, 1, $2, 'sma-cross', '{}')`,
    [strategy, user],
  );
  const deployment = await one(
    `INSERT INTO deployments (owner_id, strategy_id, strategy_version, broker_account_id, mode) VALUES ($1, $2, 1, $3, 'paper') RETURNING id`,
    [user, strategy, account],
  );
  const instrument = await one(
    `INSERT INTO instruments (exchange, segment, kind, symbol, tick_size, source) VALUES ('NSE', 'NSE_EQ', 'equity', 'BENCH', 0.05, 'bench') RETURNING id`,
  );
  await createPaperAccount(pool, { brokerAccountId: account, startingCapital: 1e12 });
  const lease = (await acquireLease(pool, { deploymentId: deployment, holder: 'bench', ttlMs: 3_600_000 }))!;
  return { user, account, deployment, instrument, lease };
}

function notes(what: string): string {
  return `${what}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}

async function run(pool: Pool): Promise<void> {
  const s = await setup(pool);
  let time = Date.UTC(2025, 0, 6, 4, 0);
  const venue = await PaperVenue.open({ pool, brokerAccountId: s.account, log, clock: () => time });
  const ledger = createLedger({ pool, log });
  ledger.attach(venue);
  const ref = { symbol: 'BENCH', exchange: 'NSE' as const, segment: 'NSE_EQ' as const };
  let n = 0;
  const input = (over: Partial<SubmitOrderInput> = {}): SubmitOrderInput => {
    const k = ++n;
    return {
      clientOrderId: `B${k}`,
      deploymentId: s.deployment,
      brokerAccountId: s.account,
      instrumentId: s.instrument,
      side: 'buy',
      qty: 1,
      orderType: 'MARKET',
      product: 'CNC',
      validity: 'DAY',
      costModel: 'india',
      signal: { signalKey: String(k), barTime: time, side: 'buy', qty: 1, orderType: 'market' },
      ...over,
    };
  };
  const lease: Lease = s.lease;

  // Baseline: the cheapest durable write, one row and a commit.
  await pool.query('CREATE TABLE IF NOT EXISTS bench_rows (id serial PRIMARY KEY, v text)');
  const base: number[] = [];
  for (let k = 0; k < ORDERS; k++) {
    const t0 = performance.now();
    await withTransaction(pool, (c) => c.query(`INSERT INTO bench_rows (v) VALUES ('x') RETURNING id`));
    base.push(performance.now() - t0);
  }
  // submit + send (two commits) and place (one), interleaved so both see the same load.
  const sends: number[] = [];
  const places: number[] = [];
  for (let k = 0; k < ORDERS; k++) {
    let t0 = performance.now();
    await ledger.submitAndSend(lease, input({ orderType: 'LIMIT', limitPrice: 1 }), venue);
    sends.push(performance.now() - t0);
    t0 = performance.now();
    await ledger.place(lease, input({ orderType: 'LIMIT', limitPrice: 1 }), venue);
    places.push(performance.now() - t0);
  }
  emit({
    bench: 'ledger.place',
    metric: 'p50',
    value: percentile(places, 50),
    unit: 'ms',
    baseline: { name: 'ledger.submit-send (submit + send) p50', value: percentile(sends, 50) },
    ratio: percentile(sends, 50) / percentile(places, 50),
    notes: notes(
      `${ORDERS} orders committed with their signal in one transaction, placed at the venue and acknowledged; p99 ${percentile(places, 99).toFixed(2)} ms (submit-send p99 ${percentile(sends, 99).toFixed(2)} ms; a bare commit p50 ${percentile(base, 50).toFixed(2)}, p99 ${percentile(base, 99).toFixed(2)} ms)`,
    ),
  });
  const p50 = percentile(sends, 50);
  emit({
    bench: 'ledger.submit-send',
    metric: 'p50',
    value: p50,
    unit: 'ms',
    baseline: { name: 'INSERT … RETURNING + COMMIT', value: percentile(base, 50) },
    ratio: percentile(base, 50) / p50,
    notes: notes(
      `${ORDERS} orders; p99 ${percentile(sends, 99).toFixed(2)} ms (baseline p99 ${percentile(base, 99).toFixed(2)} ms)`,
    ),
  });
  emit({
    bench: 'ledger.submit-send',
    metric: 'p99',
    value: percentile(sends, 99),
    unit: 'ms',
    target: '<= 5 (issue 10: the commit part of the bar-to-order path)',
    meetsTarget: percentile(sends, 99) <= 5,
  });

  // Fills: one working MARKET order per tick.
  const fills: number[] = [];
  for (let k = 0; k < ORDERS; k++) {
    await ledger.submitAndSend(lease, input(), venue);
    time += 1_000;
    const t0 = performance.now();
    await venue.onTick({
      instrument: { symbol: 'BENCH', segment: 'NSE_EQ', securityId: '' },
      lastPrice: 100,
      lastQty: 1,
      exchangeTime: time,
      receivedAt: time,
      volume: 0,
    });
    fills.push(performance.now() - t0);
  }
  emit({
    bench: 'ledger.fill',
    metric: 'p50',
    value: percentile(fills, 50),
    unit: 'ms',
    notes: notes(
      `${ORDERS} fills (venue transaction + update + ledger booking); p99 ${percentile(fills, 99).toFixed(2)} ms`,
    ),
  });

  // Replay: bars through the venue, a MARKET order on 1 % of them, fills booked before the next bar.
  // The limit orders left working above are cancelled first so every bar is cheap unless it fills.
  await pool.query(`UPDATE paper_orders SET status = 'cancelled' WHERE status = 'open'`);
  await venue.reload();
  const t0 = performance.now();
  for (let b = 0; b < BARS; b++) {
    time += 60_000;
    const p = 100 + (b % 10);
    await venue.onBar(ref, { time, open: p, high: p + 1, low: p - 1, close: p, volume: 1000 });
    if (b % 100 === 0) await ledger.submitAndSend(lease, input(), venue);
  }
  const seconds = (performance.now() - t0) / 1000;
  emit({
    bench: 'paper.replay-bars',
    metric: 'barsPerSecond',
    value: BARS / seconds,
    unit: 'bars/s',
    target: '>= 20000 (issue 10, whole live path incl. the strategy; this is the venue + ledger part)',
    meetsTarget: BARS / seconds >= 20_000,
    notes: notes(`${BARS} bars, ${BARS / 100} orders sent and filled`),
  });
}

const home = mkdtempSync(join(tmpdir(), 'quanttrade-bench-ledger-'));
const pg = await startEmbeddedPostgres({ home, log });
const pool = createPool({ connectionString: pg.connectionString, log, max: 4 });
try {
  await migrate(pool, join(packageRoot(), 'sql'), log);
  await run(pool);
} finally {
  await pool.end();
  await pg.stop();
  rmSync(home, { recursive: true, force: true });
}
