// Options of the trading supervisor (daemons with the `trader` role), spread into the catalogue
// (options.ts): how long a running deployment's lease lives unrenewed, i.e. how soon another
// trader daemon takes over the deployments of one that died or lost its database; and the
// market clock the supervisor and the synthetic feed run on (the wall clock, or a simulated
// session for demos outside market hours and for fault tests of several daemons).
import { z } from 'zod';
import { integer } from './option-schemas';
import type { OptionSpec } from './options';

/** A simulated market clock: reads `start` at wall time `anchor` and runs `speed` times as fast. */
export interface SimulatedClockSpec {
  start: number;
  speed: number;
  /** Wall time (epoch ms) at which the clock reads `start`; undefined: when the daemon starts. */
  anchor?: number;
}

const EXPECTED_CLOCK =
  '"wall", or START[,SPEED[,ANCHOR]]: START an ISO 8601 time with its offset (2025-01-09T09:15:00+05:30) or epoch ms, SPEED market seconds per wall second (0 < SPEED ≤ 1000, default 1), ANCHOR the wall time at which the clock reads START (ISO or epoch ms; default: the daemon\'s start)';

function instant(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  return /(Z|[+-]\d\d:\d\d)$/.test(t) ? Date.parse(t) : NaN;
}

/** Parses the trading clock option ('wall' or a simulated clock); undefined when malformed. */
export function parseTradingClock(text: string): 'wall' | SimulatedClockSpec | undefined {
  const value = text.trim();
  if (value.toLowerCase() === 'wall') return 'wall';
  const [start, speed = '1', anchor, ...rest] = value.split(',');
  const spec: SimulatedClockSpec = { start: instant(start ?? ''), speed: Number(speed.trim()) };
  if (anchor !== undefined) spec.anchor = instant(anchor);
  const ok =
    rest.length === 0 &&
    Number.isFinite(spec.start) &&
    spec.speed > 0 &&
    spec.speed <= 1000 &&
    (spec.anchor === undefined || Number.isFinite(spec.anchor));
  return ok ? spec : undefined;
}

export const TRADING_OPTIONS = {
  takeoverSeconds: {
    env: 'QUANTTRADE_TAKEOVER_SECONDS',
    flag: 'takeover-seconds',
    arg: '<seconds>',
    defaultText: '10',
    defaultValue: () => '10',
    describe:
      'Lease ttl of a running deployment: another trader daemon takes over a dead holder’s deployments within about this.',
    schema: integer(2, 300),
  },
  tradingClock: {
    env: 'QUANTTRADE_TRADING_CLOCK',
    flag: 'trading-clock',
    arg: '<wall|start,speed,anchor>',
    defaultText: 'wall',
    defaultValue: () => 'wall',
    describe:
      'Market clock of the trading supervisor and the synthetic feed: the wall clock, or a simulated session (START[,SPEED[,ANCHOR]]) for demos outside market hours; daemons given the same value share the same market time.',
    schema: z.string().transform((text, ctx) => {
      const clock = parseTradingClock(text);
      if (clock === undefined) {
        ctx.addIssue({ code: 'custom', message: EXPECTED_CLOCK });
        return z.NEVER;
      }
      return clock;
    }),
  },
} satisfies Record<string, OptionSpec>;

export interface TradingConfig {
  readonly takeoverSeconds: number;
  readonly tradingClock: 'wall' | SimulatedClockSpec;
}
