// Paper venues for tests: a paper account on a test database and the venue over it, with a
// controllable clock.
import { createPaperAccount, type PaperAccountSpec } from '../../../daemon/src/broker/paper/paper-account';
import { PaperVenue, type PaperVenueOptions } from '../../../daemon/src/broker/paper/paper-venue';
import type { BrokerInstrumentRef } from '../../../daemon/src/broker/broker-link';
import type { Pool } from '../../../daemon/src/db/pool';
import { testLogger } from '../../support/logger';
import type { TestInstrument } from './trading-fixtures';

export interface TestClock {
  now: number;
  (): number;
}

export function testClock(start: number): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = start;
  return clock;
}

export async function openPaperVenue(
  pool: Pool,
  brokerAccountId: number,
  account: Omit<PaperAccountSpec, 'brokerAccountId'>,
  options: Partial<PaperVenueOptions> = {},
): Promise<PaperVenue> {
  await createPaperAccount(pool, { brokerAccountId, ...account });
  return PaperVenue.open({ pool, brokerAccountId, log: testLogger(), ...options });
}

export function refOf(i: TestInstrument): BrokerInstrumentRef {
  return {
    symbol: i.symbol,
    exchange: i.exchange,
    segment: i.segment,
    ...(i.securityId ? { securityId: i.securityId } : {}),
  };
}

/** A one-price bar (a tick as the venue sees it) or a full bar. */
export function bar(time: number, open: number, high = open, low = open, close = open, volume = 1000) {
  return { time, open, high, low, close, volume };
}
