import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../core/calendar/civil-date';
import { DEFAULT_BHAVCOPY_SERIES, parseBhavcopy } from './bhavcopy-parse';

const KEEP = new Set(DEFAULT_BHAVCOPY_SERIES);
const UDIFF =
  'TradDt,BizDt,Sgmt,Src,FinInstrmTp,FinInstrmId,ISIN,TckrSymb,SctySrs,XpryDt,FininstrmActlXpryDt,StrkPric,OptnTp,' +
  'FinInstrmNm,OpnPric,HghPric,LwPric,ClsPric,LastPric,PrvsClsgPric,UndrlygPric,SttlmPric,OpnIntrst,ChngInOpnIntrst,' +
  'TtlTradgVol,TtlTrfVal,TtlNbOfTxsExctd,SsnId,NewBrdLotQty,Rmks,Rsvd1,Rsvd2,Rsvd3,Rsvd4';
const row = (date: string, symbol: string, series: string, src = 'NSE') =>
  `${date},${date},CM,${src},STK,1,INE000000000,${symbol},${series},,,,,"${symbol}, LTD",10,11,9,10.5,10.5,10,,10.5,,,100,1050,5,F1,1,,,,,`;

describe('parseBhavcopy', () => {
  it('reads the UDiFF layout, keeping share series and counting the rest', () => {
    const text = [
      UDIFF,
      row('2024-07-08', 'ABC', 'EQ'),
      row('2024-07-08', 'XYZ', 'BE'),
      row('2024-07-08', '8GS', 'GS'),
    ].join('\r\n');
    const parsed = parseBhavcopy(text, KEEP);
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect(parsed.layout).toBe('udiff');
    expect(parsed.day).toBe(parseIsoDate('2024-07-08'));
    expect(parsed.rows.map((r) => [r.symbol, r.series, r.name, r.close, r.volume, r.line])).toEqual([
      ['ABC', 'EQ', 'ABC, LTD', 10.5, 100, 2],
      ['XYZ', 'BE', 'XYZ, LTD', 10.5, 100, 3],
    ]);
    expect(parsed.filtered).toEqual({ GS: 1 });
  });

  it('reads the older CM layout with its DD-MMM-YYYY dates and trailing comma', () => {
    const text =
      'SYMBOL,SERIES,OPEN,HIGH,LOW,CLOSE,LAST,PREVCLOSE,TOTTRDQTY,TOTTRDVAL,TIMESTAMP,TOTALTRADES,ISIN,\n' +
      'ABC,EQ,10,11,9,10.5,10.5,10,100,1050,05-JUL-2024,5,INE000000000,\n';
    const parsed = parseBhavcopy(text, KEEP);
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect(parsed.layout).toBe('cm');
    expect(parsed.day).toBe(parseIsoDate('2024-07-05'));
    expect(parsed.rows[0]).toMatchObject({
      symbol: 'ABC',
      open: 10,
      high: 11,
      low: 9,
      close: 10.5,
      volume: 100,
    });
  });

  it('refuses a file mixing days or from another exchange, and names bad rows', () => {
    const mixed = parseBhavcopy(
      [UDIFF, row('2024-07-08', 'A', 'EQ'), row('2024-07-09', 'B', 'EQ')].join('\n'),
      KEEP,
    );
    expect(mixed).toEqual({
      problem: 'line 3: rows for 2024-07-09 in a file for 2024-07-08 (a bhavcopy holds one day)',
    });
    const bse = parseBhavcopy([UDIFF, row('2024-07-08', 'A', 'EQ', 'BSE')].join('\n'), KEEP);
    expect(bse).toEqual({ problem: 'line 2: Src "BSE"; only NSE bhavcopies are read' });
    const bad = parseBhavcopy(
      [UDIFF, row('2024-07-08', 'A', 'EQ').replace(',10,11,9,', ',10,0,9,')].join('\n'),
      KEEP,
    );
    if ('problem' in bad) throw new Error(bad.problem);
    expect(bad.errors).toEqual([{ line: 2, reason: 'A EQ: high "0" is not a price above 0' }]);
  });
});
