// Entry point of a sandbox process (bundled with SES to dist/sandbox/host.js; started by
// sandbox-process.ts). It starts the watchdog thread, locks the realm down (every intrinsic
// frozen, no eval, no Date.now or Math.random in compartments), then answers one request at a time
// from fd 0 on fd 1 until fd 0 closes. Nothing of the daemon is here: no database, no
// credentials, an empty environment — only the runtime bundle and the user code it is sent.
import 'ses';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { BarSeries } from '../../core/bar';
import type { BarsRef, CodeRef, HostReply, HostRequest, SandboxErrorData, SandboxLimits } from '../protocol';
import { STRATEGY_PHASES } from '../runtime/call-tracker';
import type { LiveSession } from '../runtime/live-session';
import type { SandboxRuntime } from '../runtime/runtime-entry';
import { createLoader, type ModuleFactory } from './compartment-loader';
import { describeThrown } from './describe-thrown';
import { encodeFrame, encodeJsonFrame, readFrame, writeAll } from './frame-io';
import { runTypedArrays } from './run-typed-arrays';
import { IDLE_MS, LIMIT, POLL_MS, WATCH, WATCHDOG_SOURCE } from './watchdog';

declare const lockdown: (options: Record<string, string>) => void;

const IN = 0;
const OUT = 1;
const MAX_LOG_LINES = 200;
const USER_FACTORIES_KEPT = 16;
const PROGRESS_MS = 250;

const state = new Int32Array(new SharedArrayBuffer(WATCH.size * 4));
/** The call counter and phase the runtime writes (call-tracker.ts); the host sets 'load' itself. */
const phaseView = new DataView(state.buffer, 0, 8);
const LOAD_PHASE = STRATEGY_PHASES.indexOf('load');
const limits = new Float64Array(new SharedArrayBuffer(LIMIT.size * 8));
new Worker(WATCHDOG_SOURCE, {
  eval: true,
  workerData: {
    state: state.buffer,
    limits: limits.buffer,
    phases: [...STRATEGY_PHASES],
    pollMs: POLL_MS,
    idleMs: IDLE_MS,
  },
}).unref();

lockdown({
  errorTaming: 'unsafe',
  stackFiltering: 'verbose',
  overrideTaming: 'severe',
  consoleTaming: 'unsafe',
  evalTaming: 'safe-eval',
  reporting: 'none',
});

const loader = createLoader(globalThis as unknown as Record<string, unknown>);
const runtimeSource = readFileSync(new URL('./runtime.js', import.meta.url), 'utf8');
const runtimeFactory = loader.runtimeFactory(runtimeSource);
const userFactories = new Map<string, ModuleFactory>();
let cachedBars: { key: string; series: BarSeries[] } | undefined;
const sessions = new Map<
  number,
  { rt: SandboxRuntime; live: LiveSession; limits: SandboxLimits; rss: number }
>();
let generation = 0;

function send(reply: HostReply): void {
  writeAll(OUT, encodeFrame(reply));
}

function rssMb(): number {
  return Math.round(process.memoryUsage.rss() / 1048576);
}

/** Starts the watchdog on a request: CPU per call and per run, memory above the current RSS. */
function arm(l: SandboxLimits, rssBase = process.memoryUsage.rss()): void {
  limits[LIMIT.perCall] = l.cpuMsPerCall;
  limits[LIMIT.perRun] = l.cpuMsPerRun;
  limits[LIMIT.rss] = rssBase + l.memoryMb * 1048576;
  generation = (generation % 0x7ffffff0) + 1;
  Atomics.store(state, WATCH.armed, generation);
}

function disarm(): void {
  Atomics.store(state, WATCH.armed, 0);
}

class LoadError extends Error {}
const loadErrors = new WeakSet<object>();

function loadErrorMessage(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && loadErrors.has(err)
    ? (err as LoadError).message
    : undefined;
}

