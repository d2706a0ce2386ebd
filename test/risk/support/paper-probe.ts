// A paper deployment driven bar by bar for the risk gate's integration tests: the rows a
// deployment made over the API has (paper account, strategy version, deployment), opened by the
// runner's own openDeployment — lease, ledger, paper venue, the live risk gate, the risk stops —
// with a scripted strategy (what each symbol orders at each bar) in place of a template, and
// flat bars (open = high = low = close) at the given IST times of one trading day.
import type { Logger } from 'pino';
import { z } from 'zod';
import { istTime } from '../../../daemon/src/core/time';
import type { Pool } from '../../../daemon/src/db/pool';
import type { LiveRiskGate } from '../../../daemon/src/risk-control/live-risk-gate';
import { defineStrategy, type StrategyContext } from '../../../daemon/src/strategies/strategy';
import type { DeploymentRow } from '../../../daemon/src/trading/deployments/deployment-store';
import { openDeployment } from '../../../daemon/src/trading/runner/deployment-host';
import { createPaperDeployment } from '../../../daemon/src/trading/runner/paper-deployment';
import { createInstrument } from '../../trading/support/trading-fixtures';

export const PROBE_DAY = '2025-01-06';

export type ProbeAction = (ctx: StrategyContext<Record<string, never>>) => void;

export interface ProbeBar {
  /** IST 'HH:MM' on PROBE_DAY. */
  at: string;
  /** One price for every symbol, or one per symbol. */
  price: number | number[];
  /** What each symbol (by index) orders on this bar. */
  act?: (ProbeAction | undefined)[];
}

export interface ProbeSpec {
  ownerId: number;
  name: string;
  symbols: number;
  product: 'CNC' | 'INTRADAY';
  capital: number;
  freezeQty?: number;
  bars: readonly ProbeBar[];
}

export async function createProbeDeployment(pool: Pool, spec: ProbeSpec): Promise<DeploymentRow> {
  const symbols: string[] = [];
  for (let s = 0; s < spec.symbols; s++) {
    const i = await createInstrument(pool, spec.freezeQty ? { freezeQty: spec.freezeQty } : {});
    symbols.push(i.symbol);
  }
  return createPaperDeployment(pool, {
    ownerId: spec.ownerId,
    name: spec.name,
    template: 'buy-and-hold',
    params: {},
    symbols,
    timeframe: '1m',
    product: spec.product,
    capital: spec.capital,
    costModel: 'india',
    slippage: 'none',
  });
}

/** Runs the bars through the deployment; resolves with the errors the runtime reported. */
export async function runProbe(options: {
  pool: Pool;
  log: Logger;
  risk: LiveRiskGate;
  row: DeploymentRow;
  bars: readonly ProbeBar[];
  /** Called after each bar's timestep (and its orders) is done: engage a switch, say. */
  afterBar?: (index: number) => Promise<void>;
}): Promise<Error[]> {
  const { pool, log, risk, row, bars } = options;
  const byBar = new Map<number, ProbeBar>();
  const probe = defineStrategy({
    name: 'risk-probe',
    description: 'scripted orders for the risk gate tests',
    params: z.strictObject({}),
    init: () => ({}),
    onBar(ctx) {
      const bar = byBar.get(ctx.bar.time);
      bar?.act?.[ctx.symbols.indexOf(ctx.symbol)]?.(ctx);
    },
  });
  const times = bars.map((b) => {
    const [h, m] = b.at.split(':').map(Number) as [number, number];
    const time = istTime(PROBE_DAY, h, m);
    byBar.set(time, b);
    return time;
  });
  let now = times[0]!;
  const errors: Error[] = [];
  const host = await openDeployment({
    pool,
    log,
    row,
    holder: `risk-probe-${row.id}`,
    // As a paper replay: a decision at the instant its bar closed, the venue at the bar's end.
    clock: () => now - 1,
    venueClock: () => now,
    warmupBefore: times[0]!,
    risk,
    strategy: probe,
    onError: (err) => errors.push(err),
  });
  if (!host) throw new Error(`deployment ${row.id} is held elsewhere`);
  try {
    const refs = host.loaded.instruments.map(({ instrument: i }) => ({
      symbol: i.symbol,
      exchange: i.exchange,
      segment: i.segment,
      ...(i.securityId ? { securityId: i.securityId } : {}),
    }));
    for (const [k, b] of bars.entries()) {
      const time = times[k]!;
      now = time + 60_000;
      const steps = refs.map((_, s) => {
        const p = typeof b.price === 'number' ? b.price : b.price[s]!;
        return { symbolIndex: s, bar: { time, open: p, high: p, low: p, close: p, volume: 1000 } };
      });
      await host.runtime.step(time, steps, (sb) => host.venue.onBar(refs[sb.symbolIndex]!, sb.bar));
      await host.runtime.settle();
      await options.afterBar?.(k);
    }
    await host.runtime.settle();
  } finally {
    await host.close();
  }
  return errors;
}
