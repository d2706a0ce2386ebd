import { describe, expect, it } from 'vitest';
import { yahooSymbol } from './sources/yahoo-chart';
import { parseSymbolRef } from './symbol-ref';

describe('parseSymbolRef', () => {
  it('reads plain, prefixed and Yahoo-suffixed symbols, upper-case, NSE by default', () => {
    expect(parseSymbolRef('tcs')).toEqual({ exchange: 'NSE', symbol: 'TCS', explicitExchange: false });
    expect(parseSymbolRef('BSE:TCS')).toEqual({ exchange: 'BSE', symbol: 'TCS', explicitExchange: true });
    expect(parseSymbolRef('M&M.NS')).toEqual({ exchange: 'NSE', symbol: 'M&M', explicitExchange: true });
  });

  it('accepts a Yahoo index symbol with its leading ^', () => {
    expect(parseSymbolRef('^nsei')).toEqual({ exchange: 'NSE', symbol: '^NSEI', explicitExchange: false });
    expect(parseSymbolRef('BSE:^BSESN')).toEqual({
      exchange: 'BSE',
      symbol: '^BSESN',
      explicitExchange: true,
    });
  });

  it('refuses a bare ^, a doubled ^ and more than 64 characters, naming the field and value', () => {
    expect(() => parseSymbolRef('^')).toThrow(
      /symbol: got "\^", expected a symbol such as TCS, NSE:TCS, TCS.NS or the index \^NSEI/,
    );
    expect(() => parseSymbolRef('^^NSEI', 'symbols[0]')).toThrow(/symbols\[0\]: got "\^\^NSEI"/);
    expect(parseSymbolRef(`^${'A'.repeat(63)}`).symbol).toHaveLength(64);
    expect(() => parseSymbolRef(`^${'A'.repeat(64)}`)).toThrow(/at most 64/);
    expect(() => parseSymbolRef('A'.repeat(65))).toThrow(/at most 64/);
  });
});

describe('yahooSymbol', () => {
  it('suffixes stocks with .NS / .BO and sends indices as they are', () => {
    expect(yahooSymbol('TCS')).toBe('TCS.NS');
    expect(yahooSymbol('BSE:TCS')).toBe('TCS.BO');
    expect(yahooSymbol('^nsei')).toBe('^NSEI');
    expect(yahooSymbol('BSE:^BSESN')).toBe('^BSESN');
  });

  it('refuses, before any request, a symbol the bar store would refuse', () => {
    expect(() => yahooSymbol('^')).toThrow(/symbol: got "\^", expected/);
    expect(() => yahooSymbol('^NSEI!')).toThrow(/symbol: got "\^NSEI!"/);
  });
});
