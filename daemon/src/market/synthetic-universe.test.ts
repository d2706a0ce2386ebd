import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOrThrow } from '../core/zod-issues';
import { checkSyntheticTotal, MAX_SYNTHETIC_BARS, syntheticUniverse } from './synthetic-universe';

const request = { timeframe: '1d', startDate: '2025-01-01', seed: 1, prefix: 'CAP' };

describe('the total-bars cap of a synthetic request', () => {
  const schema = z.object({ symbols: z.number(), bars: z.number() }).superRefine(checkSyntheticTotal);

  it('accepts symbols × bars up to the cap and refuses one bar more, naming bars, the value and the cap', () => {
    expect(parseOrThrow(schema, { symbols: 2, bars: MAX_SYNTHETIC_BARS / 2 })).toEqual({
      symbols: 2,
      bars: MAX_SYNTHETIC_BARS / 2,
    });
    expect(() => parseOrThrow(schema, { symbols: 1, bars: MAX_SYNTHETIC_BARS + 1 }, 'synth')).toThrow(
      `invalid synth: bars: got ${MAX_SYNTHETIC_BARS + 1}, expected at most ${MAX_SYNTHETIC_BARS} bars in one request counting every symbol (symbols × bars = 1 × ${MAX_SYNTHETIC_BARS + 1} = ${MAX_SYNTHETIC_BARS + 1})`,
    );
  });

  it('is enforced by syntheticUniverse itself (a request queued before the cap existed) before generating', () => {
    let caught: unknown;
    try {
      syntheticUniverse({ ...request, symbols: 1000, bars: 5_000_000 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'bars', value: 5_000_000 }] },
    });
    expect(syntheticUniverse({ ...request, symbols: 2, bars: 3 }).map((s) => s.series.length)).toEqual([
      3, 3,
    ]);
  });
});
