// `quanttrade data check --symbol S [--timeframe 1d] [--from D] [--to D] [--json]`
import { z } from 'zod';
import { checkStoredQuality, type StoredQuality } from '../../market/stored-quality';
import type { QualityFinding } from '../../market/quality-report';
import { withCommandDatabase } from '../cli-database';
import { defineCommand } from '../command';
import { parseCliTime } from './dates';
import { RANGE_OPTIONS } from './range-options';

const schema = z.object({
  symbol: z.string({ message: 'a symbol such as TCS or NSE:TCS' }).min(1, 'a symbol'),
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

export const checkCommand = defineCommand({
  summary: 'Data-quality report of stored bars (exit code 1 when anything is found)',
  usage: '--symbol S [--timeframe 1d] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]',
  description:
    "Missing sessions against the exchange's calendar (NSE or BSE, 2010–2026), bars on closed days,\n" +
    'bars that do not fit the timeframe (off its grid from the session open, outside the session,\n' +
    'two daily bars on one day), duplicate timestamps, OHLC inconsistencies, non-positive prices,\n' +
    'zero-volume runs and outlier jumps, each with a count and the first examples.',
  options: { ...RANGE_OPTIONS, json: { type: 'boolean', describe: 'the report as JSON' } },
  schema,
  daemonOptions: true,
  async run(inv) {
    const flags = inv.options;
    const from = parseCliTime('from', flags.from, false);
    const to = parseCliTime('to', flags.to, true);
    return withCommandDatabase(inv, async ({ pool }) => {
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
  },
});
