// A trading process for the Dhan kill -9 test (dhan-crash-send.test.ts): takes the deployment's
// lease, opens the Dhan link (REST client + BrokerLink) to the fake Dhan and the ledger on the test
// database, runs restart recovery, then submits and sends market orders in a loop — re-submitting
// the last signal it finds first, as a strategy replaying its last bar would. It prints
// `ready <recovery report>` and one `sent <key> <outcome>` per send; the test kills it at random
// points (the fake answers every place late, after acting, so many kills land in between).
//
// Usage: node dhan-send-loop.cjs <database url> <broker account> <deployment> <instrument> <rest url> <client id> <token>
import pino from 'pino';
import {
  createDhanBrokerLink,
  createDhanClient,
  createMemoryRateStore,
  createRateLimiter,
} from '../../../daemon/src/broker/dhan';
import { createPool } from '../../../daemon/src/db/pool';
import { createLedger } from '../../../daemon/src/trading/ledger/ledger';
import { LeaseKeeper } from '../../../daemon/src/trading/lease/lease-keeper';

const [url, account, deployment, instrument, restUrl, clientId, accessToken] = process.argv.slice(2);
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
  const client = createDhanClient({
    baseUrl: restUrl!,
    credentials: () => ({ clientId: clientId!, accessToken: accessToken! }),
    limiter: createRateLimiter({ store: createMemoryRateStore(), key: `loop-${clientId}` }),
    timeoutMs: 2_000,
  });
  const link = createDhanBrokerLink({ rest: client.rest, log });
  const ledger = createLedger({ pool, log });
  const report = await ledger.recover(link, { brokerAccountId, deploymentId }, keeper.fence(), {
    sentGraceMs: 0,
  });
  process.stdout.write(`ready ${JSON.stringify(report)}\n`);
  const { rows } = await pool.query<{ last: number | null }>(
    `SELECT max(signal_key::int) AS last FROM signals WHERE deployment_id = $1`,
    [deploymentId],
  );
  const start = rows[0]!.last ?? 0;
  for (let k = start; k < start + 10_000; k++) {
    const side = k % 2 === 0 ? 'buy' : 'sell';
    const result = await ledger.submitAndSend(
      keeper.fence(),
      {
        clientOrderId: `D${deploymentId}-${k}-${process.pid}`.slice(0, 30),
        deploymentId,
        brokerAccountId,
        instrumentId,
        side,
        qty: 1 + (k % 5),
        orderType: 'MARKET',
        product: 'INTRADAY',
        validity: 'DAY',
        costModel: 'india',
        signal: { signalKey: String(k), barTime: Date.now(), side, qty: 1 + (k % 5), orderType: 'market' },
      },
      link,
    );
    process.stdout.write(`sent ${k} ${result.outcome}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
