// The escape and abuse corpus (hostile-strategies.ts) against the real sandbox: every hostile
// strategy is contained with a clear error (or runs finding nothing), and after each one the same
// pool still runs an honest strategy to the same result — the daemon (this process) and the
// other runs are unaffected. Tight limits keep the endless cases short.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../daemon/src/core/errors';
import type { BacktestResult } from '../../daemon/src/engine/result';
import { runCodeBacktest, type CodeStrategy } from '../../daemon/src/sandbox/code-backtest';
import { compileStrategy } from '../../daemon/src/sandbox/compile';
import { SandboxPool } from '../../daemon/src/sandbox/sandbox-pool';
import { randomWalk } from '../fixtures/engine/bars';
import { HOSTILE_CASES } from './hostile-strategies';
import { compiled, exampleSource } from './support';

const LIMITS = { cpuMsPerCall: 400, cpuMsPerRun: 3_000, memoryMb: 192 };
const pool = new SandboxPool({ size: 1, warm: 1, heapMb: LIMITS.memoryMb + 256 });
const series = randomWalk(400, 3, { symbol: 'HOST' });
const bars = new Map([[series.symbol, series]]);
const spec = { strategy: 'user', cash: 1_000_000 };

let honest: CodeStrategy;
let reference: BacktestResult;

function summary(r: BacktestResult) {
  return { finalValue: r.finalValue, trades: r.trades.toArray(), orders: r.orders.length };
}

beforeAll(async () => {
  honest = await compiled(exampleSource('sma-cross'));
  reference = await runCodeBacktest(
    pool,
    honest,
    { ...spec, params: { fast: 5, slow: 20, size: 10 } },
    bars,
    { limits: LIMITS },
  );
});
afterAll(() => pool.close());

describe('hostile strategies are contained', () => {
  it('the corpus has at least 30 cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of HOSTILE_CASES) {
    it(c.name, async () => {
      const result = await compileStrategy(c.source, 'hostile.ts');
      if ('compile' in c.expect) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => e.message).join('\n')).toMatch(c.expect.compile);
        return;
      }
      if (!result.ok) throw new Error(`did not compile: ${JSON.stringify(result.errors)}`);
      const strategy = { compiled: result.compiled, source: c.source };
      const outcome = await runCodeBacktest(pool, strategy, spec, bars, { limits: LIMITS }).then(
        (r) => ({ ok: true as const, r }),
        (err: unknown) => ({ ok: false as const, err }),
      );
      if ('run' in c.expect) {
        if (!outcome.ok) throw outcome.err;
        expect(outcome.r.barsProcessed).toBe(series.length);
      } else {
        expect(outcome.ok, 'the hostile run must fail').toBe(false);
        const err = (outcome as { err: unknown }).err;
        expect(err).toBeInstanceOf(AppError);
        const app = err as AppError;
        expect(app.code).toBe(c.expect.code ?? 'STRATEGY_FAILED');
        expect(app.message).not.toMatch(/ESCAPED/);
        expect(app.message).toMatch(c.expect.fail);
        if (c.expect.limit)
          expect((app.details as { limit?: { limit: string } }).limit?.limit).toBe(c.expect.limit);
      }
      // The next honest run, in the same pool (the same process unless this one was killed).
      const after = await runCodeBacktest(
        pool,
        honest,
        { ...spec, params: { fast: 5, slow: 20, size: 10 } },
        bars,
        { limits: LIMITS },
      );
      expect(summary(after)).toEqual(summary(reference));
    });
  }
});
