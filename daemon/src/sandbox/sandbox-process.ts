// One sandbox process seen from the daemon: spawned from dist/sandbox/host.js with an empty
// environment and a V8 heap limit, talked to in frames over its stdin/stdout, one request at a
// time. The process can die at any moment — its watchdog kills it on a CPU or memory limit, V8
// aborts it when the heap is full, a request may outlast its wall-clock deadline — and every such
// death rejects the request in flight with the reason, while the daemon carries on.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { packageRoot } from '../config/package-root';
import { FrameDecoder, encodeFrame, encodeJsonFrame } from './frame-decoder';
import type { HostReply, HostRequest, LimitReport, SandboxErrorData } from './protocol';
import { errorDataSchema } from './reply-check';

/** Largest reply accepted (the process's own cap is the same; this one holds if it lies). */
const MAX_REPLY_BYTES = 1536 * 1024 * 1024;
const STDERR_KEPT = 8192;

/** How a sandbox process ended a request it did not answer. */
export interface SandboxDeath {
  /** cpu-call, cpu-run and memory come from the watchdog; heap from V8; wall from the daemon. */
  reason: LimitReport['limit'] | 'heap' | 'wall' | 'crash' | 'protocol';
  limit?: LimitReport;
  message: string;
}

export class SandboxDied extends Error {
  constructor(readonly death: SandboxDeath) {
    super(death.message);
    this.name = 'SandboxDied';
  }
}

/** The request ran and the strategy (or its input) failed: the process lives on. */
export class SandboxRequestFailed extends Error {
  constructor(readonly data: SandboxErrorData) {
    super(data.message);
    this.name = 'SandboxRequestFailed';
  }
}

export interface SandboxProcessOptions {
  /** V8 old-space limit of the process, MiB: a heap bomb aborts the process at this size. */
  heapMb: number;
  /** The script under dist/sandbox: host.js (strategies) or checker.js (type checks). */
  script?: 'host.js' | 'checker.js';
  /** How long start-up may take (lockdown and the runtime's compilation). */
  startTimeoutMs?: number;
}

export interface RequestOptions {
  /** Wall-clock deadline; the process is killed when it passes (CPU limits are the watchdog's). */
  wallTimeoutMs: number;
  onProgress?(fraction: number, bars: number): void;
}

interface InFlight {
  resolve(reply: { value: unknown; rssMb: number }): void;
  reject(err: Error): void;
  onProgress?: RequestOptions['onProgress'];
  /** performance.now() after which the process is killed. */
  deadline: number;
  timeoutMs: number;
}

/** How often deadlines are checked: one timer per process, none per request (a live step is µs). */
const DEADLINE_CHECK_MS = 250;

export function hostScript(name = 'host.js'): string {
  const file = join(packageRoot(), 'dist', 'sandbox', name);
  if (!existsSync(file))
    throw new Error(`the strategy sandbox is not built (${file}); run \`npm run build\``);
  return file;
}

function heapDeath(stderr: string): boolean {
  return /heap out of memory|Reached heap limit|invalid array length|invalid table size/i.test(stderr);
}

export class SandboxProcess {
  readonly pid: number;
  /** RSS after the latest request, MiB (the pool retires processes that grew). */
  rssMb = 0;
  /** The latest request's time in the process: instantiating the run, and all its work (ms). */
  lastTimings: { instantiate: number; work: number } | undefined;
  requests = 0;
  /** The key of the bars this process keeps for reuse (BarsRef.keep), if any. */
  barsKey: string | undefined;
  private inFlight: InFlight | undefined;
  private limitReport: LimitReport | undefined;
  private stderr = '';
  private dead: SandboxDeath | undefined;
  private readonly exited: Promise<void>;
  private wallExpired = false;
  private readonly deadlines = setInterval(() => this.checkDeadline(), DEADLINE_CHECK_MS).unref();

