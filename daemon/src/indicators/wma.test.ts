import { describe, expect, it } from 'vitest';
import { exactSum } from './batch-definitions';
import { seededRandom } from './test-bars';
import { WmaStream } from './wma';

describe('wma over a long series', () => {
  it('still equals a direct weighted sum after 2,000,000 samples of a random walk', () => {
    const random = seededRandom(7);
    const n = 30;
    const stream = new WmaStream(n);
    const recent: number[] = [];
    let logPrice = Math.log(500);
    for (let i = 0; i < 2_000_000; i++) {
      logPrice += (random() - 0.5) * 0.004;
      const x = Math.round(Math.exp(logPrice) * 100) / 100;
      stream.next(x);
      recent.push(x);
      if (recent.length > n) recent.shift();
    }
    const direct = exactSum(recent.map((x, i) => (i + 1) * x)) / ((n * (n + 1)) / 2);
    expect(Math.abs(stream.value - direct) / direct).toBeLessThanOrEqual(1e-13);
  });
});
