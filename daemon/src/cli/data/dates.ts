// --from / --to for data commands: an IST date (YYYY-MM-DD) or date-time (YYYY-MM-DD HH:MM).
// --to names the last day wanted, so a date means "through the end of that day".
import { istTime } from '../../core/time';
import { parseIsoDate } from '../../core/calendar/civil-date';
import { UsageError } from '../command';

const PATTERN = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

export function parseCliTime(flag: string, value: string | undefined, end: boolean): number | undefined {
  if (value === undefined) return undefined;
  const m = PATTERN.exec(value.trim());
  if (!m || parseIsoDate(m[1]!) !== parseIsoDate(m[1]!)) {
    throw new UsageError(
      `--${flag}: got ${JSON.stringify(value)}, expected an IST date YYYY-MM-DD or YYYY-MM-DD HH:MM`,
    );
  }
  if (m[2] !== undefined) return istTime(m[1]!, Number(m[2]), Number(m[3]));
  return istTime(m[1]!) + (end ? 86_400_000 : 0);
}
