// Bounds the password work (scrypt: ~32 MiB and tens of milliseconds of CPU each) the daemon does
// at once. scrypt runs on libuv's small thread pool, which file, DNS and zlib work share: a flood
// of sign-ins with a different account in each (the per-account limit cannot stop those) would
// otherwise queue hundreds of hashes there and starve everything else. At most `concurrency` run;
// up to `maxWaiting` more wait their turn; beyond that a caller is refused at once (RATE_LIMITED),
// before any hashing.
import { AppError } from '../../core/errors';

export interface PasswordGate {
  /** Runs `work` when a slot is free; refuses when too many are already waiting. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Password checks running now and waiting now. */
  load(): { running: number; waiting: number };
}

export function createPasswordGate(options: { concurrency: number; maxWaiting: number }): PasswordGate {
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    async run(work) {
      if (running >= options.concurrency) {
        if (waiting.length >= options.maxWaiting) {
          throw new AppError('RATE_LIMITED', 'too many sign-ins in progress; try again in a few seconds', {
            retryAfterSeconds: 2,
          });
        }
        // The slot is handed over by release(): `running` stays the same.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}
