import { describe, expect, it } from 'vitest';
import { makeSeries } from '../../../test/fixtures/engine/bars';
import { runScript } from '../../../test/fixtures/engine/scripted';
import { backtestResultToJson } from './result-json';
import { resultJsonChunks } from './result-json-stream';

describe('the streamed result JSON', () => {
  it('is the same document as backtestResultToJson, in pieces, with the extra fields', () => {
    const bars = makeSeries(
      Array.from(
        { length: 60 },
        (_, i) =>
          [100 + (i % 7), 104 + (i % 7), 98 + (i % 7), 101 + (i % 5)] as [number, number, number, number],
      ),
    );
    const r = runScript(
      bars,
      (ctx, i) => {
        if (i % 6 === 0) ctx.buy(5, 'in "quoted"');
        if (i % 6 === 3) ctx.close();
        if (i === 50) ctx.buy(100_000); // rejected: insufficient cash
      },
      { costs: 'india-delivery' },
    );
    expect(r.trades.length).toBeGreaterThan(5);
    const chunks = [...resultJsonChunks(r, { synthetic: true, syntheticSymbols: ['X'] })];
    expect(chunks.length).toBeGreaterThan(3);
    const parsed = JSON.parse(chunks.join(''));
    expect(parsed).toEqual({ ...backtestResultToJson(r), synthetic: true, syntheticSymbols: ['X'] });
    expect(parsed.stats.warnings.join()).toMatch(/1 order rejected: insufficient cash/);
  });
});
