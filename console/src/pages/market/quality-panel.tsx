// The data-quality report of one symbol and timeframe (market.quality): each check with its
// count and first examples; problems stand out.
import type { Outputs } from '../../api/client';
import { formatNumber } from '../../ui/cell-text';

type Quality = Outputs['market']['quality'];

const CHECKS: [keyof Quality, string][] = [
  ['missingSessions', 'Sessions with no bar'],
  ['barsOnClosedDays', 'Bars on closed days'],
  ['duplicateTimestamps', 'Duplicate timestamps'],
  ['outOfOrder', 'Out of order'],
  ['ohlcInconsistent', 'OHLC inconsistent (high < low, close outside the range)'],
  ['nonPositivePrices', 'Zero or negative prices'],
  ['zeroVolumeRuns', 'Runs of zero volume'],
  ['outlierJumps', 'Outlier jumps'],
];

export function QualityPanel({ report }: { report: Quality }) {
  const problems = CHECKS.filter(([k]) => (report[k] as { count: number }).count > 0).length;
  return (
    <section class="panel" aria-labelledby="quality-title">
      <h2 id="quality-title">
        Data quality{' '}
        <span class={`badge ${problems ? 'warn' : 'ok'}`}>{problems ? `${problems} issue(s)` : 'clean'}</span>
      </h2>
      <p class="muted">
        {formatNumber(report.bars)} bars{report.first ? `, ${report.first} to ${report.last} IST` : ''}
        {report.uncoveredDays > 0 &&
          ` · ${formatNumber(report.uncoveredDays)} days in years whose holidays are not listed (weekdays assumed open)`}
      </p>
      <table aria-label="Quality checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col" class="num">
              Found
            </th>
            <th scope="col">First examples</th>
          </tr>
        </thead>
        <tbody>
          {CHECKS.map(([key, label]) => {
            const f = report[key] as { count: number; examples: string[] };
            return (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td class={`num ${f.count ? 'warn' : 'ok'}`}>{formatNumber(f.count)}</td>
                <td title={f.examples.join(', ')}>{f.examples.slice(0, 4).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
