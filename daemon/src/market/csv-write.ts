// BarSeries → CSV text in the default import layout (Date,Open,High,Low,Close,Volume; IST
// times), for exports and for generating benchmark files. Daily bars are written as dates.
import type { BarSeries } from '../core/bar';
import { formatDays, istDayNumber } from '../core/calendar/civil-date';
import { IST_OFFSET_MS, DAY_MS } from '../core/time';
import { parseTimeframe } from '../core/timeframe';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

export function seriesToCsv(series: BarSeries): string {
  const daily = parseTimeframe(series.timeframe)?.daily ?? false;
  const lines = ['Date,Open,High,Low,Close,Volume'];
  let cachedDay = NaN;
  let cachedDate = '';
  for (let i = 0; i < series.length; i++) {
    const t = series.time[i]!;
    const day = istDayNumber(t);
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDate = formatDays(day);
    }
    let stamp = cachedDate;
    if (!daily) {
      const minutes = Math.floor((t + IST_OFFSET_MS - day * DAY_MS) / 60_000);
      stamp += ` ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
    }
    lines.push(
      `${stamp},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
