// `quanttrade drift --deployment N --date D`: the drift report (trading/drift/) from the shell.
import { z } from 'zod';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import { StrategyCode } from '../../sandbox/strategy-code';
import { driftReport, driftView } from '../../trading/index';
import { printJson, row, type SubCommand } from './deploy-cli';

const id = z.coerce.number().int().positive();

export const drift: SubCommand = {
  help: `quanttrade drift --deployment N --date YYYY-MM-DD [--json]
  Replays the day's stored bars through the backtester with the deployment's exact strategy
  version, params and costs, and lists every signal and fill that differs from what it stored
  (missing, extra, different price, time or quantity). Exit code 1 when anything differs.`,
  flags: { deployment: 'string', date: 'string', json: 'boolean' },
  schema: z.object({
    deployment: id,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD (IST)'),
    json: z.boolean().default(false),
  }),
  async run(f, ctx) {
    const code = new StrategyCode();
    try {
      const report = driftView(
        await driftReport(
          { pool: ctx.pool, asUser: ctx.run, code },
          f.deployment as number,
          f.date as string,
        ),
      );
      if (f.json) printJson(report);
      else {
        const s = report.summary;
        console.log(
          `deployment ${report.deploymentId} on ${report.date}: signals ${s.actualSignals} (backtest ${s.expectedSignals}), fills ${s.actualFills} (backtest ${s.expectedFills}); ${report.rows.length === 0 ? 'no drift' : `${s.missing} missing, ${s.extra} extra, ${s.different} different`}`,
        );
        const widths = [7, 10, 16, 5, 22, 12, 22, 12, 0];
        if (report.rows.length)
          console.log(
            row(
              ['kind', 'drift', 'symbol', 'side', 'backtest time', 'price', 'actual time', 'price', 'detail'],
              widths,
            ),
          );
        for (const r of report.rows)
          console.log(
            row(
              [
                r.kind,
                r.difference,
                r.symbol,
                r.side,
                r.expected && formatIstDateTime(Date.parse(r.expected.time)),
                r.expected?.price,
                r.actual && formatIstDateTime(Date.parse(r.actual.time)),
                r.actual?.price,
                r.detail,
              ],
              widths,
            ),
          );
      }
      return report.rows.length === 0 ? 0 : 1;
    } finally {
      await code.close();
    }
  },
};
