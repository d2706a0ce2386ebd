// `quanttrade data check --symbol S [--timeframe 1d] [--from D] [--to D] [--json]`
import { z } from 'zod';
import { checkStoredQuality, type StoredQuality } from '../../market/stored-quality';
import type { QualityFinding } from '../../market/quality-report';
import { splitFlags, validateFlags } from '../flags';
import type { DataContext } from './context';
import { parseCliTime } from './dates';

export const CHECK_HELP = `quanttrade data check --symbol S [--timeframe 1d] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
  Data-quality report of stored bars: missing sessions against the exchange's calendar (NSE or
  BSE, 2010–2026), bars on closed days, bars that do not fit the timeframe (off its grid from the
  session open, outside the session, two daily bars on one day), duplicate timestamps, OHLC
  inconsistencies, non-positive prices, zero-volume runs and outlier jumps, each with a count and
  the first examples. Exit code 1 when anything is found.`;

const schema = z.object({
  symbol: z.string().min(1, 'a symbol'),
  timeframe: z.string().default('1d'),
  from: z.string().optional(),
  to: z.string().optional(),
  json: z.boolean().optional(),
});

const LABELS: [keyof StoredQuality, string][] = [
  ['missingSessions', 'missing sessions'],
  ['barsOnClosedDays', 'bars on closed days'],
  ['offTimeframe', 'bars off the timeframe'],
  ['duplicateTimestamps', 'duplicate timestamps'],
  ['outOfOrder', 'out-of-order bars'],
  ['ohlcInconsistent', 'OHLC inconsistencies'],
  ['nonPositivePrices', 'non-positive prices'],
  ['zeroVolumeRuns', 'zero-volume runs'],
  ['outlierJumps', 'outlier jumps'],
];

function format(report: StoredQuality): string {
  const i = report.instrument;
  const lines = [
    `${i.exchange}:${i.symbol}${i.synthetic ? ' [SYNTHETIC]' : ''} ${report.timeframe}: ${report.bars} bars, ${report.first ?? '-'} … ${report.last ?? '-'}`,
  ];
  for (const [key, label] of LABELS) {
    const finding = report[key] as QualityFinding;
    lines.push(
      `  ${label.padEnd(22)} ${String(finding.count).padStart(6)}${finding.examples.length ? `  e.g. ${finding.examples.join('; ')}` : ''}`,
    );
  }
  if (report.uncoveredDays)
    lines.push(
      `  note: ${report.uncoveredDays} days fall outside the years the ${i.exchange} calendar lists (2010–2026); ` +
        'whether they were sessions is not judged',
    );
  return lines.join('\n');
}

export async function runCheck(argv: string[], context: DataContext): Promise<number> {
  const { values, rest } = splitFlags(argv, {
    symbol: 'string',
    timeframe: 'string',
    from: 'string',
    to: 'string',
    json: 'boolean',
  });
  const flags = validateFlags(schema, values);
  const from = parseCliTime('from', flags.from, false);
  const to = parseCliTime('to', flags.to, true);
  return context.withDatabase(rest, async (pool) => {
    const report = await checkStoredQuality(pool, {
      symbol: flags.symbol,
      timeframe: flags.timeframe,
      from,
      to,
    });
    console.log(flags.json ? JSON.stringify(report, null, 2) : format(report));
    const problems = LABELS.reduce((n, [key]) => n + (report[key] as QualityFinding).count, 0);
    return problems > 0 ? 1 : 0;
  });
}
