import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvBytes } from './csv-bytes';
import { IstFormatter } from './ist-time';

const written = (fn: (out: CsvBytes) => void) => {
  const out = new CsvBytes(16);
  fn(out);
  return out.take().toString('latin1');
};

describe('CsvBytes', () => {
  it('writes numbers exactly as String() does', () => {
    const cases = [
      0,
      -0,
      1,
      -1,
      0.05,
      0.1,
      1942.4,
      -1942.45,
      1234.5,
      99.99,
      1e20,
      1e21,
      1.5e-7,
      123456789.01,
      88457522319303.1,
      999999999999.99,
      0.125,
      NaN,
    ];
    for (const x of cases.filter((v) => !Number.isNaN(v)))
      expect(written((o) => o.number(x))).toBe(String(x));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
        ),
        (x) => {
          expect(written((o) => o.number(x))).toBe(String(x));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('writes times as IstFormatter does: ISO 8601 with +05:30', () => {
    expect(written((o) => o.time(Date.UTC(2024, 0, 1, 3, 45)))).toBe('2024-01-01T09:15:00+05:30');
    expect(written((o) => o.time(Date.UTC(2024, 0, 1, 18, 30)))).toBe('2024-01-02T00:00:00+05:30');
    const ist = new IstFormatter();
    fc.assert(
      fc.property(fc.integer({ min: -2e12, max: 4e12 }), (ms) => {
        expect(written((o) => o.time(ms))).toBe(ist.format(ms));
      }),
      { numRuns: 5000 },
    );
  });

  it('grows past its initial capacity and writes text as UTF-8', () => {
    const out = new CsvBytes(4);
    out.text('Bank Nifty – ₹');
    out.comma();
    out.number(12345678.9);
    expect(out.take().toString('utf8')).toBe('Bank Nifty – ₹,12345678.9');
  });
});
