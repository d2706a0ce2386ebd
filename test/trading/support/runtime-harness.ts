// One deployment's runtime as the host opens it — lease, ledger routed to the engine's bridge,
// the paper venue of its account — but running a strategy written in the test (the engine-side
// behaviour of the spine: what the strategy sees). `step()` plays a one-price-range bar through
// the runtime's timestep with the venue's broker phase, as a replay does.
import { PaperVenue } from '../../../daemon/src/broker/paper/paper-venue';
import type { BrokerInstrumentRef } from '../../../daemon/src/broker/broker-link';
import type { Pool } from '../../../daemon/src/db/pool';
import type { AnyStrategy } from '../../../daemon/src/strategies/strategy';
import { createLedger, type Ledger } from '../../../daemon/src/trading/ledger/ledger';
import { acquireLease, type Lease } from '../../../daemon/src/trading/lease/lease-store';
import type { DeploymentRow } from '../../../daemon/src/trading/deployments/deployment-store';
import { DeploymentRuntime } from '../../../daemon/src/trading/runner/deployment-runtime';
import { loadDeploymentRun } from '../../../daemon/src/trading/runner/deployment-loader';
import { LedgerRouter } from '../../../daemon/src/trading/runner/ledger-router';
import { createPaperDeployment } from '../../../daemon/src/trading/runner/paper-deployment';
import { testLogger } from '../../support/logger';
import { createUser } from './trading-fixtures';

export interface RuntimeHarness {
  row: DeploymentRow;
  ownerId: number;
  lease: Lease;
  ledger: Ledger;
  venue: PaperVenue;
  runtime: DeploymentRuntime;
  errors: Error[];
  /** A bar at the current time (open = close = price, ±1 range); time moves a minute on. */
  step(price: number): Promise<void>;
  /** A bar as given (its time must be the harness's current time); time moves a minute on. */
  stepBar(bar: {
    time: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
  }): Promise<void>;
  close(): void;
}

export async function openRuntimeHarness(
  pool: Pool,
  options: { name: string; symbol: string; strategy: AnyStrategy; start: number },
): Promise<RuntimeHarness> {
  const ownerId = await createUser(pool, 'operator');
  const row = await createPaperDeployment(pool, {
    ownerId,
    name: options.name,
    template: 'sma-cross',
    params: { fast: 2, slow: 4, size: 1 },
    symbols: [options.symbol],
    timeframe: '1m',
    product: 'CNC',
    capital: 1_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  const loaded = await loadDeploymentRun(pool, row);
  const lease = (await acquireLease(pool, { deploymentId: row.id, holder: 'harness', ttlMs: 600_000 }))!;
  let now = options.start;
  const venue = await PaperVenue.open({
    pool,
    brokerAccountId: row.brokerAccountId,
    log: testLogger(),
    clock: () => now,
  });
  const router = new LedgerRouter();
  const ledger = createLedger({ pool, log: testLogger(), listener: router });
  const detach = ledger.attach(venue);
  const errors: Error[] = [];
  const runtime = new DeploymentRuntime(
    {
      deploymentId: row.id,
      brokerAccountId: row.brokerAccountId,
      strategy: options.strategy,
      params: {},
      instruments: loaded.instruments,
      product: 'CNC',
      capital: 1_000_000,
      costModel: 'india',
      session: lease.token,
    },
    {
      ledger,
      link: venue,
      fence: () => lease,
      clock: () => now,
      log: testLogger(),
      onError: (e) => errors.push(e),
    },
  );
  const off = router.add(row.id, runtime.bridge);
  const i = loaded.instruments[0]!.instrument;
  const ref: BrokerInstrumentRef = {
    symbol: i.symbol,
    exchange: i.exchange,
    segment: i.segment,
    ...(i.securityId ? { securityId: i.securityId } : {}),
  };
  const stepBar: RuntimeHarness['stepBar'] = async (bar) => {
    if (bar.time !== now) throw new Error(`bar at ${bar.time}, the harness is at ${now}`);
    now = bar.time + 60_000; // the bar ends: venue time and decisions at its end
    await runtime.step(bar.time, [{ symbolIndex: 0, bar }], (b) => venue.onBar(ref, b.bar));
  };
  return {
    row,
    ownerId,
    lease,
    ledger,
    venue,
    runtime,
    errors,
    stepBar,
    step(price) {
      return stepBar({
        time: now,
        open: price,
        high: price + 1,
        low: price - 1,
        close: price,
        volume: 1000,
      });
    },
    close() {
      off();
      detach();
    },
  };
}
