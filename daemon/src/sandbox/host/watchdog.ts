// The watchdog: a thread of the sandbox process that measures what the strategy uses and kills
// the whole process (SIGKILL) when it goes over a limit. It needs no cooperation from the main
// thread, which may be stuck in an endless loop, a catastrophic regular expression or a huge
// typed-array fill: CPU time and memory are read from the operating system, not from JavaScript.
// Before killing it writes why on fd 3, so the daemon can say which limit was hit.
//
// Shared memory (Int32Array `state`): [0] call counter and [1] phase code, written by the runtime
// at every strategy call; [2] armed generation (0 = idle), written by the host around each
// request; [3] always 0, waited on for the polling sleep. `limits` (Float64Array): CPU ms per
// call, CPU ms per run, RSS bytes allowed.

/** Indices into the watchdog's shared state. */
export const WATCH = { tick: 0, phase: 1, armed: 2, sleep: 3, size: 4 } as const;
export const LIMIT = { perCall: 0, perRun: 1, rss: 2, size: 3 } as const;

/** How often a running request is checked, and how often an idle process looks for one. */
export const POLL_MS = 5;
export const IDLE_MS = 20;

/**
 * The thread's code, run with `new Worker(WATCHDOG_SOURCE, { eval: true })`. Plain JavaScript in a
 * string: a bundler must not rewrite its requires, and it uses nothing from this module.
 */
export const WATCHDOG_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.state);
const limits = new Float64Array(workerData.limits);
const phases = workerData.phases;
const poll = workerData.pollMs;
const idleMs = workerData.idleMs;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const kill = (limit, allowed, used) => {
  const report = { limit, allowed, used: Math.round(used), phase: phases[state[1]] ?? 'unknown' };
  try {
    fs.writeSync(3, JSON.stringify(report) + '\\n');
  } finally {
    process.kill(process.pid, 'SIGKILL');
  }
};
let generation = 0;
let runStart = 0;
let callStart = 0;
let lastTick = 0;
for (;;) {
  const armed = Atomics.load(state, 2);
  if (armed === 0) {
    // Idle: look again soon. The host does not wake this thread when it arms it — a live step is
    // over in well under a millisecond, and waking a thread for each would double its cost — so a
    // limit is enforced within IDLE_MS of a call's start at worst.
    Atomics.wait(state, 3, 0, idleMs);
    continue;
  }
  const now = cpuMs();
  const tick = Atomics.load(state, 0);
  if (armed !== generation) {
    generation = armed;
    runStart = now;
    callStart = now;
    lastTick = tick;
  } else if (tick !== lastTick) {
    lastTick = tick;
    callStart = now;
  }
  if (now - callStart > limits[0]) kill('cpu-call', limits[0], now - callStart);
  if (now - runStart > limits[1]) kill('cpu-run', limits[1], now - runStart);
  const rss = process.memoryUsage.rss();
  if (rss > limits[2]) kill('memory', Math.round(limits[2] / 1048576), rss / 1048576);
  Atomics.wait(state, 3, 0, poll);
}
`;
