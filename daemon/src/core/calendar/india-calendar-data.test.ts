import { describe, expect, it } from 'vitest';
import { parseIsoDate, weekdayOfDays } from './civil-date';
import { CALENDAR_SOURCES, CALENDAR_YEAR_SOURCES, indiaCalendarData } from './india-calendar-data';

const nse = indiaCalendarData('NSE');
const bse = indiaCalendarData('BSE');
const LIBRARIES = ['python-holidays', 'exchange_calendars', 'pandas_market_calendars', 'nse-api'];
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('the NSE/BSE calendar data', () => {
  it('covers every year from 2010 to 2026, each with its circular and two independent sources', () => {
    expect([nse.firstYear, nse.lastYear]).toEqual([2010, 2026]);
    expect(CALENDAR_YEAR_SOURCES.map((y) => y.year)).toEqual(Array.from({ length: 17 }, (_, i) => 2010 + i));
    for (const year of CALENDAR_YEAR_SOURCES) {
      expect(year.circulars.length, `${year.year} circulars`).toBeGreaterThan(0);
      expect(year.sources).toContain('nse-circular');
      // exchange_calendars and pandas_market_calendars share a history: they count as one.
      const independent = new Set(
        year.sources
          .filter((s) => LIBRARIES.includes(s))
          .map((s) => (s === 'pandas_market_calendars' ? 'exchange_calendars' : s)),
      );
      expect(independent.size, `${year.year} independent sources`).toBeGreaterThanOrEqual(2);
      for (const id of year.sources) expect(CALENDAR_SOURCES[id], id).toBeTruthy();
      expect(year.agreement.length).toBeGreaterThan(5);
    }
  });

  it('lists each closure once, in order, on a weekday unless its name says which weekend day', () => {
    let previous = '';
    for (const h of nse.holidays) {
      const day = parseIsoDate(h.date);
      expect(day, h.date).toBe(day); // not NaN
      expect(h.date > previous, `${h.date} after ${previous}`).toBe(true);
      previous = h.date;
      const weekday = weekdayOfDays(day);
      const label = weekday === 0 ? '(Sunday)' : weekday === 6 ? '(Saturday)' : undefined;
      if (label) expect(h.name, h.date).toContain(label);
      else expect(h.name, h.date).not.toMatch(/\((Saturday|Sunday)\)/);
    }
  });

  it('gives each special session a valid window, a source, and a Muhurat hour on each Diwali', () => {
    for (const s of [...nse.specialSessions, ...bse.specialSessions]) {
      expect(minutes(s.open), s.date).toBeLessThan(minutes(s.close));
      if (s.pause) {
        expect(minutes(s.pause[0])).toBeGreaterThan(minutes(s.open));
        expect(minutes(s.pause[1])).toBeLessThan(minutes(s.close));
      }
      expect(s.sources?.length, `${s.date} sources`).toBeGreaterThan(0);
    }
    const diwalis = nse.holidays.filter((h) => h.name.startsWith('Diwali Laxmi Pujan')).map((h) => h.date);
    const muhurats = nse.specialSessions.filter((s) => s.kind === 'muhurat').map((s) => s.date);
    expect(muhurats).toEqual(diwalis);
    expect(muhurats).toHaveLength(17);
  });

  it('gives BSE the same closures as NSE and differs only where an entry says so', () => {
    expect(bse.holidays).toEqual(nse.holidays);
    const onlyOne = [...nse.specialSessions, ...bse.specialSessions].filter((s) => s.exchanges);
    expect(onlyOne.map((s) => `${s.date} ${s.exchanges!.join()}`)).toEqual([
      '2021-02-24 NSE',
      '2021-02-24 BSE',
    ]);
  });
});
