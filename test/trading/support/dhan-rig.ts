// The ledger trading through Dhan for fault tests: a fake Dhan of its own (so the broker's books
// hold this test's orders only), the REST client, the order-update socket, the Dhan BrokerLink,
// the ledger attached to it and the account's reconciliation loop — wired as the daemon wires them
// (trading/trading-links.ts), minus the link supervisor. Nothing is stubbed: HTTP and WebSocket
// to a real server on 127.0.0.1, a real PostgreSQL.
import {
  createDhanBrokerLink,
  createOrderUpdateStream,
  type DhanBrokerLink,
  type DhanOrderUpdate,
  type OrderUpdateStream,
} from '../../../daemon/src/broker/dhan';
import type { Pool } from '../../../daemon/src/db/pool';
import {
  startFakeDhan,
  type FakeDhan,
  type FakeDhanOptions,
} from '../../../daemon/src/dev/dhan-fake/fake-server';
import { createLedger, type Ledger } from '../../../daemon/src/trading/ledger/ledger';
import type { SubmitOrderInput } from '../../../daemon/src/trading/ledger/ledger-types';
import { acquireLease, type Lease } from '../../../daemon/src/trading/lease/lease-store';
import { startAccountSync, type AccountSync } from '../../../daemon/src/trading/reconcile/account-sync';
import { dhanClientFor } from '../../support/dhan';
import { testLogger } from '../../support/logger';
import {
  createBrokerAccount,
  createDeployment,
  createInstrument,
  createUser,
  type TestInstrument,
} from './trading-fixtures';

export interface DhanRig {
  fake: FakeDhan;
  ownerId: number;
  accountId: number;
  deploymentId: number;
  instrument: TestInstrument;
  lease: Lease;
  ledger: Ledger;
  link: DhanBrokerLink;
  sync: AccountSync;
  /** The order-update socket (absent with `socket: false`). */
  stream?: OrderUpdateStream;
  /** The token the client sends (swap it to model a new token). */
  token: { current: string };
  /** Order-update messages the socket delivered so far. */
  updatesSeen(): number;
  order(over?: Partial<SubmitOrderInput>): SubmitOrderInput;
  close(): Promise<void>;
}

let seq = 0;

export async function dhanRig(
  pool: Pool,
  options: {
    fake?: FakeDhanOptions;
    /** Without the order-update socket: only reconciliation brings the broker's changes. */
    socket?: boolean;
    reconcileIntervalMs?: number;
    freezeQty?: number;
    /** The pool the ledger and reconciliation use (a proxied one to cut); rows go through `pool`. */
    tradingPool?: Pool;
  } = {},
): Promise<DhanRig> {
  const fake = await startFakeDhan({ pingMs: 1000, tickMs: 1000, ...options.fake });
  const token = { current: fake.token };
  const ownerId = await createUser(pool);
  const accountId = await createBrokerAccount(pool, ownerId, 'dhan');
  const { deploymentId } = await createDeployment(pool, ownerId, accountId);
  const instrument = await createInstrument(pool, {
    securityId: String(20_000 + (++seq % 1000)),
    freezeQty: options.freezeQty ?? null,
  });
  const lease = (await acquireLease(pool, { deploymentId, holder: `test-${process.pid}`, ttlMs: 600_000 }))!;
  const client = dhanClientFor(fake, { token: () => token.current });
  const log = testLogger();

  const updateListeners = new Set<(u: DhanOrderUpdate) => void>();
  const reconnectListeners = new Set<() => void>();
  let seen = 0;
  const stream =
    options.socket === false
      ? undefined
      : createOrderUpdateStream({
          url: fake.orderUpdateUrl,
          credentials: () => ({ clientId: fake.clientId, accessToken: token.current }),
          onUpdate: (u) => {
            seen++;
            updateListeners.forEach((l) => l(u));
          },
          onReconnected: () => reconnectListeners.forEach((l) => l()),
          socket: { backoffBaseMs: 50, backoffMaxMs: 200, pingIntervalMs: 200 },
        });
  stream?.start();

  const link = createDhanBrokerLink({
    rest: client.rest,
    updates: (l) => {
      updateListeners.add(l);
      return () => updateListeners.delete(l);
    },
    log,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
  });
  const tradingPool = options.tradingPool ?? pool;
  const ledger = createLedger({ pool: tradingPool, log });
  const sync = startAccountSync({
    deps: { pool: tradingPool, ledger, log },
    ledger,
    link,
    account: { id: accountId, ownerId },
    onReconnected: (l) => {
      reconnectListeners.add(l);
      return () => reconnectListeners.delete(l);
    },
    intervalMs: options.reconcileIntervalMs ?? 60_000,
  });

  return {
    fake,
    ownerId,
    accountId,
    deploymentId,
    instrument,
    lease,
    ledger,
    link,
    sync,
    stream,
    token,
    updatesSeen: () => seen,
    order(over = {}) {
      const n = ++seq;
      return {
        clientOrderId: `d${process.pid}-${n}`,
        deploymentId,
        brokerAccountId: accountId,
        instrumentId: instrument.id,
        side: 'buy',
        qty: 10,
        orderType: 'LIMIT',
        limitPrice: 100,
        product: 'INTRADAY',
        validity: 'DAY',
        costModel: 'india',
        signal: {
          signalKey: `bar-${n}`,
          barTime: Date.now(),
          side: over.side ?? 'buy',
          qty: over.qty ?? 10,
          orderType: 'limit',
        },
        ...over,
      };
    },
    async close() {
      await sync.stop();
      link.close();
      await stream?.stop();
      client.close();
      await fake.close();
    },
  };
}

/** The ledger's net position per instrument and product of the rig's account (non-zero only). */
export async function ledgerPositions(pool: Pool, rig: DhanRig): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ security_id: string; product: string; net: string }>(
    `SELECT i.security_id, p.product, sum(p.net_qty) AS net
       FROM positions p JOIN instruments i ON i.id = p.instrument_id
      WHERE p.broker_account_id = $1 GROUP BY 1, 2`,
    [rig.accountId],
  );
  return Object.fromEntries(
    rows.filter((r) => Number(r.net) !== 0).map((r) => [`${r.security_id}/${r.product}`, Number(r.net)]),
  );
}

/** The (fake) broker's net positions, keyed as ledgerPositions keys them. */
export function brokerPositions(rig: DhanRig): Record<string, number> {
  return Object.fromEntries(
    rig.fake.broker
      .positions()
      .filter((p) => p.netQty !== 0)
      .map((p) => [`${p.securityId}/${p.productType}`, p.netQty]),
  );
}

/** Orders at the broker: every Dhan order (a sliced place makes several) and accepted places. */
export function ordersAtBroker(rig: DhanRig, clientOrderId: string) {
  return {
    places: rig.fake.broker.placesOf(clientOrderId),
    orders: rig.fake.broker.byCorrelation(clientOrderId).length,
  };
}
