// How users name an instrument: `TCS`, `NSE:TCS`, `BSE:TCS`, or Yahoo style `TCS.NS` / `TCS.BO`;
// an index as Yahoo names it starts with `^` (`^NSEI`, `BSE:^BSESN`). Symbols are stored
// upper-case (at most 64 characters, as the instruments table allows); the exchange defaults to NSE.
import type { Exchange } from '../core/instrument';
import { validationError } from '../core/errors';

export interface SymbolRef {
  exchange: Exchange;
  symbol: string;
  /** True when the user named the exchange (so a BSE-only symbol is not found as NSE). */
  explicitExchange: boolean;
}

/** 1–64 characters: an optional leading `^` (a Yahoo index), then a letter or digit first. */
const SYMBOL_PATTERN = /^(?=.{1,64}$)\^?[A-Z0-9][A-Z0-9&._\-^]*$/;

/** Yahoo's index symbols (`^NSEI`, `^BSESN`, `^NSEBANK`) start with `^`. */
export function isIndexSymbol(symbol: string): boolean {
  return symbol.startsWith('^');
}

export function parseSymbolRef(text: string, path = 'symbol'): SymbolRef {
  const raw = text.trim().toUpperCase();
  let exchange: Exchange = 'NSE';
  let symbol = raw;
  let explicitExchange = false;
  const colon = raw.indexOf(':');
  if (colon > 0) {
    const prefix = raw.slice(0, colon);
    if (prefix !== 'NSE' && prefix !== 'BSE') {
      throw validationError([{ path, value: text, expected: 'an exchange prefix NSE: or BSE:' }]);
    }
    exchange = prefix;
    symbol = raw.slice(colon + 1);
    explicitExchange = true;
  } else if (raw.endsWith('.NS') || raw.endsWith('.BO')) {
    exchange = raw.endsWith('.NS') ? 'NSE' : 'BSE';
    symbol = raw.slice(0, -3);
    explicitExchange = true;
  }
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw validationError([
      {
        path,
        value: text,
        expected:
          'a symbol such as TCS, NSE:TCS, TCS.NS or the index ^NSEI (letters, digits, & . _ - ^; at most 64)',
      },
    ]);
  }
  return { exchange, symbol, explicitExchange };
}

export function formatSymbolRef(ref: { exchange: Exchange; symbol: string }): string {
  return `${ref.exchange}:${ref.symbol}`;
}
