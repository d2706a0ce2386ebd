// A generic pool of worker threads for CPU-heavy work (backtests, sweeps). Submit a task, get a
// promise; cancel it with an AbortSignal; the pool has one worker per core by default.
//
// Cancellation is cooperative: a CPU-bound task cannot read messages while it runs, so each
// worker shares an Int32Array with the pool, and the pool writes the id of the task to cancel
// into it; the task polls `shouldCancel()` (runBacktest does so every 65,536 bars). A queued
// task is simply dropped. Tasks must be structured-cloneable; SharedArrayBuffers in them are
// shared, not copied (core/bar.ts shareBarSeries).
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { AppError, ERRORS, type ErrorCode } from '../core/errors';

export interface TaskOptions {
  signal?: AbortSignal;
  /** Progress messages the task posts (TaskContext.progress). */
  onProgress?(progress: unknown): void;
}

export interface WorkerPool {
  readonly size: number;
  run<R>(task: unknown, options?: TaskOptions): Promise<R>;
  /** Rejects queued tasks, waits for nothing: running workers are terminated. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** The worker's entry file (e.g. workerPath('backtest')). */
  file: string;
  size?: number;
  /**
   * Backstop for cancellation: a running task still going this long after its signal aborted
   * (waiting on I/O, or between checkpoints) is rejected with CANCELLED and its worker replaced.
   * Default: wait for the task to notice.
   */
  terminateAfterMs?: number;
}

/** Messages between the pool and a worker (serveTasks below is the worker side). */
export type ToWorker = { id: number; task: unknown };
export type FromWorker =
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'progress'; progress: unknown }
  | {
      id: number;
      type: 'error';
      error: { message: string; code?: string; details?: Record<string, unknown> };
    };

interface Pending {
  id: number;
  task: unknown;
  options: TaskOptions;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

interface Slot {
  worker: Worker;
  cancel: Int32Array;
  current: Pending | undefined;
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'task cancelled');
}

function fromWire(error: { message: string; code?: string; details?: Record<string, unknown> }): Error {
  if (error.code && Object.hasOwn(ERRORS, error.code))
    return new AppError(error.code as ErrorCode, error.message, error.details);
  return new Error(error.message);
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(options.file, { workerData: { cancel } });
    const slot: Slot = { worker, cancel, current: undefined };
    worker.on('message', (message: FromWorker) => onMessage(slot, message));
    worker.on('error', (err) => fail(slot, err));
    worker.on('exit', (code) => {
      if (!closed) fail(slot, new Error(`worker exited with code ${code}`));
    });
    worker.unref();
    return slot;
  };

  const fail = (slot: Slot, err: unknown) => {
    const task = slot.current;
    slot.current = undefined;
    task?.reject(err);
    const index = slots.indexOf(slot);
    if (index >= 0 && !closed) {
      void slot.worker.terminate();
      slots[index] = spawn();
      dispatch();
    }
  };

  const onMessage = (slot: Slot, message: FromWorker) => {
    const task = slot.current;
    if (!task || task.id !== message.id) return;
    if (message.type === 'progress') {
      task.options.onProgress?.(message.progress);
      return;
    }
    slot.current = undefined;
    if (message.type === 'result') task.resolve(message.result);
    else task.reject(fromWire(message.error));
    dispatch();
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.current || queue.length === 0) continue;
      const task = queue.shift()!;
      slot.current = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, task: task.task } satisfies ToWorker);
    }
    for (const slot of slots) if (!slot.current) slot.worker.unref();
  };

  const abort = (pending: Pending) => {
    const queued = queue.indexOf(pending);
    if (queued >= 0) {
      queue.splice(queued, 1);
      pending.reject(cancelled());
      return;
    }
    const slot = slots.find((s) => s.current === pending);
    if (!slot) return;
    Atomics.store(slot.cancel, 0, pending.id);
    if (options.terminateAfterMs === undefined) return;
    setTimeout(() => {
      if (slot.current === pending) fail(slot, cancelled());
    }, options.terminateAfterMs).unref();
  };

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    size,
    run<R>(task: unknown, taskOptions: TaskOptions = {}): Promise<R> {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      if (taskOptions.signal?.aborted) return Promise.reject(cancelled());
      return new Promise<R>((resolve, reject) => {
        const pending: Pending = {
          id: nextId++,
          task,
          options: taskOptions,
          resolve: resolve as (v: unknown) => void,
          reject,
        };
        taskOptions.signal?.addEventListener('abort', () => abort(pending), { once: true });
        queue.push(pending);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the worker pool is closed'));
      await Promise.all(
        slots.map((slot) => {
          slot.current?.reject(new Error('the worker pool is closed'));
          return slot.worker.terminate();
        }),
      );
    },
  };
}

// ---- Worker side: a worker entry file calls serveTasks(handler) once. ----

export interface TaskContext {
  /** True once the pool asked to cancel this task; poll it in long loops. */
  shouldCancel(): boolean;
  progress(progress: unknown): void;
}

export type TaskHandler = (task: unknown, context: TaskContext) => unknown | Promise<unknown>;

function toWire(err: unknown): Extract<FromWorker, { type: 'error' }>['error'] {
  if (err instanceof AppError) return { message: err.message, code: err.code, details: err.details };
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

export function serveTasks(handler: TaskHandler): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread');
  const cancel = (workerData as { cancel: Int32Array }).cancel;
  port.on('message', async ({ id, task }: ToWorker) => {
    const context: TaskContext = {
      shouldCancel: () => Atomics.load(cancel, 0) === id,
      progress: (progress) => port.postMessage({ id, type: 'progress', progress } satisfies FromWorker),
    };
    try {
      const result = await handler(task, context);
      port.postMessage({ id, type: 'result', result } satisfies FromWorker);
    } catch (err) {
      port.postMessage({ id, type: 'error', error: toWire(err) } satisfies FromWorker);
    }
  });
}
