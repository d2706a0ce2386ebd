// The token's remaining life as an operator reads it: "5 h 12 min", "expired 3 min ago", graded
// so a token expiring within the hour stands out (Dhan's tokens last a day).

export type ExpiryLevel = 'ok' | 'warn' | 'bad' | 'unknown';

export function expiryText(seconds: number | null): { text: string; level: ExpiryLevel } {
  if (seconds === null) return { text: 'no expiry known', level: 'unknown' };
  const abs = Math.abs(seconds);
  const d = Math.floor(abs / 86_400);
  const h = Math.floor((abs % 86_400) / 3_600);
  const m = Math.floor((abs % 3_600) / 60);
  const s = Math.floor(abs % 60);
  const span = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
  if (seconds <= 0) return { text: `expired ${span} ago`, level: 'bad' };
  return { text: `in ${span}`, level: seconds <= 3_600 ? 'warn' : 'ok' };
}