function userFactory(code: CodeRef): ModuleFactory {
  let factory = userFactories.get(code.hash);
  if (!factory) {
    try {
      factory = loader.userFactory(code.js);
    } catch (err) {
      const loadError = new LoadError((err as Error).message ?? String(err));
      loadErrors.add(loadError);
      throw loadError;
    }
    if (userFactories.size >= USER_FACTORIES_KEPT) userFactories.delete(userFactories.keys().next().value!);
    userFactories.set(code.hash, factory);
  }
  return factory;
}

/** A fresh runtime and the user's module evaluated next to it. */
/** A fresh runtime: the bundle's module bodies run again, so no state survives from another run. */
function newRuntime(): SandboxRuntime {
  const exports = runtimeFactory(loader.freshGlobals(runTypedArrays(loader.intrinsics))) as {
    createRuntime(o: object): SandboxRuntime;
  };
  return exports.createRuntime({ ticks: phaseView, maxLogLines: MAX_LOG_LINES });
}

/**
 * The next request's runtime, made while the process waits for it (after each reply): creating one
 * is most of a small run's start cost. Each is used by one request only.
 */
let spare: SandboxRuntime | undefined;
let instantiateMs = 0;

function instantiate(code: CodeRef, hold: { rt?: SandboxRuntime }) {
  const started = performance.now();
  const factory = userFactory(code);
  phaseView.setInt32(4, LOAD_PHASE, true);
  const rt = spare ?? newRuntime();
  spare = undefined;
  hold.rt = rt;
  const module = { exports: {} as unknown };
  factory(loader.freshGlobals({ console: rt.console }), rt.console, rt.require, module, module.exports);
  const strategy = rt.load(module.exports);
  instantiateMs = performance.now() - started;
  return { rt, strategy };
}

function copySeries(series: BarSeries[]): BarSeries[] {
  return series.map((s) => ({
    ...s,
    time: s.time.slice(),
    open: s.open.slice(),
    high: s.high.slice(),
    low: s.low.slice(),
    close: s.close.slice(),
    volume: s.volume.slice(),
  }));
}

/** The run's bars: sent now (kept for later runs when asked), or a private copy of the kept ones. */
function barsFor(ref: BarsRef): BarSeries[] {
  if (ref.series) {
    cachedBars = ref.keep ? { key: ref.key, series: copySeries(ref.series) } : undefined;
    return ref.series;
  }
  if (cachedBars?.key !== ref.key) throw new Error(`bars ${ref.key} are not loaded in this sandbox`);
  return copySeries(cachedBars.series);
}

/** Every read of `err` is guarded: it is whatever the strategy threw (a Proxy that throws, say). */
function failure(err: unknown, rt: SandboxRuntime | undefined): SandboxErrorData {
  const loadError = loadErrorMessage(err);
  if (loadError !== undefined)
    return { kind: 'load', name: 'SyntaxError', message: loadError.slice(0, 2000) };
  let explained: ReturnType<SandboxRuntime['explain']>;
  let where: ReturnType<SandboxRuntime['where']> = { phase: 'load' };
  try {
    explained = rt?.explain(err);
    if (rt) where = rt.where();
  } catch {
    // The runtime could not say more.
  }
  const described = describeThrown(err);
  const base = { ...described, ...where };
  if (explained?.code === 'SHAPE')
    return { ...base, kind: 'shape', name: 'StrategyShapeError', message: explained.message };
  if (explained?.code === 'VALIDATION_FAILED') {
    const issues = JSON.parse(JSON.stringify(explained.details?.issues ?? [])) as SandboxErrorData['issues'];
    return {
      ...base,
      kind: where.phase === 'params' ? 'params' : 'spec',
      message: explained.message.slice(0, 4000),
      issues,
    };
  }
  const kind = where.phase === 'result' ? 'result' : 'strategy';
  return {
    ...base,
    kind,
    position: described.frames?.[0] && { line: described.frames[0].line, column: described.frames[0].column },
  };
}

