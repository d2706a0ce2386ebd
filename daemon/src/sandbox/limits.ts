// What a sandboxed strategy may use. The defaults suit a backtest of a few million bars on one
// core; the daemon's options (config/options.ts: --sandbox-*) override them. Per call: one init,
// onBar, onOrder or onTrade. Per run: a whole backtest or dry run, or one live step.
import type { SandboxLimits } from './protocol';

export const DEFAULT_LIMITS: SandboxLimits = {
  cpuMsPerCall: 1_000,
  cpuMsPerRun: 10 * 60_000,
  memoryMb: 512,
};

/** A dry run is a short look: tighter limits, so a runaway strategy fails fast. */
export const DRY_RUN_LIMITS: SandboxLimits = { cpuMsPerCall: 1_000, cpuMsPerRun: 10_000, memoryMb: 256 };

/** Reading a strategy's description (name, schema) runs only its module body and schema. */
export const DESCRIBE_LIMITS: SandboxLimits = { cpuMsPerCall: 2_000, cpuMsPerRun: 5_000, memoryMb: 256 };

/**
 * Wall-clock deadline of a request: the CPU limit with room for a machine shared by other work
 * (the watchdog enforces CPU; this only catches a process that stopped using CPU at all).
 */
export function wallDeadlineMs(limits: SandboxLimits): number {
  return limits.cpuMsPerRun * 3 + 30_000;
}

/** The V8 heap limit of a sandbox process: room for the strategy's memory and the runtime's own. */
export function heapLimitMb(limits: SandboxLimits): number {
  return limits.memoryMb + 256;
}