  private constructor(private readonly child: ChildProcess) {
    this.pid = child.pid!;
    const decoder = new FrameDecoder(MAX_REPLY_BYTES, (m) => this.onReply(m as HostReply));
    child.stdout!.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch (err) {
        this.die({ reason: 'protocol', message: (err as Error).message });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    let reports = '';
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      reports += chunk.toString('utf8');
      const line = reports.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) this.limitReport ??= parseLimitReport(line);
    });
    // A write to a process that has died fails with EPIPE; the close handler reports why.
    (child.stdin as Writable).on('error', () => {});
    this.exited = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        this.onClose(code, signal);
        resolve();
      }),
    );
  }

  /** Spawns a process and waits until it is ready (locked down, runtime compiled). */
  static async start(options: SandboxProcessOptions): Promise<SandboxProcess> {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${Math.round(options.heapMb)}`,
        '--max-semi-space-size=16',
        hostScript(options.script),
      ],
      { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: {}, windowsHide: true },
    );
    const sandbox = new SandboxProcess(child);
    await sandbox.await(options.startTimeoutMs ?? 20_000, undefined);
    return sandbox;
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Sends a request and waits for its answer; rejects with SandboxDied or SandboxRequestFailed. */
  request<T>(request: HostRequest, options: RequestOptions): Promise<{ value: T; rssMb: number }> {
    if (this.dead) return Promise.reject(new SandboxDied(this.dead));
    if (this.inFlight) return Promise.reject(new Error('sandbox process is busy'));
    const reply = this.await(options.wallTimeoutMs, options.onProgress) as Promise<{
      value: T;
      rssMb: number;
    }>;
    this.requests++;
    const stdin = this.child.stdin as Writable;
    // A live step is small and plain: JSON (frame-io.ts).
    const chunks = request.op === 'live-step' ? encodeJsonFrame(request) : encodeFrame(request);
    if (chunks.length === 1) stdin.write(chunks[0]!);
    else {
      stdin.cork();
      for (const chunk of chunks) stdin.write(chunk);
      stdin.uncork();
    }
    return reply;
  }

  /** Kills the process; a request in flight is rejected with `death`. */
  kill(death: SandboxDeath = { reason: 'crash', message: 'the sandbox process was stopped' }): Promise<void> {
    this.dead ??= death;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  private await(timeoutMs: number, onProgress: RequestOptions['onProgress']) {
    return new Promise<{ value: unknown; rssMb: number }>((resolve, reject) => {
      this.inFlight = { resolve, reject, onProgress, deadline: performance.now() + timeoutMs, timeoutMs };
    });
  }

  private checkDeadline(): void {
    const current = this.inFlight;
    if (!current || performance.now() <= current.deadline) return;
    this.wallExpired = true;
    void this.kill({
      reason: 'wall',
      message: `the strategy ran longer than ${Math.round(current.timeoutMs / 1000)} s of wall-clock time`,
    });
  }

  private onReply(reply: HostReply): void {
    // Deserialised data from an untrusted process: every field is checked before use.
    const current = this.inFlight;
    if (!current)
      return this.die({ reason: 'protocol', message: 'the sandbox sent a reply nobody asked for' });
    if (reply?.type === 'progress') {
      current.onProgress?.(Number(reply.fraction), Number(reply.bars));
      return;
    }
    this.inFlight = undefined;
    const rss = Number(reply?.rssMb);
    if (rss >= 0) this.rssMb = rss;
    if (reply?.type !== 'done')
      return current.reject(new SandboxDied({ reason: 'protocol', message: 'malformed reply' }));
    if (reply.ok) {
      const ms = reply.ms;
      this.lastTimings = ms && { instantiate: Number(ms.instantiate), work: Number(ms.work) };
      return current.resolve({ value: reply.value, rssMb: this.rssMb });
    }
    const error = errorDataSchema.safeParse(reply.error);
    if (error.success) current.reject(new SandboxRequestFailed(error.data));
    else current.reject(new SandboxDied({ reason: 'protocol', message: 'malformed error reply' }));
  }

  private die(death: SandboxDeath): void {
    void this.kill(death);
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.limitReport && !this.wallExpired) {
      const l = this.limitReport;
      this.dead = { reason: l.limit, limit: l, message: limitMessage(l) };
    } else if (!this.wallExpired && heapDeath(this.stderr)) {
      this.dead = {
        reason: 'heap',
        message: 'the strategy exhausted the sandbox memory (JavaScript heap limit reached)',
      };
    }
    this.dead ??= {
      reason: 'crash',
      message: `the sandbox process exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
    };
    const current = this.inFlight;
    this.inFlight = undefined;
    clearInterval(this.deadlines);
    if (current) current.reject(new SandboxDied(this.dead));
  }
}

function parseLimitReport(line: string): LimitReport | undefined {
  try {
    const r = JSON.parse(line) as LimitReport;
    if (r.limit === 'cpu-call' || r.limit === 'cpu-run' || r.limit === 'memory')
      return {
        limit: r.limit,
        allowed: Number(r.allowed),
        used: Number(r.used),
        phase: String(r.phase).slice(0, 20),
      };
  } catch {
    // Not a report.
  }
  return undefined;
}

/** What the strategy was doing, in words ("its onBar call", "loading its module"). */
function doing(phase: string): string {
  if (phase === 'load') return 'loading its module';
  if (phase === 'result' || phase === 'params' || phase === 'describe') return `the runtime's ${phase} step`;
  return `its ${phase} call`;
}

export function limitMessage(l: LimitReport): string {
  switch (l.limit) {
    case 'cpu-call':
      return `${doing(l.phase)} used more than ${l.allowed} ms of CPU time (the per-call limit)`;
    case 'cpu-run':
      return `the run used more than ${l.allowed} ms of CPU time (the per-run limit), last in ${doing(l.phase)}`;
    case 'memory':
      return `the strategy used more than ${l.allowed} MiB of memory (${l.used} MiB) in ${doing(l.phase)}`;
  }
}
