// The bytes of CSV fields, written straight into a buffer: a CSV export spends its time turning
// numbers and times into text, and building JavaScript strings for it (then encoding them) cost
// several times more than writing the ASCII digits in place. Output is identical to the string
// forms, String(x) and IstFormatter (ist-time.ts): csv-bytes.test.ts checks both.
import { IstFormatter } from './ist-time';

const IST_OFFSET_MS = 19_800_000;
const DAY_MS = 86_400_000;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

// "HH:MM:SS+05:30" for every second of a day, 14 bytes each (1.2 MB, built on first use).
let timesOfDay: Buffer | undefined;
function timeTable(): Buffer {
  if (timesOfDay) return timesOfDay;
  const table = Buffer.alloc(86_400 * 14);
  const two = (n: number) => String(n).padStart(2, '0');
  for (let s = 0; s < 86_400; s++) {
    table.write(
      `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}+05:30`,
      s * 14,
      'latin1',
    );
  }
  timesOfDay = table;
  return table;
}

export class CsvBytes {
  buffer: Buffer;
  length = 0;
  private day = Number.NaN;
  private readonly date = Buffer.alloc(11); // "YYYY-MM-DDT"
  private readonly times = timeTable();
  private readonly ist = new IstFormatter();

  constructor(capacity = 1 << 22) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Hands the bytes written so far over and starts again. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  comma(): void {
    this.buffer[this.length++] = COMMA;
  }

  newline(): void {
    this.buffer[this.length++] = NEWLINE;
  }

  text(value: string): void {
    this.reserve(value.length * 3);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  /** Epoch ms as ISO 8601 in IST; whole seconds from the table, milliseconds as text. */
  time(ms: number): void {
    const local = ms + IST_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const inDay = local - day * DAY_MS;
    if (inDay % 1000 !== 0) {
      this.text(this.ist.format(ms));
      return;
    }
    if (day !== this.day) {
      this.day = day;
      this.date.write(`${new Date(day * DAY_MS).toISOString().slice(0, 10)}T`, 0, 'latin1');
    }
    this.reserve(25);
    this.date.copy(this.buffer, this.length);
    this.times.copy(this.buffer, this.length + 11, (inDay / 1000) * 14, (inDay / 1000) * 14 + 14);
    this.length += 25;
  }

  /** A number exactly as String() prints it; paisa-grid values digit by digit. */
  number(x: number): void {
    const cents = Math.round(x * 100);
    // Below 1e12 doubles are closer than 0.0002 apart, so the paisa value that rounds to x is the
    // only one with two decimals and String() prints it. Above, two paisa values can share a double
    // (88457522319303.09 is 88457522319303.1) and only String() knows the shortest one.
    if (cents / 100 !== x || Math.abs(x) >= 1e12 || Object.is(x, -0)) {
      this.text(String(x));
      return;
    }
    this.reserve(24);
    let abs = cents;
    if (abs < 0) {
      this.buffer[this.length++] = 0x2d;
      abs = -abs;
    }
    const whole = Math.floor(abs / 100);
    const fraction = abs - whole * 100;
    this.integer(whole);
    if (fraction !== 0) {
      this.buffer[this.length++] = 0x2e;
      this.buffer[this.length++] = 0x30 + Math.floor(fraction / 10);
      if (fraction % 10 !== 0) this.buffer[this.length++] = 0x30 + (fraction % 10);
    }
  }

  private integer(n: number): void {
    if (n < 10) {
      this.buffer[this.length++] = 0x30 + n;
      return;
    }
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    let at = this.length + digits - 1;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) this.buffer[at--] = 0x30 + (m % 10);
    this.length += digits;
  }
}
