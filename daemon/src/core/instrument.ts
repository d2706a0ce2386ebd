// An instrument as the engine and risk rules see it. The instrument master (db/market) fills
// these from Dhan's scrip master; imports create equity instruments with defaults.

export type Exchange = 'NSE' | 'BSE';
/** Dhan exchange segments we trade or read (IDX_I is data-only). */
export type ExchangeSegment = 'NSE_EQ' | 'BSE_EQ' | 'NSE_FNO' | 'BSE_FNO' | 'IDX_I';
export type InstrumentKind = 'equity' | 'future' | 'option' | 'index';

export interface Instrument {
  symbol: string;
  exchange: Exchange;
  segment: ExchangeSegment;
  kind: InstrumentKind;
  /** Price step in rupees (e.g. 0.05). */
  tickSize: number;
  /** Contract multiple; 1 for cash equity. Order quantities are whole lots. */
  lotSize: number;
  /** Largest quantity one order may have at the exchange (F&O freeze limit); none when unset. */
  freezeQty?: number;
  /** Dhan security id, when known. */
  securityId?: string;
  name?: string;
  /** Expiry as epoch ms, for derivatives. */
  expiry?: number;
  strike?: number;
  optionType?: 'CE' | 'PE';
}

/** A cash-equity NSE instrument with the common defaults (tick 0.05, lot 1). */
export function equityInstrument(symbol: string, overrides: Partial<Instrument> = {}): Instrument {
  return {
    symbol,
    exchange: 'NSE',
    segment: 'NSE_EQ',
    kind: 'equity',
    tickSize: 0.05,
    lotSize: 1,
    ...overrides,
  };
}
