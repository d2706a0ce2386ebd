// A trading process for the kill -9 test (crash-send.test.ts): takes the deployment's lease,
// opens the paper venue and the ledger on the test database, runs restart recovery, then submits
// and sends orders in a loop — one signal per "bar", re-submitting the last signal it finds first
// (a strategy replaying its last bar) — with a tick now and then so orders fill. It prints
// `ready <recovery report>` and one `sent <key>` per send; the test kills it at random points.
//
// Usage: node send-loop.cjs <database url> <broker account> <deployment> <instrument>
import pino from 'pino';
import { PaperVenue } from '../../../daemon/src/broker/paper/paper-venue';
import { createPool } from '../../../daemon/src/db/pool';
import { createLedger } from '../../../daemon/src/trading/ledger/ledger';
import { LeaseKeeper } from '../../../daemon/src/trading/lease/lease-keeper';

const [url, account, deployment, instrument] = process.argv.slice(2);
const brokerAccountId = Number(account);
const deploymentId = Number(deployment);
const instrumentId = Number(instrument);
const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const pool = createPool({ connectionString: url!, max: 4, log });
  let keeper: LeaseKeeper | undefined;
  while (
    !(keeper = await LeaseKeeper.acquire({
      pool,
      deploymentId,
      holder: `loop-${process.pid}`,
      ttlMs: 5_000,
      log,
    }))
  )
    await sleep(20);
  const { rows: instruments } = await pool.query(
    'SELECT symbol, segment, security_id FROM instruments WHERE id = $1',
    [instrumentId],
  );
  const i = instruments[0];
  let time = Date.UTC(2025, 0, 6, 4, 0);
  const venue = await PaperVenue.open({ pool, brokerAccountId, log, clock: () => time, ackLatencyMs: 10 });
  const ledger = createLedger({ pool, log });
  ledger.attach(venue);
  const report = await ledger.recover(venue, { brokerAccountId, deploymentId }, keeper.fence(), {
    sentGraceMs: 0,
  });
  process.stdout.write(`ready ${JSON.stringify(report)}\n`);
  const { rows } = await pool.query<{ last: number | null }>(
    `SELECT max(signal_key::int) AS last FROM signals WHERE deployment_id = $1`,
    [deploymentId],
  );
  const start = rows[0]!.last ?? 0;
  for (let k = start; k < start + 10_000; k++) {
    const result = await ledger.submitAndSend(
      keeper.fence(),
      {
        clientOrderId: `L${deploymentId}-${k}-${process.pid}`,
        deploymentId,
        brokerAccountId,
        instrumentId,
        side: k % 2 === 0 ? 'buy' : 'sell',
        qty: 1 + (k % 5),
        orderType: 'MARKET',
        product: 'INTRADAY',
        validity: 'DAY',
        costModel: 'india',
        signal: {
          signalKey: String(k),
          barTime: time,
          side: k % 2 === 0 ? 'buy' : 'sell',
          qty: 1 + (k % 5),
          orderType: 'market',
        },
      },
      venue,
    );
    process.stdout.write(`sent ${k} ${result.outcome}\n`);
    time += 1_000;
    if (k % 3 === 0)
      await venue.onTick({
        instrument: { symbol: i.symbol, segment: i.segment, securityId: i.security_id ?? '' },
        lastPrice: 100 + (k % 7),
        lastQty: 1_000,
        exchangeTime: time,
        receivedAt: time,
        volume: 0,
      });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
