// The messages between the daemon and a sandbox process (sandbox/host). Each is one frame: a
// 4-byte little-endian length, then the message in V8's serialization format (plain data and
// typed arrays only; no functions, no prototypes survive it). The daemon checks every reply's
// shape before using it (result-check.ts): the process runs hostile code and is not trusted.
import type { BarSeries } from '../core/bar';
import type { FieldIssue } from '../core/errors';
import type { LiveSessionConfig, LiveStepInput } from './runtime/live-session';

/** Compiled user code: CommonJS from compile.ts, keyed by the hash of that text. */
export interface CodeRef {
  hash: string;
  js: string;
}

/** What a strategy may use; exceeding any stops it (sandbox/limits.ts has the defaults). */
export interface SandboxLimits {
  /** CPU time of one callback (init, onBar, …), in milliseconds. */
  cpuMsPerCall: number;
  /** CPU time of the whole run (a backtest, a dry run, one live step), in milliseconds. */
  cpuMsPerRun: number;
  /** Memory the run may add to the sandbox process, in MiB. */
  memoryMb: number;
}

/** Bars for a run: sent with the first run that uses `key`, then kept by the process for reuse. */
export interface BarsRef {
  key: string;
  series?: BarSeries[];
  /** Keep the series for later runs with the same key (each run then gets its own copy). */
  keep?: boolean;
}

export type HostRequest =
  | { op: 'ping' }
  | { op: 'describe'; code: CodeRef; limits: SandboxLimits }
  | { op: 'params'; code: CodeRef; sets: Record<string, unknown>[]; limits: SandboxLimits }
  | { op: 'backtest'; code: CodeRef; spec: unknown; bars: BarsRef; limits: SandboxLimits }
  | {
      op: 'dry-run';
      code: CodeRef;
      spec: unknown;
      bars: BarsRef;
      limits: SandboxLimits;
      record: { bars: number; orders: number };
    }
  | { op: 'live-open'; session: number; code: CodeRef; config: LiveSessionConfig; limits: SandboxLimits }
  | { op: 'live-step'; session: number; input: LiveStepInput }
  | { op: 'live-close'; session: number }
  /** The type-checker process (checker/checker-main.ts). */
  | { op: 'type-check'; source: string };

/** Why a request failed, as the sandbox saw it. Positions are in the compiled JavaScript. */
export interface SandboxErrorData {
  /**
   * strategy: the user's code threw; shape: its exports are not a strategy; params: the run's
   * parameters do not fit its schema; spec: the run itself is invalid; load: the code could not be
   * evaluated; result: what it produced could not be read; internal: a fault of the sandbox itself.
   */
  kind: 'strategy' | 'shape' | 'params' | 'spec' | 'load' | 'result' | 'internal';
  message: string;
  /** The thrown value's class (TypeError, RangeError…) or what it was (a string, an object). */
  name: string;
  phase?: string;
  symbol?: string;
  barIndex?: number;
  barTime?: number;
  /** 1-based line and column in the compiled code of the first stack frame in user code. */
  position?: { line: number; column: number };
  /** The stack's frames in user code, compiled positions ("at onBar (strategy.js:12:5)"). */
  frames?: { fn: string; line: number; column: number }[];
  issues?: FieldIssue[];
}

export type HostReply =
  | { type: 'progress'; fraction: number; bars: number }
  | { type: 'done'; ok: true; value: unknown; rssMb: number; ms?: { instantiate: number; work: number } }
  | { type: 'done'; ok: false; error: SandboxErrorData; rssMb: number };

/** Written by the watchdog (fd 3) just before it kills the process. */
export interface LimitReport {
  limit: 'cpu-call' | 'cpu-run' | 'memory';
  /** The limit, in its unit (ms of CPU, MiB). */
  allowed: number;
  used: number;
  phase: string;
}
