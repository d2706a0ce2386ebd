import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { hashPassword, verifyPassword } from './password';
import { createPasswordGate } from './password-gate';

describe('password gate', () => {
  it('runs at most `concurrency` password checks at once, the rest in turn', async () => {
    const gate = createPasswordGate({ concurrency: 2, maxWaiting: 100 });
    const hash = await hashPassword('a long test password');
    let peak = 0;
    const checks = Array.from({ length: 12 }, (_, i) =>
      gate.run(async () => {
        peak = Math.max(peak, gate.load().running);
        return verifyPassword(i === 11 ? 'a long test password' : `wrong ${i}`, hash);
      }),
    );
    expect(gate.load()).toEqual({ running: 2, waiting: 10 });
    const results = await Promise.all(checks);
    expect(peak).toBe(2);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once, without hashing, when too many are waiting', async () => {
    const gate = createPasswordGate({ concurrency: 1, maxWaiting: 3 });
    let started = 0;
    const work = () =>
      gate.run(async () => {
        started++;
        await new Promise((r) => setTimeout(r, 20));
        return started;
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, work));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(6);
    const reason = (refused[0] as PromiseRejectedResult).reason as AppError;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason.code).toBe('RATE_LIMITED');
    expect(started).toBe(4);
  });

  it('frees the slot when the work throws', async () => {
    const gate = createPasswordGate({ concurrency: 1, maxWaiting: 0 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
