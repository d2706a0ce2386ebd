// A trader daemon reduced to its trading part, for the kill -9 test (runner-faults.test.ts): a
// TradingSupervisor on the test database with the synthetic feed on a fast simulated clock
// starting at `start`. It prints `ready` once it runs the deployment; the test kills it.
//
// Usage: node supervisor-process.cjs <database url> <start epoch ms> <speed> <symbols,…>
import pino from 'pino';
import { createSyntheticFeed } from '../../../daemon/src/broker/feeds/synthetic-feed';
import { createPool } from '../../../daemon/src/db/pool';
import { createEventBus } from '../../../daemon/src/events/event-bus';
import { scaledClock } from '../../../daemon/src/trading/runner/scaled-clock';
import { TradingSupervisor } from '../../../daemon/src/trading/runner/supervisor';

const [url, start, speed, symbols] = process.argv.slice(2);
const log = pino({ level: 'silent' });

async function main(): Promise<void> {
  const pool = createPool({ connectionString: url!, max: 6, log });
  const clock = scaledClock(Number(start), Number(speed));
  const universe = symbols!.split(',').map((symbol, k) => ({
    symbol,
    segment: 'NSE_EQ' as const,
    price: 300 + 200 * k,
    volatility: 0.8,
  }));
  const ticks = createSyntheticFeed({ universe, seed: Number(start) % 1000, clock });
  const supervisor = new TradingSupervisor({
    pool,
    bus: createEventBus({ log }),
    log,
    daemonId: `kill-${process.pid}`,
    ticks,
    clock,
    leaseTtlMs: 3000,
    scanEveryMs: 100,
  });
  supervisor.start();
  const timer = setInterval(() => {
    if (supervisor.holding().length > 0) {
      process.stdout.write('ready\n');
      clearInterval(timer);
    }
  }, 20);
}

void main();
