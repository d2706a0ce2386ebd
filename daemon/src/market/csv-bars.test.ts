import { describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import { parseBarsCsv } from './csv-bars';

const HEADER = 'Date,Open,High,Low,Close,Volume';

function csv(...lines: string[]): string {
  return lines.join('\n');
}

describe('parseBarsCsv: good files', () => {
  it('reads the default columns into typed arrays, IST by default, and infers 1d', () => {
    const { series, errors } = parseBarsCsv(
      csv(HEADER, '2025-01-06,100,110,95,105,1000', '2025-01-07,105,106,101.5,102.25,2000'),
      { symbol: 'TCS' },
    );
    expect(errors).toEqual([]);
    expect(series.symbol).toBe('TCS');
    expect(series.timeframe).toBe('1d');
    expect(series.length).toBe(2);
    expect(Array.from(series.time)).toEqual([istTime('2025-01-06'), istTime('2025-01-07')]);
    expect(Array.from(series.open)).toEqual([100, 105]);
    expect(Array.from(series.high)).toEqual([110, 106]);
    expect(Array.from(series.low)).toEqual([95, 101.5]);
    expect(Array.from(series.close)).toEqual([105, 102.25]);
    expect(Array.from(series.volume)).toEqual([1000, 2000]);
  });

  it.each([
    ['2025-01-06 09:15', istTime('2025-01-06', 9, 15)],
    ['2025-01-06 09:15:30', istTime('2025-01-06', 9, 15, 30)],
    ['2025-01-06T09:15:00+05:30', istTime('2025-01-06', 9, 15)],
    ['2025-01-06T03:45:00Z', istTime('2025-01-06', 9, 15)],
    ['2025-01-06T03:45:00.500Z', istTime('2025-01-06', 9, 15) + 500],
    ['2025/01/06', istTime('2025-01-06')],
    ['06-01-2025', istTime('2025-01-06')],
    ['06/01/2025 09:15', istTime('2025-01-06', 9, 15)],
    ['06-Jan-2025', istTime('2025-01-06')],
    ['6 January 2025', istTime('2025-01-06')],
    ['06-Jan-25', istTime('2025-01-06')],
    ['20250106', istTime('2025-01-06')],
    ['1736135100', istTime('2025-01-06', 9, 15)],
    ['1736135100000', istTime('2025-01-06', 9, 15)],
    ['2025-01-06 03:15 PM', istTime('2025-01-06', 15, 15)],
  ])('parses the date %s', (date, expected) => {
    const { series, errors } = parseBarsCsv(csv(HEADER, `${date},1,1,1,1,0`));
    expect(errors).toEqual([]);
    expect(series.time[0]).toBe(expected);
  });

  it('reads naive times as UTC when asked, and month-first dates with dateFormat', () => {
    const utc = parseBarsCsv(csv(HEADER, '2025-01-06 03:45,1,1,1,1,0'), { timezone: 'UTC' });
    expect(utc.series.time[0]).toBe(istTime('2025-01-06', 9, 15));
    const us = parseBarsCsv(csv(HEADER, '01/06/2025,1,1,1,1,0'), { dateFormat: 'MM/DD/YYYY' });
    expect(us.series.time[0]).toBe(istTime('2025-01-06'));
  });

  it('maps columns case-insensitively, with separate date and time columns, and infers 5m', () => {
    const text = csv(
      'SYMBOL;DATE;TIME;O;H;L;Adj Close;QTY',
      'X;2025-01-06;09:15;10;11;9;10.5;5',
      'X;2025-01-06;09:20;10.5;12;10;11;6',
    );
    const { series, errors } = parseBarsCsv(text, {
      columns: { open: 'o', high: 'H', low: 'l', close: 'adj close' },
    });
    expect(errors).toEqual([]);
    expect(series.timeframe).toBe('5m');
    expect(Array.from(series.time)).toEqual([istTime('2025-01-06', 9, 15), istTime('2025-01-06', 9, 20)]);
    expect(Array.from(series.close)).toEqual([10.5, 11]);
    expect(Array.from(series.volume)).toEqual([5, 6]);
  });

  it('accepts CRLF, a BOM, blank lines, quoted numbers with thousands commas and a blank volume', () => {
    const text =
      '\uFEFF"Date","Open","High","Low","Close","Volume"\r\n\r\n"2025-01-06","1,000.50","1,010","990","1,005",""\r\n';
    const { series, errors } = parseBarsCsv(text, { timeframe: '1d' });
    expect(errors).toEqual([]);
    expect(series.length).toBe(1);
    expect([series.open[0], series.high[0], series.close[0], series.volume[0]]).toEqual([
      1000.5, 1010, 1005, 0,
    ]);
  });

  it('turns a newest-first file into an oldest-first series', () => {
    const { series, errors } = parseBarsCsv(
      csv(HEADER, '2025-01-08,3,3,3,3,0', '2025-01-07,2,2,2,2,0', '2025-01-06,1,1,1,1,0'),
    );
    expect(errors).toEqual([]);
    expect(Array.from(series.close)).toEqual([1, 2, 3]);
    expect(series.time[0]).toBe(istTime('2025-01-06'));
  });

  it('decodes decimals exactly as Number() does', () => {
    const values = ['0.1', '1234.05', '99999.99', '0.000123', '123456789.123456', '7'];
    const text = csv(
      HEADER,
      ...values.map((v, i) => `2025-01-${String(6 + i).padStart(2, '0')},${v},${v},${v},${v},${v}`),
    );
    const { series, errors } = parseBarsCsv(text);
    expect(errors).toEqual([]);
    expect(Array.from(series.close)).toEqual(values.map(Number));
  });
});

describe('parseBarsCsv: bad rows are reported by line and reason', () => {
  it('names the line, column, value and expectation of each bad row and keeps the good ones', () => {
    const text = csv(
      HEADER, //                                 line 1
      '2025-01-06,100,110,95,105,1000', //        2 good
      '2025-13-07,100,110,95,105,1000', //        3 bad date
      '2025-01-08,abc,110,95,105,1000', //        4 bad number
      '2025-01-09,100,90,95,105,1000', //         5 OHLC
      '2025-01-10,100,110,-1,105,1000', //        6 non-positive
      '2025-01-10,100,110,95,105,1000', //        7 good
      '2025-01-10,100,110,95,105,1000', //        8 duplicate of 7
      '2025-01-03,100,110,95,105,1000', //        9 out of order
      '2025-01-13,100,110', //                   10 too few fields
      '2025-01-14,100,110,95,105,-5', //         11 negative volume
      '', //                                     12 blank: skipped
      '2025-01-15,100,110,95,105,1000', //       13 good
    );
    const { series, errors } = parseBarsCsv(text);
    expect(series.length).toBe(3);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 8, 9, 10, 11]);
    const reason = (line: number) => errors.find((e) => e.line === line)!.reason;
    expect(reason(3)).toMatch(/^Date: got "2025-13-07", expected a date such as 2025-01-06/);
    expect(reason(4)).toBe('Open: got "abc", expected a number');
    expect(reason(5)).toBe(
      'OHLC inconsistent: high 90 is below open 100, high 90 is below close 105, high 90 is below low 95',
    );
    expect(reason(6)).toBe('Low: got -1, expected a price above 0');
    expect(reason(8)).toBe('duplicate timestamp 2025-01-10 00:00 IST (already on line 7)');
    expect(reason(9)).toMatch(/^out of order: 2025-01-03 00:00 IST is before 2025-01-10 00:00 IST on line 7/);
    expect(reason(10)).toBe('expected at least 6 fields separated by ",", found 3');
    expect(reason(11)).toBe('Volume: got -5, expected a number >= 0');
  });

  it('reports every problem of one row together', () => {
    const { errors } = parseBarsCsv(csv(HEADER, 'yesterday,,x,1,1,1'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.reason).toContain('Date: got "yesterday"');
    expect(errors[0]!.reason).toContain('Open: got an empty value, expected a number');
    expect(errors[0]!.reason).toContain('High: got "x", expected a number');
  });

  it('names a missing column and lists the header (a wrong file)', () => {
    const { series, errors } = parseBarsCsv(csv('Symbol,Price,Qty', 'TCS,100,5'));
    expect(series.length).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.reason).toContain('missing column "date", "open", "high", "low", "close"');
    expect(errors[0]!.reason).toContain('"Symbol", "Price", "Qty"');
  });

  it('names a mapped column that is not in the header', () => {
    const { errors } = parseBarsCsv(csv(HEADER, '2025-01-06,1,1,1,1,1'), { columns: { close: 'Adj Close' } });
    expect(errors[0]!.reason).toContain('missing column "adj close" (mapped to close)');
  });

  it('reports an empty file and a header without rows', () => {
    expect(parseBarsCsv('').errors[0]!.reason).toMatch(/the file is empty/);
    expect(parseBarsCsv(`${HEADER}\n`).errors).toEqual([
      { line: 2, reason: 'no data rows after the header' },
    ]);
  });

  it('stops listing after maxErrors but counts the rest', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `2025-01-06,x${i},1,1,1,1`);
    const { errors, badRows } = parseBarsCsv(csv(HEADER, ...rows), { maxErrors: 3 });
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(errors[3]!.reason).toBe('7 more bad rows from line 5 on are not listed');
    expect(badRows).toBe(10);
  });

  it('counts 1500 bad rows as 1500 though it lists the default 1000 (and one "not listed" entry)', () => {
    const bad = Array.from({ length: 1500 }, (_, i) => `2025-01-06,x${i},1,1,1,1`);
    const { series, errors, badRows } = parseBarsCsv(csv(HEADER, '2025-01-03,1,1,1,1,1', ...bad));
    expect(series.length).toBe(1);
    expect(badRows).toBe(1500);
    expect(errors).toHaveLength(1001);
    expect(errors[999]).toEqual({ line: 1002, reason: 'Open: got "x999", expected a number' });
    expect(errors[1000]).toEqual({
      line: 1003,
      reason: '500 more bad rows from line 1003 on are not listed',
    });
  });

  it('counts no bad rows when the problem is the file itself', () => {
    expect(parseBarsCsv(`${HEADER}\n`).badRows).toBe(0);
    expect(parseBarsCsv(csv('Symbol,Price,Qty', 'TCS,100,5')).badRows).toBe(0);
    expect(parseBarsCsv(csv(HEADER, '2025-01-06,1,1,1,1,1', '2025-01-07,1,0,1,1,1')).badRows).toBe(1);
  });

  it('rejects bad options with a validation error naming the option', () => {
    expect(() => parseBarsCsv(HEADER, { timeframe: '7x' })).toThrow(
      /timeframe: got "7x", expected a timeframe/,
    );
    expect(() => parseBarsCsv(HEADER, { columns: { price: 'Close' } })).toThrow(/columns.price/);
    expect(() => parseBarsCsv(HEADER, { dateFormat: 'whenever' })).toThrow(/dateFormat/);
  });
});
