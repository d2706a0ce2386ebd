// A deployment trading through the ledger on a paper venue: the rows, the lease (fence), the
// venue and the ledger attached to it.
import type { BrokerLink } from '../../../daemon/src/broker/broker-link';
import type { PaperVenue } from '../../../daemon/src/broker/paper/paper-venue';
import type { Pool } from '../../../daemon/src/db/pool';
import { createLedger, type Ledger } from '../../../daemon/src/trading/ledger/ledger';
import type { SubmitOrderInput } from '../../../daemon/src/trading/ledger/ledger-types';
import { acquireLease, type Lease } from '../../../daemon/src/trading/lease/lease-store';
import { testLogger } from '../../support/logger';
import { openPaperVenue, testClock, type TestClock } from './paper';
import { createInstrument, tradingSetup, type TestInstrument } from './trading-fixtures';

export interface LedgerRig {
  ownerId: number;
  brokerAccountId: number;
  deploymentId: number;
  instrument: TestInstrument;
  lease: Lease;
  venue: PaperVenue;
  ledger: Ledger;
  clock: TestClock;
  detach: () => void;
  order(over?: Partial<SubmitOrderInput>): SubmitOrderInput;
}

let seq = 0;

export async function ledgerRig(
  pool: Pool,
  options: {
    capital?: number;
    costModel?: string;
    start?: number;
    tickLiquidity?: boolean;
    link?: (v: PaperVenue) => BrokerLink;
  } = {},
): Promise<LedgerRig> {
  const setup = await tradingSetup(pool);
  const instrument = await createInstrument(pool);
  const clock = testClock(options.start ?? Date.UTC(2025, 0, 6, 4, 30));
  const venue = await openPaperVenue(
    pool,
    setup.brokerAccountId,
    { startingCapital: options.capital ?? 10_000_000, costModel: options.costModel ?? 'india' },
    { clock, tickLiquidity: options.tickLiquidity ?? false },
  );
  const lease = (await acquireLease(pool, {
    deploymentId: setup.deploymentId,
    holder: `test-${process.pid}`,
    ttlMs: 600_000,
  }))!;
  const ledger = createLedger({ pool, log: testLogger() });
  const detach = ledger.attach(venue);
  return {
    ...setup,
    instrument,
    lease,
    venue,
    ledger,
    clock,
    detach,
    order(over = {}) {
      const n = ++seq;
      return {
        clientOrderId: `t${process.pid}-${n}`,
        deploymentId: setup.deploymentId,
        brokerAccountId: setup.brokerAccountId,
        instrumentId: instrument.id,
        side: 'buy',
        qty: 10,
        orderType: 'MARKET',
        product: 'CNC',
        validity: 'DAY',
        costModel: options.costModel ?? 'india',
        signal: {
          signalKey: `bar-${n}`,
          barTime: clock.now,
          side: over.side ?? 'buy',
          qty: over.qty ?? 10,
          orderType: 'market',
        },
        ...over,
      };
    },
  };
}

export function tickOf(i: TestInstrument, time: number, price: number, qty = 1_000) {
  return {
    instrument: { symbol: i.symbol, segment: i.segment, securityId: i.securityId ?? '' },
    lastPrice: price,
    lastQty: qty,
    exchangeTime: time,
    receivedAt: time,
    volume: 0,
  };
}
