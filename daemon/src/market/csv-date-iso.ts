// The fast path of CSV date scanning: `YYYY-MM-DD[( |T)HH:MM[:SS]]` without a zone, the shape
// most exports use, decoded by fixed byte positions. Anything else returns NaN and goes to
// the general scanner in csv-date.ts.
import { daysFromCivil, daysInMonth } from '../core/calendar/civil-date';

function digit(bytes: Uint8Array, i: number): number {
  const d = bytes[i]! - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

function twoDigits(bytes: Uint8Array, i: number): number {
  return digit(bytes, i) * 10 + digit(bytes, i + 1);
}

// Consecutive intraday rows share a date: remember the last one's day number.
let cachedKey = -1;
let cachedDay = 0;

/** `YYYY-MM-DD[( |T)HH:MM[:SS]]` with no zone — the common export shape — by fixed positions. */
export function scanIsoFast(bytes: Uint8Array, start: number, end: number, offsetMs: number): number {
  const length = end - start;
  if (length !== 10 && length !== 16 && length !== 19) return NaN;
  if (bytes[start + 4]! !== 45 || bytes[start + 7]! !== 45) return NaN;
  const year = twoDigits(bytes, start) * 100 + twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  const key = year * 10_000 + month * 100 + day;
  if (key !== cachedKey) {
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
    cachedDay = daysFromCivil(year, month, day);
    cachedKey = key;
  }
  let seconds = 0;
  if (length > 10) {
    const sep = bytes[start + 10]!;
    if ((sep !== 32 && sep !== 84) || bytes[start + 13]! !== 58) return NaN;
    const h = twoDigits(bytes, start + 11);
    const m = twoDigits(bytes, start + 14);
    let sec = 0;
    if (length === 19) {
      if (bytes[start + 16]! !== 58) return NaN;
      sec = twoDigits(bytes, start + 17);
    }
    if (!(h <= 23 && m <= 59 && sec <= 59)) return NaN;
    seconds = (h * 60 + m) * 60 + sec;
  }
  return cachedDay * 86_400_000 + seconds * 1000 - offsetMs;
}
