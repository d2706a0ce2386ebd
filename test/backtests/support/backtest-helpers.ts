// Waiting for backtests in tests: through the progress subscription (what clients do), or by
// polling the row (when a test must not depend on the event path).
import type { QuantTradeClient } from '../../../daemon/src/api/client';
import type { BacktestProgressEvent } from '../../../daemon/src/backtests/backtest-events';
import type { Pool } from '../../../daemon/src/db/pool';

const FINISHED = ['succeeded', 'failed', 'cancelled'];

/** Every progress event of a run until its final status (rejects after `timeoutMs`). */
export function followProgress(
  client: QuantTradeClient,
  id: number,
  timeoutMs = 20_000,
): Promise<BacktestProgressEvent[]> {
  return new Promise((resolve, reject) => {
    const events: BacktestProgressEvent[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`backtest ${id} did not finish in ${timeoutMs} ms: ${JSON.stringify(events)}`));
    }, timeoutMs);
    const sub = client.api.backtests.progress.subscribe(
      { id },
      {
        onData(event) {
          events.push(event);
          if (event.backtestId === id && FINISHED.includes(event.status)) {
            clearTimeout(timer);
            sub.unsubscribe();
            resolve(events);
          }
        },
        onError(err) {
          clearTimeout(timer);
          reject(err);
        },
      },
    );
  });
}

export interface RowState {
  status: string;
  error: string | null;
  attempt: number;
  startedAt: Date | null;
}

/** Polls the row until its status is one of `statuses`. */
export async function waitForStatus(
  pool: Pool,
  id: number,
  statuses: string[],
  timeoutMs = 20_000,
): Promise<RowState> {
  const deadline = Date.now() + timeoutMs;
  let last: RowState | undefined;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<RowState>(
      `SELECT status, error, attempt, started_at AS "startedAt" FROM backtests WHERE id = $1`,
      [id],
    );
    last = rows[0];
    if (last && statuses.includes(last.status)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `backtest ${id} not ${statuses.join('/')} within ${timeoutMs} ms (last: ${JSON.stringify(last)})`,
  );
}
