// After each bar step of a held deployment: mark its open positions at the bars' closes (so
// unrealised and day P&L move between fills, as they do in `quanttrade paper`), then store the
// deployment's P&L mark (deployment_pnl_marks) — the intraday curve the console draws from the
// session's start, and the deployment's last bar time. A failure is logged and the step goes on:
// marks are a view of the book, never part of it.
import type { Logger } from 'pino';
import type { Pool } from '../../db/pool';
import { recordPnlMark } from '../ledger/pnl-marks';
import type { OpenDeployment } from './deployment-host';
import type { StepBar } from './deployment-runtime';

export function pnlRecorder(options: {
  pool: Pool;
  host: OpenDeployment;
  deploymentId: number;
  now: () => number;
  log: Logger;
}): (time: number, bars: readonly StepBar[]) => Promise<void> {
  const { pool, host, deploymentId, log } = options;
  return async (time, bars) => {
    const at = options.now();
    try {
      const positions = host.runtime.engine.portfolio.positions;
      const marks = bars
        .filter((g) => positions[g.symbolIndex]!.qty !== 0)
        .map((g) => ({
          instrumentId: host.loaded.instruments[g.symbolIndex]!.instrumentId,
          price: g.bar.close,
          time: at,
        }));
      if (marks.length) await host.ledger.mark(marks);
      await recordPnlMark(pool, { deploymentId, at, barTime: time });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'P&L mark not stored');
    }
  };
}
