// How users name an instrument: `TCS`, `NSE:TCS`, `BSE:TCS`, or Yahoo style `TCS.NS` / `TCS.BO`.
// Symbols are stored upper-case; the exchange defaults to NSE.
import type { Exchange } from '../core/instrument';
import { validationError } from '../core/errors';

export interface SymbolRef {
  exchange: Exchange;
  symbol: string;
  /** True when the user named the exchange (so a BSE-only symbol is not found as NSE). */
  explicitExchange: boolean;
}

const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9&._\-^]{0,63}$/;

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
      { path, value: text, expected: 'a symbol such as TCS, NSE:TCS or TCS.NS (letters, digits, & . _ - ^)' },
    ]);
  }
  return { exchange, symbol, explicitExchange };
}

export function formatSymbolRef(ref: { exchange: Exchange; symbol: string }): string {
  return `${ref.exchange}:${ref.symbol}`;
}
