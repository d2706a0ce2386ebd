// How a database or API value reads in a table cell.
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Instants (timestamptz) read in IST like the rest of the console. */
export function isInstantType(type: string | undefined): boolean {
  return type === 'timestamptz' || type?.startsWith('timestamp with time zone') === true;
}

/** A database cell as shown: instants in IST to the second, the rest as cellText. */
export function cellTextFor(value: unknown, type: string | undefined): string {
  if (typeof value === 'string' && isInstantType(type)) return formatIstSeconds(value);
  return cellText(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const number = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

/** Indian digit grouping (12,34,567.89): the console's users read lakhs and crores. */
export function formatNumber(value: number): string {
  return number.format(value);
}

const paise = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An exact rupee amount: -₹12,34,567.50 (Indian grouping, to the paisa, sign before the symbol). */
export function formatRupees(value: number): string {
  return `${value < 0 ? '-' : ''}₹${paise.format(Math.abs(value))}`;
}

/**
 * Rupees the way Indian readers scan them: ₹1.25 Cr, ₹10.67 L, ₹8,105.70, −₹4,086.76 (the sign
 * before the symbol; amounts below a lakh to the paisa).
 */
export function formatRupeesCompact(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e7) return `${sign}₹${(abs / 1e7).toFixed(2)} Cr`;
  if (abs >= 1e5) return `${sign}₹${(abs / 1e5).toFixed(2)} L`;
  return formatRupees(value);
}

const istFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Kolkata',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The IST calendar and clock fields of a time, or undefined when it is not a time. */
function istFields(time: number | string): Record<string, string> | undefined {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return undefined;
  return Object.fromEntries(istFormat.formatToParts(date).map((x) => [x.type, x.value]));
}

/**
 * A time in IST (the exchange's clock, whatever the browser's): "2024-05-01 09:15", or just the
 * date for a daily bar stamped at midnight.
 */
export function formatIst(time: number | string): string {
  const p = istFields(time);
  if (!p) return String(time);
  const day = `${p.year}-${p.month}-${p.day}`;
  return p.hour === '00' && p.minute === '00' ? day : `${day} ${p.hour}:${p.minute}`;
}

/** An instant in IST to the second, for logs: "2024-05-01 09:15:07". */
export function formatIstSeconds(time: number | string): string {
  const p = istFields(time);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : String(time);
}
