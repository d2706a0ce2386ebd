// NSE equity and F&O trading calendar as data (../shared/reference/india-market.md §1). Exchanges
// add holidays at short notice by circular: extend these lists, never hard-code dates elsewhere.
// BSE equity closures are the same in both years.

export interface HolidayEntry {
  /** IST date, YYYY-MM-DD. */
  date: string;
  name: string;
}

export interface SpecialSessionEntry {
  date: string;
  name: string;
  /** IST wall-clock open and close, HH:MM. */
  open: string;
  close: string;
  /** `full`: a normal 09:15–15:30 session on a weekend; `muhurat`: the one-hour Diwali session. */
  kind: 'full' | 'muhurat';
  /** Timings not yet notified by the exchange; the times are a placeholder. */
  provisional?: boolean;
}

export interface CalendarData {
  name: string;
  /** Years whose holidays are listed; other years fall back to "every weekday". */
  firstYear: number;
  lastYear: number;
  /** Regular session, IST HH:MM. */
  open: string;
  close: string;
  holidays: readonly HolidayEntry[];
  specialSessions: readonly SpecialSessionEntry[];
}

export const NSE_CALENDAR_DATA: CalendarData = {
  name: 'NSE',
  firstYear: 2025,
  lastYear: 2026,
  open: '09:15',
  close: '15:30',
  holidays: [
    // 2025: NSE/CMTR/65587, NSE/FAOP/65588.
    { date: '2025-02-26', name: 'Mahashivratri' },
    { date: '2025-03-14', name: 'Holi' },
    { date: '2025-03-31', name: 'Id-Ul-Fitr' },
    { date: '2025-04-10', name: 'Shri Mahavir Jayanti' },
    { date: '2025-04-14', name: 'Dr. Baba Saheb Ambedkar Jayanti' },
    { date: '2025-04-18', name: 'Good Friday' },
    { date: '2025-05-01', name: 'Maharashtra Day' },
    { date: '2025-08-15', name: 'Independence Day' },
    { date: '2025-08-27', name: 'Ganesh Chaturthi' },
    { date: '2025-10-02', name: 'Mahatma Gandhi Jayanti/Dussehra' },
    { date: '2025-10-21', name: 'Diwali Laxmi Pujan' },
    { date: '2025-10-22', name: 'Diwali Balipratipada' },
    { date: '2025-11-05', name: 'Prakash Gurpurb Sri Guru Nanak Dev' },
    { date: '2025-12-25', name: 'Christmas' },
    // 2026: NSE/CMTR/71775 (12 Dec 2025), NSE/CMTR/72260 added 15 Jan.
    { date: '2026-01-15', name: 'Maharashtra municipal corporation elections' },
    { date: '2026-01-26', name: 'Republic Day' },
    { date: '2026-02-15', name: 'Mahashivratri (Sunday)' },
    { date: '2026-03-03', name: 'Holi' },
    { date: '2026-03-21', name: 'Id-Ul-Fitr (Saturday)' },
    { date: '2026-03-26', name: 'Shri Ram Navami' },
    { date: '2026-03-31', name: 'Shri Mahavir Jayanti' },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-14', name: 'Dr. Baba Saheb Ambedkar Jayanti' },
    { date: '2026-05-01', name: 'Maharashtra Day' },
    { date: '2026-05-28', name: 'Bakri Id' },
    { date: '2026-06-26', name: 'Muharram' },
    { date: '2026-08-15', name: 'Independence Day (Saturday)' },
    { date: '2026-09-14', name: 'Ganesh Chaturthi' },
    { date: '2026-10-02', name: 'Mahatma Gandhi Jayanti' },
    { date: '2026-10-20', name: 'Dussehra' },
    { date: '2026-11-08', name: 'Diwali Laxmi Pujan (Sunday)' },
    { date: '2026-11-10', name: 'Diwali Balipratipada' },
    { date: '2026-11-24', name: 'Prakash Gurpurb Sri Guru Nanak Dev' },
    { date: '2026-12-25', name: 'Christmas' },
  ],
  specialSessions: [
    { date: '2025-02-01', name: 'Union Budget (Saturday)', open: '09:15', close: '15:30', kind: 'full' },
    { date: '2025-10-21', name: 'Muhurat trading', open: '13:45', close: '14:45', kind: 'muhurat' },
    { date: '2026-02-01', name: 'Union Budget (Sunday)', open: '09:15', close: '15:30', kind: 'full' },
    // Timings "to be notified" when this was written; 2025's hour stands in until they are.
    {
      date: '2026-11-08',
      name: 'Muhurat trading',
      open: '13:45',
      close: '14:45',
      kind: 'muhurat',
      provisional: true,
    },
  ],
};
