// Warm sandbox processes, so a backtest of user code does not wait for a process to start (Node,
// SES lockdown and the runtime's compilation take a few hundred milliseconds; a run in a warm
// process starts in a few). A process serves one request at a time and many runs in turn — each
// in a fresh compartment with fresh module state — and is replaced when it dies (a limit, a
// crash), after many requests, or when it has grown.
import { SandboxProcess, type SandboxProcessOptions } from './sandbox-process';

export interface SandboxPoolOptions extends SandboxProcessOptions {
  /** Most processes at once (each runs one request). */
  size: number;
  /** Processes kept started while idle (default 1): the first run needs no start-up. */
  warm?: number;
  /** A process is retired after this many requests (bounds slow leaks of V8's caches). */
  maxRequests?: number;
  /** A process whose RSS passed this after a request is retired, MiB. */
  maxRssMb?: number;
}

interface Waiter {
  resolve(p: SandboxProcess): void;
  reject(err: Error): void;
}

export class SandboxPool {
  private readonly idle: SandboxProcess[] = [];
  private readonly starting = new Set<Promise<SandboxProcess | undefined>>();
  private readonly waiters: Waiter[] = [];
  private busy = 0;
  private closed = false;

  constructor(private readonly options: SandboxPoolOptions) {}

  /** Starts the warm processes now instead of at the first run. */
  prewarm(): void {
    while (
      !this.closed &&
      this.idle.length + this.starting.size < Math.min(this.options.warm ?? 1, this.options.size)
    )
      this.spawn();
  }

  /** Runs `work` on a process of the pool; the process goes back (or away) when it settles. */
  async use<T>(
    work: (process: SandboxProcess) => Promise<T>,
    prefer?: (p: SandboxProcess) => boolean,
  ): Promise<T> {
    const process = await this.acquire(prefer);
    try {
      return await work(process);
    } finally {
      this.release(process);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('the sandbox pool is closed'));
    const started = await Promise.all([...this.starting]);
    await Promise.all(
      [...this.idle.splice(0), ...started.filter((p) => p !== undefined)].map((p) => p.kill()),
    );
  }

  private acquire(prefer?: (p: SandboxProcess) => boolean): Promise<SandboxProcess> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    for (const dead of this.idle.filter((p) => !p.alive)) this.idle.splice(this.idle.indexOf(dead), 1);
    const i = prefer ? this.idle.findIndex(prefer) : -1;
    const ready = i >= 0 ? this.idle.splice(i, 1)[0] : this.idle.pop();
    if (ready) {
      this.busy++;
      this.prewarm();
      return Promise.resolve(ready);
    }
    const promise = new Promise<SandboxProcess>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.busy + this.starting.size < this.options.size) this.spawn();
    return promise;
  }

  private release(process: SandboxProcess): void {
    this.busy--;
    const worn =
      process.requests >= (this.options.maxRequests ?? 500) ||
      process.rssMb > (this.options.maxRssMb ?? this.options.heapMb + 512);
    if (!process.alive || worn || this.closed) {
      void process.kill();
      if (
        !this.closed &&
        (this.waiters.length || this.idle.length + this.starting.size < (this.options.warm ?? 1))
      )
        this.spawn();
      return;
    }
    this.handOver(process);
  }

  private handOver(process: SandboxProcess): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.busy++;
      waiter.resolve(process);
    } else this.idle.push(process);
  }

  private spawn(): void {
    const started = SandboxProcess.start(this.options).then(
      (process) => {
        this.starting.delete(started);
        if (this.closed) {
          void process.kill();
          return undefined;
        }
        this.handOver(process);
        return process;
      },
      (err: Error) => {
        this.starting.delete(started);
        // Nothing started: the first waiter learns why (a missing build, a broken install).
        this.waiters.shift()?.reject(err);
        return undefined;
      },
    );
    this.starting.add(started);
  }
}
