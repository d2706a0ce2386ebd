// Daemon A of the two-daemon kill-switch test (kill-switch-daemons.test.ts): a trader daemon's
// trading phase as start-runner.ts composes it — the live risk gate hearing kill switches
// through the event bus bridged to PostgreSQL LISTEN/NOTIFY (and its 1 s poll), and the
// supervisor running the deployments through the gate, the ledger and the paper venue — but on
// the synthetic feed with a fast simulated clock starting at `start`, so its deployments stream
// orders whatever the time of day. It prints JSON lines: {"ready":[ids]} once it holds them all,
// then {"killSwitches":[ids]} each time the set of engaged switches it knows changes.
//
// Usage: node trader-process.cjs <database url> <start epoch ms> <speed> <symbols,…> <deployments>
import pino from 'pino';
import { createSyntheticFeed } from '../../../daemon/src/broker/feeds/synthetic-feed';
import { createPool } from '../../../daemon/src/db/pool';
import { createEventBus } from '../../../daemon/src/events/event-bus';
import { startPgBridge } from '../../../daemon/src/events/pg-bridge';
import { createLiveRiskGate } from '../../../daemon/src/risk-control/live-risk-gate';
import { scaledClock } from '../../../daemon/src/trading/runner/scaled-clock';
import { TradingSupervisor } from '../../../daemon/src/trading/runner/supervisor';

const [url, start, speed, symbols, deployments] = process.argv.slice(2);
const log = pino({ level: 'silent' });
const print = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const pool = createPool({ connectionString: url!, max: 8, log });
  const bus = createEventBus({ log });
  await startPgBridge({ bus, pool, connectionString: url!, log });
  const risk = await createLiveRiskGate({ pool, bus, log });
  risk.onKillSwitch(({ all }) => print({ killSwitches: all.map((s) => s.id) }));
  const clock = scaledClock(Number(start), Number(speed));
  const universe = symbols!.split(',').map((symbol, k) => ({
    symbol,
    segment: 'NSE_EQ' as const,
    price: 300 + 200 * k,
    volatility: 0.8,
  }));
  const ticks = createSyntheticFeed({ universe, seed: 11, clock });
  const supervisor = new TradingSupervisor({
    pool,
    bus,
    log,
    daemonId: `daemon-a-${process.pid}`,
    ticks,
    clock,
    risk,
    leaseTtlMs: 5000,
    scanEveryMs: 200,
  });
  supervisor.start();
  const wanted = Number(deployments);
  const timer = setInterval(() => {
    if (supervisor.holding().length >= wanted) {
      print({ ready: supervisor.holding() });
      clearInterval(timer);
    }
  }, 20);
}

void main();
