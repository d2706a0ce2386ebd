// Date/time scanning for CSV bars, straight from the file's bytes: one pass, no regex, no
// substrings, no Date objects — this runs once per row on the 200k-row hot path.
//
// Accepted (numeric date order decided by `order`; naive times in the zone `offsetMs`):
//   2025-01-06  2025/01/06  2025-01-06 09:15[:00[.000]]  2025-01-06T09:15:00+05:30  …Z
//   06-01-2025  06/01/2025  06.01.2025  06-Jan-2025  06 Jan 2025  06-Jan-25   (+ time as above)
//   20250106    1736135100 (epoch s)    1736135100000 (epoch ms)   09:15 AM/PM suffixes
import { daysFromCivil, daysInMonth } from '../core/calendar/civil-date';
import { IST_OFFSET_MS } from '../core/time';
import { validationError } from '../core/errors';
import { scanIsoFast } from './csv-date-iso';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateSpec {
  /** Order of numeric day/month fields (year-first dates are always ymd). */
  order: DateOrder;
  /** How a bare integer is read: 'auto' picks seconds for ≤ 11 digits, else ms. */
  epoch: 'auto' | 's' | 'ms';
  /** Offset of naive wall-clock times from UTC, in ms (IST: +19,800,000). */
  offsetMs: number;
}

/** Builds a DateSpec from the user-facing options (`dateFormat` like `DD/MM/YYYY`, `epoch_ms`). */
export function dateSpec(dateFormat: string | undefined, timezone: 'IST' | 'UTC' = 'IST'): DateSpec {
  const offsetMs = timezone === 'UTC' ? 0 : IST_OFFSET_MS;
  if (!dateFormat) return { order: 'dmy', epoch: 'auto', offsetMs };
  const f = dateFormat.trim().toUpperCase();
  if (f === 'EPOCH' || f === 'EPOCH_S' || f === 'UNIX') return { order: 'dmy', epoch: 's', offsetMs };
  if (f === 'EPOCH_MS' || f === 'UNIX_MS') return { order: 'dmy', epoch: 'ms', offsetMs };
  const y = f.indexOf('YY');
  const m = f.indexOf('M');
  const d = f.indexOf('D');
  if (y < 0 || m < 0 || d < 0) {
    throw validationError(
      [
        {
          path: 'dateFormat',
          value: dateFormat,
          expected: 'a pattern like YYYY-MM-DD, DD-MM-YYYY, MM/DD/YYYY, DD-Mon-YYYY, epoch or epoch_ms',
        },
      ],
      'CSV options',
    );
  }
  const order: DateOrder = y < m && y < d ? 'ymd' : m < d ? 'mdy' : 'dmy';
  return { order, epoch: 'auto', offsetMs };
}

// Month names by their first three letters, lower-cased and packed into one number (no substring).
const MONTH_KEYS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
  (m) => monthKey(m.charCodeAt(0), m.charCodeAt(1), m.charCodeAt(2)),
);

function monthKey(a: number, b: number, c: number): number {
  return ((a | 32) << 16) | ((b | 32) << 8) | (c | 32);
}

// Scanner state shared by the helpers below; module-level so the hot path allocates nothing.
let pos = 0;
let digits = 0;

function readInt(bytes: Uint8Array, end: number): number {
  let value = 0;
  digits = 0;
  while (pos < end) {
    const c = bytes[pos]! - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    digits++;
    pos++;
  }
  return value;
}

function readMonthName(bytes: Uint8Array, end: number): number {
  const from = pos;
  while (pos < end && (bytes[pos]! | 32) >= 97 && (bytes[pos]! | 32) <= 122) pos++;
  if (pos - from < 3) return 0;
  return MONTH_KEYS.indexOf(monthKey(bytes[from]!, bytes[from + 1]!, bytes[from + 2]!)) + 1;
}

function isDateSep(c: number): boolean {
  return c === 45 /* - */ || c === 47 /* / */ || c === 46 /* . */ || c === 32; /* space */
}

/** Parses the date part at `pos`; returns a day number or NaN. */
function scanDate(bytes: Uint8Array, end: number, spec: DateSpec): number {
  const a = readInt(bytes, end);
  const aDigits = digits;
  if (aDigits === 0 || pos >= end) return NaN;
  const sep = bytes[pos]!;
  if (!isDateSep(sep)) return NaN;
  pos++;
  let year: number;
  let month: number;
  let day: number;
  if (aDigits === 4) {
    year = a;
    month = readInt(bytes, end);
    if (digits === 0) month = readMonthName(bytes, end);
    if (bytes[pos]! !== sep) return NaN;
    pos++;
    day = readInt(bytes, end);
    if (digits === 0 || digits > 2) return NaN;
  } else if (aDigits <= 2) {
    const named = readMonthName(bytes, end);
    let b = named;
    if (named === 0) {
      b = readInt(bytes, end);
      if (digits === 0 || digits > 2) return NaN;
    }
    if (bytes[pos]! !== sep) return NaN;
    pos++;
    year = readInt(bytes, end);
    if (digits === 2) year += 2000;
    else if (digits !== 4) return NaN;
    const monthFirst = named === 0 && spec.order === 'mdy';
    month = monthFirst ? a : b;
    day = monthFirst ? b : a;
  } else return NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day);
}

