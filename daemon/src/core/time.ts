// Time helpers for Indian markets. IST is UTC+05:30 all year (no DST), so conversions are a
// fixed offset and need no time-zone database.

export const IST_OFFSET_MS = 330 * 60_000;
export const DAY_MS = 86_400_000;

/** IST calendar date (`YYYY-MM-DD`) of an instant. */
export function istDate(epochMs: number): string {
  return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since IST midnight of an instant (0..1439). */
export function istMinuteOfDay(epochMs: number): number {
  const ms = (((epochMs + IST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}

/** Epoch ms of IST midnight starting the day that contains `epochMs`. */
export function istMidnight(epochMs: number): number {
  const shifted = epochMs + IST_OFFSET_MS;
  return shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - IST_OFFSET_MS;
}

/** Epoch ms of an IST wall-clock time: `istTime('2025-01-06', 9, 15)`. */
export function istTime(date: string, hours = 0, minutes = 0, seconds = 0): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, hours, minutes, seconds) - IST_OFFSET_MS;
}

/** Day of week in IST (0 = Sunday … 6 = Saturday). */
export function istWeekday(epochMs: number): number {
  return new Date(epochMs + IST_OFFSET_MS).getUTCDay();
}

/** ISO-8601 text of an instant in IST, with its offset: `2025-01-06T09:15:00+05:30`. */
export function istIsoString(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  return `${new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}
