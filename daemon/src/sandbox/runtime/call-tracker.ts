// Where the sandboxed strategy is: which callback runs (for error reports) and a call counter the
// sandbox's watchdog thread reads to time each call (sandbox/host/watchdog). The counter lives in
// shared memory owned by the host; user code never holds a reference to it, only these closures do.

/** Phases by code: the watchdog reads the current one's index from shared memory. */
export const STRATEGY_PHASES = [
  'load',
  'params',
  'describe',
  'init',
  'onBar',
  'onOrder',
  'onTrade',
  'result',
] as const;
export type StrategyPhase = (typeof STRATEGY_PHASES)[number];

export interface CallSite {
  phase: StrategyPhase;
  /** The StrategyContext or InitContext of the call, read only when an error is reported. */
  context: unknown;
}

export interface CallTracker {
  readonly site: CallSite;
  /** Marks the start of a user callback: counts it for the watchdog and remembers where it is. */
  enter(phase: StrategyPhase, context: unknown): void;
  /** Marks a phase of runtime work that may run user code (parameter parsing, reading a result). */
  phase(phase: StrategyPhase): void;
}

/**
 * Bytes 0–3 of `shared` count calls and bytes 4–7 hold the phase's code (little-endian int32),
 * for the watchdog. A DataView, not an Int32Array: once lockdown() has frozen Object.prototype,
 * Node 20's V8 takes a slow path for every typed-array element store (about 25× slower), while
 * DataView stores keep their speed — and this one runs on every bar.
 */
export function createCallTracker(shared: DataView): CallTracker {
  const site: CallSite = { phase: 'load', context: undefined };
  const code = (phase: StrategyPhase) => STRATEGY_PHASES.indexOf(phase);
  const init = code('init');
  const onBar = code('onBar');
  let calls = 0;
  return {
    site,
    enter(phase, context) {
      calls = (calls + 1) | 0;
      shared.setInt32(0, calls, true);
      // The two common phases without a search: this runs on every bar.
      shared.setInt32(4, phase === 'onBar' ? onBar : phase === 'init' ? init : code(phase), true);
      site.phase = phase;
      site.context = context;
    },
    phase(phase) {
      calls = (calls + 1) | 0;
      shared.setInt32(0, calls, true);
      shared.setInt32(4, code(phase), true);
      site.phase = phase;
      site.context = undefined;
    },
  };
}
