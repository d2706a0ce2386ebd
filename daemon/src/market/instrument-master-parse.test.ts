import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseInstrumentMaster,
  type MasterInstrument,
  type MasterParseResult,
} from './instrument-master-parse';

// test/fixtures/market/dhan-master-detailed.csv is shaped like Dhan's real
// api-scrip-master-detailed.csv. Nobody here fetched the live file, so header and rows come from
// public copies of it (found with the code search; values as quoted there):
// - header (32 columns, trailing comma): the "_REAL_HEADER" of a Python test quoting a live fetch
//   of 2026-08-26; the same column order begins the full files committed in
//   niftyheist/dream_project, devswapnil1995/phantom-pro and souravknath/ai-bot
//   (api-scrip-master-detailed.csv).
// - NIFTY index (13), RELIANCE (2885), the BSE SENSEX option (869699, SYMBOL_NAME "BSXOPT"), the
//   MCX and BSE currency rows: a C# test's "rows copied from api-scrip-master-detailed.csv on
//   2026-09-14".
// - NIFTY-Sep2026-29150-CE (35084): verbatim from the 2026-08-26 fetch. A design note quoting the
//   compact file has the same security id as NIFTY-Sep2026-29150-CE there too.
// - CHOLAFIN share (685), its 7.5% NCD (19257, series D1, same UNDERLYING_SYMBOL, placed first as
//   a Rust test says the real file has it) and HFCL: a Python test's "row shapes copied from the
//   live master, verified 2026-09-18". HFCL's id is 21951, the UNDERLYING_SECURITY_ID of the
//   HFCL future in niftyheist/dream_project's file (that test has 21954).
// - CHOLAFIN-Sep2025-FUT (53068): niftyheist/dream_project's file (its dates are re-saved as
//   30/09/25; written here as Dhan publishes them, 2025-09-30).
// - TCS, BSE TCS, HDFCBANK and the Oct 2026 NIFTY future/option reuse the security ids of
//   dhan-master-compact.csv so the two layouts can be compared; their values follow the shapes
//   above.
// Columns after EXPIRY_FLAG, which the parser never reads, are zero-filled where no copy had them.
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/market/${name}`, import.meta.url)), 'utf8');

function parsed(name: string): MasterParseResult {
  const result = parseInstrumentMaster(fixture(name));
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

const byId = (rows: MasterInstrument[]) => new Map(rows.map((r) => [`${r.segment}:${r.securityId}`, r]));

describe('parseInstrumentMaster: the detailed layout', () => {
  const result = parsed('dhan-master-detailed.csv');
  const rows = byId(result.instruments);

  it('stores the trading symbol users type, never the company name in SYMBOL_NAME', () => {
    expect(result).toMatchObject({ layout: 'detailed', badCount: 0 });
    expect(rows.get('NSE_EQ:685')).toMatchObject({
      exchange: 'NSE',
      kind: 'equity',
      symbol: 'CHOLAFIN',
      name: 'Cholamandalam Investment',
      isin: 'INE121A01024',
      tickSize: 0.1,
    });
    expect(rows.get('NSE_EQ:21951')).toMatchObject({ symbol: 'HFCL', name: 'HFCL', tickSize: 0.01 });
    expect(rows.get('NSE_EQ:2885')).toMatchObject({ symbol: 'RELIANCE', name: 'Reliance Industries' });
    expect(rows.get('BSE_EQ:532540')).toMatchObject({ exchange: 'BSE', symbol: 'TCS' });
    expect(result.instruments.map((r) => r.symbol)).not.toContain('CHOLAMANDALAM IN & FIN CO');
  });

  it('reads an index from UNDERLYING_SYMBOL with its display name', () => {
    expect(rows.get('IDX_I:13')).toMatchObject({
      exchange: 'NSE',
      kind: 'index',
      symbol: 'NIFTY',
      name: 'Nifty 50',
      expiry: null,
    });
  });

  it('reads NSE futures and options from SYMBOL_NAME, the compact trading symbol', () => {
    expect(rows.get('NSE_FNO:53068')).toMatchObject({
      kind: 'future',
      symbol: 'CHOLAFIN-SEP2025-FUT',
      name: 'CHOLAFIN SEP FUT',
      lotSize: 625,
      expiry: '2025-09-30',
      strike: null,
      optionType: null,
    });
    expect(rows.get('NSE_FNO:35084')).toMatchObject({
      kind: 'option',
      symbol: 'NIFTY-SEP2026-29150-CE',
      name: 'NIFTY 29 SEP 29150 CALL',
      lotSize: 65,
      tickSize: 0.05,
      expiry: '2026-09-29',
      strike: 29150,
      optionType: 'CE',
    });
  });

  it('rebuilds a BSE contract symbol in the compact form where SYMBOL_NAME is a product code', () => {
    expect(rows.get('BSE_FNO:869699')).toMatchObject({
      exchange: 'BSE',
      kind: 'option',
      symbol: 'SENSEX-SEP2026-74300-CE',
      name: 'SENSEX 17 SEP 74300 CALL',
      lotSize: 20,
      expiry: '2026-09-17',
      strike: 74300,
    });
  });

  it("keeps the share when a company's bond shares its symbol, whatever the order", () => {
    expect(rows.has('NSE_EQ:19257')).toBe(false);
    expect(result.instruments.filter((r) => r.exchange === 'NSE' && r.symbol === 'CHOLAFIN')).toHaveLength(1);
    // the NCD, the MCX future and the BSE currency option
    expect(result.skipped).toBe(3);
    const [header, ...lines] = fixture('dhan-master-detailed.csv').trim().split('\n');
    const share = lines.find((l) => l.startsWith('NSE,E,685,'))!;
    const bond = lines.find((l) => l.startsWith('NSE,E,19257,'))!;
    const shareFirst = parseInstrumentMaster([header, share, bond].join('\n')) as MasterParseResult;
    expect(shareFirst.instruments.map((r) => r.securityId)).toEqual(['685']);
  });
});

describe('parseInstrumentMaster: compact and detailed agree', () => {
  it('gives the same symbol, kind and contract for every security id in both files', () => {
    const compact = parsed('dhan-master-compact.csv').instruments;
    const detailed = byId(parsed('dhan-master-detailed.csv').instruments);
    expect(compact.length).toBe(6);
    for (const c of compact) {
      const d = detailed.get(`${c.segment}:${c.securityId}`);
      expect(d, `${c.segment}:${c.securityId}`).toBeDefined();
      const pick = (r: MasterInstrument) => [r.exchange, r.kind, r.symbol, r.expiry, r.strike, r.optionType];
      expect(pick(d!)).toEqual(pick(c));
    }
  });
});