/** Parses `HH:MM[:SS[.fff]] [AM|PM]` at `pos`; returns ms of day or NaN. */
export function scanTimeOfDay(bytes: Uint8Array, end: number): number {
  let h = readInt(bytes, end);
  if (digits === 0 || digits > 2 || bytes[pos]! !== 58 /* : */) return NaN;
  pos++;
  const m = readInt(bytes, end);
  if (digits !== 2) return NaN;
  let s = 0;
  let ms = 0;
  if (bytes[pos]! === 58) {
    pos++;
    s = readInt(bytes, end);
    if (digits !== 2) return NaN;
    if (bytes[pos]! === 46 /* . */) {
      pos++;
      const fracStart = pos;
      const frac = readInt(bytes, end);
      ms =
        Math.floor(frac / 10 ** Math.max(0, pos - fracStart - 3)) * 10 ** Math.max(0, 3 - (pos - fracStart));
    }
  }
  while (pos < end && bytes[pos]! === 32) pos++;
  const p = pos < end ? bytes[pos]! | 32 : 0;
  if ((p === 97 /* a */ || p === 112) /* p */ && (bytes[pos + 1]! | 32) === 109 /* m */) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (p === 112 ? 12 : 0);
    pos += 2;
  }
  if (h > 23 || m > 59 || s > 59) return NaN;
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** Parses `Z`, `+05:30`, `+0530`, `-04` at `pos`; returns the offset in ms, or NaN. */
function scanZone(bytes: Uint8Array, end: number): number {
  const c = bytes[pos]!;
  if (c === 90 /* Z */ || c === 122) {
    pos++;
    return 0;
  }
  if (c !== 43 && c !== 45) return NaN;
  pos++;
  const hh = readInt(bytes, end);
  const hhDigits = digits;
  let mm = 0;
  if (hhDigits === 4) return (c === 45 ? -1 : 1) * (Math.floor(hh / 100) * 60 + (hh % 100)) * 60_000;
  if (hhDigits !== 2) return NaN;
  if (bytes[pos]! === 58) {
    pos++;
    mm = readInt(bytes, end);
    if (digits !== 2) return NaN;
  }
  return (c === 45 ? -1 : 1) * (hh * 60 + mm) * 60_000;
}

function epochFromDigits(value: number, count: number, spec: DateSpec): number {
  if (spec.epoch === 's') return value * 1000;
  if (spec.epoch === 'ms') return value;
  if (count === 8) {
    // YYYYMMDD, a common compact date; an 8-digit epoch would be 1970-04, never market data.
    const year = Math.floor(value / 10_000);
    const month = Math.floor(value / 100) % 100;
    const day = value % 100;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
    return daysFromCivil(year, month, day) * 86_400_000 - spec.offsetMs;
  }
  if (count < 9) return NaN;
  return count <= 11 ? value * 1000 : value;
}

/**
 * Parses a date or date-time in bytes[start, end) (already trimmed of quotes) to epoch ms.
 * Returns NaN when it is not a recognisable valid date.
 */
export function scanDateTime(bytes: Uint8Array, start: number, end: number, spec: DateSpec): number {
  const fast = scanIsoFast(bytes, start, end, spec.offsetMs);
  return fast === fast ? fast : scanDateTimeGeneral(bytes, start, end, spec);
}

function scanDateTimeGeneral(bytes: Uint8Array, start: number, end: number, spec: DateSpec): number {
  while (start < end && bytes[start]! === 32) start++;
  while (end > start && bytes[end - 1]! === 32) end--;
  pos = start;
  const whole = readInt(bytes, end);
  if (pos === end && digits > 0) return epochFromDigits(whole, digits, spec);
  pos = start;
  const day = scanDate(bytes, end, spec);
  if (day !== day) return NaN;
  let msOfDay = 0;
  let offset = spec.offsetMs;
  if (pos < end) {
    const c = bytes[pos]!;
    if (c !== 84 /* T */ && c !== 32) return NaN;
    while (pos < end && (bytes[pos]! === 32 || bytes[pos]! === 84)) pos++;
    msOfDay = scanTimeOfDay(bytes, end);
    if (msOfDay !== msOfDay) return NaN;
    if (pos < end) {
      offset = scanZone(bytes, end);
      if (offset !== offset || pos !== end) return NaN;
    }
  }
  return day * 86_400_000 + msOfDay - offset;
}

/** Parses a separate time-of-day column (`09:15`, `09:15:00`, `9:15 AM`) to ms of day, or NaN. */
export function scanTimeColumn(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start]! === 32) start++;
  while (end > start && bytes[end - 1]! === 32) end--;
  pos = start;
  const ms = scanTimeOfDay(bytes, end);
  return pos === end ? ms : NaN;
}
