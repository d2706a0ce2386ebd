// Epoch ms → ISO 8601 in India Standard Time (UTC+05:30, no daylight saving): the form exports
// write timestamps in, e.g. `2024-03-01T09:15:00+05:30`. Formatting is the hot loop of a CSV
// export (a million bars must pass in about a second): the date part is computed once per day
// and reused while rows stay on that day; the time of day comes from a table of two-digit strings.
const IST_OFFSET_MS = 19_800_000;
const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

export class IstFormatter {
  private day = Number.NaN;
  private datePart = '';

  format(ms: number): string {
    const local = ms + IST_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.datePart = new Date(day * DAY_MS).toISOString().slice(0, 10);
    }
    const inDay = local - day * DAY_MS;
    const seconds = Math.floor(inDay / 1000);
    const millis = inDay - seconds * 1000;
    const hh = TWO[Math.floor(seconds / 3600)]!;
    const mm = TWO[Math.floor(seconds / 60) % 60]!;
    const ss = TWO[seconds % 60]!;
    const fraction = millis === 0 ? '' : `.${String(Math.round(millis)).padStart(3, '0')}`;
    return `${this.datePart}T${hh}:${mm}:${ss}${fraction}+05:30`;
  }
}
