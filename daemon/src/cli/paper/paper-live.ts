// `quanttrade paper` without --from: the synthetic feed ticking the demo symbols once a second,
// bars made from the ticks on the clock. Outside market hours the session starts at the next
// open on a simulated clock (--speed scales it), so the demo works at any hour, offline.
import type { Logger } from 'pino';
import { createSyntheticFeed, demoFeedInstruments } from '../../broker/feeds/synthetic-feed';
import { nseCalendar } from '../../core/calendar/trading-calendar';
import { istDayNumber } from '../../core/calendar/civil-date';
import type { Pool } from '../../db/pool';
import { normalizeSpec } from '../../engine/backtest-spec';
import { createEventBus } from '../../events/event-bus';
import { findInstruments, masterInstrument } from '../../market/instrument-store';
import { storeBars } from '../../market/bar-store';
import { demoUniverse } from '../../market/synthetic-universe';
import { createLiveRiskGate } from '../../risk-control/live-risk-gate';
import type { DeploymentTimeframe } from '../../trading/deployments/deployment-spec';
import { createPaperDeployment } from '../../trading/runner/paper-deployment';
import { runPaperLive as runLive } from '../../trading/runner/paper-live-run';
import { scaledClock } from '../../trading/runner/scaled-clock';
import { UsageError } from '../command';
import { formatSummary } from '../backtest/summary';
import type { PaperOptions } from './paper-args';
import { closedLine, fillLine } from './paper-output';
import { ownerOf, writeJson } from './paper-run';

const DEFAULT_SYMBOLS = ['DEMOBANK', 'DEMOTECH'];

/** Now when a session is open, else the next session's open. */
function sessionStart(now: number): number {
  const calendar = nseCalendar.assumingWeekdays();
  if (calendar.sessionAt(now)) return now;
  const today = calendar.session(istDayNumber(now));
  if (today && now < today.open) return today.open;
  return calendar.nextSession(istDayNumber(now)).open;
}

/** The demo symbols' instruments, storing the demo bars (warm-up history) of any missing. */
async function demoInstruments(pool: Pool, symbols: readonly string[]) {
  try {
    return await findInstruments(pool, symbols);
  } catch {
    const missing = demoUniverse(Date.now()).filter((input) => symbols.includes(input.symbol));
    await storeBars(pool, missing);
    return findInstruments(pool, symbols);
  }
}

export async function runPaperLive(pool: Pool, log: Logger, options: PaperOptions): Promise<number> {
  const symbols = options.symbols.length ? options.symbols : DEFAULT_SYMBOLS;
  const universe = demoFeedInstruments().filter((d) => symbols.includes(d.symbol));
  const unknown = symbols.filter((s) => !universe.some((d) => d.symbol === s));
  if (unknown.length)
    throw new UsageError(
      `--symbol: got ${unknown.join(', ')}, expected demo symbols for the synthetic feed (${demoFeedInstruments()
        .map((d) => d.symbol)
        .join(', ')}) — or --from/--to to replay stored bars`,
    );
  const ownerId = await ownerOf(pool, options.owner);
  const stored = await demoInstruments(pool, symbols);
  const start = sessionStart(Date.now());
  const clock = scaledClock(start, options.speed ?? 1);
  const until = options.minutes === undefined ? Infinity : start + options.minutes * 60_000;
  const spec = normalizeSpec({
    strategy: options.strategy,
    params: options.params,
    symbols,
    cash: options.cash,
    costs: options.costs,
    slippage: options.slippage,
    product: options.product,
    instruments: Object.fromEntries(stored.map((s) => [s.symbol, masterInstrument(s)])),
  });
  const deployment = await createPaperDeployment(pool, {
    ownerId,
    name: `paper ${options.strategy} synthetic`,
    template: options.strategy!,
    params: options.params,
    symbols,
    timeframe: options.timeframe as DeploymentTimeframe,
    product: options.product === 'intraday' ? 'INTRADAY' : 'CNC',
    capital: options.cash,
    costModel: options.costs,
    slippage: options.slippage,
  });
  if (!options.quiet)
    console.log(`paper deployment ${deployment.id} on the synthetic feed (Ctrl-C stops it)`);
  const feed = createSyntheticFeed({ universe, seed: deployment.id, clock });
  const risk = await createLiveRiskGate({
    pool,
    bus: createEventBus({ log }),
    log: log.child({ module: 'risk' }),
  });
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  let equity = options.cash;
  try {
    const run = await runLive({
      pool,
      log,
      deployment,
      source: feed,
      clock,
      until,
      signal: abort.signal,
      spec,
      risk,
      holder: `paper-cli-${process.pid}`,
      ...(options.quiet
        ? {}
        : {
            observer: {
              onFill: (order, fill) => console.log(fillLine(order, fill, equity)),
              onClosed: (order) => console.log(closedLine(order)),
            },
            onStep: (_time: number, value: number) => (equity = value),
          }),
    });
    if (options.json !== undefined) writeJson(options.json, run.result);
    if (!options.quiet) console.log(formatSummary(run.result));
    if (run.error) {
      console.error(`deployment ${deployment.id} stopped with an error: ${run.error.message}`);
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    feed.close();
    risk.close();
  }
}
