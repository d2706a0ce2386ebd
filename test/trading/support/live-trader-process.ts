// A trader daemon reduced to its live-trading parts (live-trader.ts) as a process, for the kill -9
// test of live deployments (live-faults.test.ts): it holds the Dhan account's link and runs the
// live deployment on the fake Dhan's feed, on a simulated session clock shared with the test
// (market time = start + (now − wallStart) × speed). It prints `ready` once it runs the
// deployment; the test kills it.
//
// Usage: node live-trader-process.cjs <database url> <key hex> <rest> <feed> <order updates> <start> <wall start> <speed>
import pino from 'pino';
import { scaledClock } from '../../../daemon/src/trading/runner/scaled-clock';
import { startLiveTrader } from './live-trader';

const [url, keyHex, rest, feed, orderUpdates, start, wallStart, speed] = process.argv.slice(2);

async function main(): Promise<void> {
  const rate = Number(speed);
  const clock = scaledClock(Number(start) + (Date.now() - Number(wallStart)) * rate, rate);
  const trader = await startLiveTrader({
    databaseUrl: url!,
    keyHex: keyHex!,
    urls: { rest: rest!, feed: feed!, orderUpdates: orderUpdates! },
    clock,
    daemonId: `live-${process.pid}`,
    log: pino({ level: 'silent' }),
    leaseTtlMs: 3000,
  });
  const timer = setInterval(() => {
    if (trader.supervisor.holding().length > 0) {
      process.stdout.write('ready\n');
      clearInterval(timer);
    }
  }, 20);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
