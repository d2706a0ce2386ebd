// The byte path of the CSV parser: text, its UTF-8 bytes, a file read window by window and a
// source that returns a few bytes per read must all give the same series and the same errors.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import { parseBarsCsv, type ParseBarsCsvOptions, type ParsedBarsCsv } from './csv-bars';
import { openCsvFile, parseBarsCsvFile } from './csv-file';
import type { CsvByteSource } from './csv-source';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/market');
const HEADER = 'Date,Open,High,Low,Close,Volume';
const dir = mkdtempSync(join(tmpdir(), 'qt-csv-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A source that hands out at most `chunk` bytes per read (lines arrive in pieces). */
function trickle(bytes: Uint8Array, chunk: number): CsvByteSource {
  return {
    size: bytes.length,
    readAt(into, offset, length, position) {
      const n = Math.max(0, Math.min(length, chunk, bytes.length - position));
      into.set(bytes.subarray(position, position + n), offset);
      return n;
    },
  };
}

function plain(r: ParsedBarsCsv) {
  const { series: s, errors } = r;
  const columns = [s.time, s.open, s.high, s.low, s.close, s.volume].map((c) => Array.from(c));
  return { symbol: s.symbol, timeframe: s.timeframe, length: s.length, columns, errors };
}

let files = 0;
/** Parses `text` every way and checks all agree; returns the text parse. */
function parseEveryWay(text: string, options: ParseBarsCsvOptions = {}): ParsedBarsCsv {
  const bytes = Buffer.from(text, 'utf8');
  const file = join(dir, `case-${files++}.csv`);
  writeFileSync(file, bytes);
  const fromText = parseBarsCsv(text, options);
  const expected = plain(fromText);
  expect(plain(parseBarsCsv(bytes, options))).toEqual(expected);
  expect(plain(parseBarsCsvFile(openCsvFile(file), options))).toEqual(expected);
  for (const chunk of [1, 7, 64])
    expect(plain(parseBarsCsv(trickle(bytes, chunk), options))).toEqual(expected);
  return fromText;
}

const CASES: Record<string, string> = {
  'CRLF, BOM, quotes, blank lines, blank volume':
    '\uFEFF"Date","Open","High","Low","Close","Volume"\r\n\r\n"2025-01-06","1,000.50","1,010","990","1,005",""\r\n',
  'newest first': [HEADER, '2025-01-08,3,3,3,3,0', '2025-01-07,2,2,2,2,0', '2025-01-06,1,1,1,1,0'].join('\n'),
  'bad rows of every kind': [
    HEADER,
    '2025-01-06,100,110,95,105,1000',
    '2025-13-07,100,110,95,105,1000',
    '2025-01-08,abc,110,95,105,1000',
    '2025-01-09,100,90,95,105,1000',
    '2025-01-10,100,110,95,105,1000',
    '2025-01-10,100,110,95,105,1000',
    '2025-01-03,100,110,95,105,1000',
    '2025-01-13,100,110',
    '',
    '2025-01-15,100,110,95,105,1000,',
  ].join('\n'),
  'separate time column, semicolons, UTF-8 symbols': [
    'Symbol;Date;Time;Open;High;Low;Close;Qty',
    'टाटा;2025-01-06;09:15;10;11;9;10.5;5',
    'Café "A";2025-01-06;09:20;10.5;12;10;11;6',
    '€;06-Jan-2025;9:25 AM;10.5;12;10;11;6',
  ].join('\n'),
  'header only, no final newline': HEADER,
  'blank lines before the header': `\n\r\n${HEADER}\n2025-01-06,1,1,1,1,0`,
  'empty file': '',
  'last line without enough fields': `${HEADER}\n2025-01-06,1,1,1,1,0\n2025-01-07,1\n\n`,
};

describe('parseBarsCsv: bytes, files and short reads agree with text', () => {
  it.each(Object.entries(CASES))('%s', (_name, text) => {
    parseEveryWay(text);
    parseEveryWay(text, { timeframe: '1d', maxErrors: 2 });
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.csv')))('fixture %s', (name) => {
    parseEveryWay(readFileSync(join(FIXTURES, name), 'utf8'));
  });

  it('decodes UTF-8 in reported values and keeps fields aligned after multi-byte text', () => {
    const { series, errors } = parseEveryWay(
      ['Symbol,Date,Open,High,Low,Close', 'टाटा,2025-01-06,१००,2,1,1', 'टाटा,2025-01-07,1,2,1,1.5'].join(
        '\n',
      ),
    );
    expect(errors).toEqual([{ line: 2, reason: 'Open: got "१००", expected a number' }]);
    expect(Array.from(series.close)).toEqual([1.5]);
  });

  it('reads a line longer than the read window, and more rows than the first row suggests', () => {
    const note = 'x'.repeat(300_000);
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},1.2,2,1,1.5,${i === 0 ? note : ''}`);
    const text = ['Date,Open,High,Low,Close,Note', ...rows].join('\n');
    const { series, errors } = parseEveryWay(text, { dateFormat: 'epoch' });
    expect(errors).toEqual([]);
    expect(series.length).toBe(3000);
    expect(series.time[2999]).toBe(3_000_000);
  });

  it('agrees on generated files (random rows, CRLF, blank and broken lines)', () => {
    const row = fc.record({
      day: fc.integer({ min: 0, max: 40 }),
      prices: fc.array(fc.oneof(fc.double({ min: 0.01, max: 1e5, noNaN: true }), fc.constant(-1)), {
        minLength: 4,
        maxLength: 4,
      }),
      cut: fc.nat({ max: 60 }),
      text: fc.constantFrom('', 'x', 'टाटा', '"a,b"'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, crlf) => {
        const lines = rows.map((r) => {
          const date = new Date(istTime('2025-01-01') + r.day * 86_400_000).toISOString().slice(0, 10);
          const line = `${date},${r.prices.join(',')},${r.text}`;
          return r.cut < 5 ? line.slice(0, r.cut * 4) : line;
        });
        parseEveryWay([`${HEADER}`, ...lines].join(crlf ? '\r\n' : '\n'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('openCsvFile', () => {
  it('fails as the file system does for a missing file and a directory', () => {
    expect(() => openCsvFile(join(dir, 'missing.csv'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => openCsvFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});