/** Runs a request's work with the watchdog armed; replies with its value or what went wrong. */
/** `live`: a live step, where reading the RSS (a /proc read) would be a large share of the step. */
function guarded(
  l: SandboxLimits,
  work: (hold: { rt?: SandboxRuntime }) => unknown,
  rssBase?: number,
  live = false,
): void {
  const hold: { rt?: SandboxRuntime } = {};
  let frame: Uint8Array[];
  const started = performance.now();
  instantiateMs = 0;
  arm(l, rssBase);
  try {
    const value = work(hold);
    const ms = { instantiate: instantiateMs, work: performance.now() - started };
    const reply = { type: 'done', ok: true, value, rssMb: live ? -1 : rssMb(), ms } satisfies HostReply;
    // A live step's reply is small and plain: JSON (frame-io.ts).
    frame = live ? encodeJsonFrame(reply) : encodeFrame(reply);
  } catch (err) {
    frame = encodeFrame({
      type: 'done',
      ok: false,
      error: failure(err, hold.rt),
      rssMb: rssMb(),
    } satisfies HostReply);
  } finally {
    disarm();
  }
  writeAll(OUT, frame);
}

function progressHook() {
  let last = performance.now();
  return {
    onProgress(fraction: number, bars: number) {
      const now = performance.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      send({ type: 'progress', fraction, bars });
    },
  };
}

function handle(request: HostRequest): void {
  switch (request.op) {
    case 'ping':
      send({ type: 'done', ok: true, value: { pid: process.pid, node: process.version }, rssMb: rssMb() });
      return;
    case 'describe':
      return guarded(request.limits, (hold) => {
        const { rt, strategy } = instantiate(request.code, hold);
        return rt.describe(strategy);
      });
    case 'params':
      return guarded(request.limits, (hold) => {
        const { rt, strategy } = instantiate(request.code, hold);
        return rt.parseParams(strategy, request.sets);
      });
    case 'backtest': {
      const series = barsFor(request.bars);
      return guarded(request.limits, (hold) => {
        const { rt, strategy } = instantiate(request.code, hold);
        return rt.backtest(strategy, request.spec, series, progressHook());
      });
    }
    case 'dry-run': {
      const series = barsFor(request.bars);
      return guarded(request.limits, (hold) => {
        const { rt, strategy } = instantiate(request.code, hold);
        const { record, failed, thrown } = rt.dryRun(strategy, request.spec, series, request.record);
        const logs = rt.takeLogs();
        return { record, logs, error: failed ? failure(thrown, rt) : undefined };
      });
    }
    case 'live-open':
      return guarded(request.limits, (hold) => {
        if (sessions.size > 0) throw new Error('this sandbox already runs a live session');
        const { rt, strategy } = instantiate(request.code, hold);
        const live = rt.openLive(strategy, request.config);
        sessions.set(request.session, { rt, live, limits: request.limits, rss: process.memoryUsage.rss() });
        return { description: rt.describe(strategy), warmupBars: live.warmupBars, logs: rt.takeLogs() };
      });
    case 'live-step': {
      const session = sessions.get(request.session);
      if (!session)
        return send({ type: 'done', ok: false, error: noSession(request.session), rssMb: rssMb() });
      return guarded(
        session.limits,
        (hold) => {
          hold.rt = session.rt;
          return { ...session.live.step(request.input), logs: session.rt.takeLogs() };
        },
        session.rss,
        true,
      );
    }
    case 'live-close':
      sessions.delete(request.session);
      send({ type: 'done', ok: true, value: null, rssMb: rssMb() });
      return;
    default:
      send({
        type: 'done',
        ok: false,
        error: { kind: 'internal', name: 'Error', message: 'unknown request' },
        rssMb: rssMb(),
      });
  }
}

function noSession(id: number): SandboxErrorData {
  return { kind: 'internal', name: 'Error', message: `no live session ${id} in this sandbox` };
}

send({
  type: 'done',
  ok: true,
  value: { ready: true, pid: process.pid, node: process.version },
  rssMb: rssMb(),
});
for (;;) {
  // A frame that cannot be read leaves the stream at an unknown place: stop (the daemon sees why).
  const request = readFrame(IN) as HostRequest | undefined;
  if (request === undefined) break;
  try {
    handle(request);
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    send({ type: 'done', ok: false, error: { kind: 'internal', name: 'Error', message }, rssMb: rssMb() });
  }
  if (request.op !== 'live-step') spare ??= newRuntime();
}
process.exit(0);
