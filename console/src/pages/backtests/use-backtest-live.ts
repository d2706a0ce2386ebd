// One backtest, kept current: loaded once, then updated from the progress events the daemon
// streams for it, and loaded again when it finishes (its statistics arrive with the row).
import { useEffect, useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';

type Backtest = Outputs['backtests']['get'];
const FINISHED = ['succeeded', 'failed', 'cancelled'];

export function useBacktestLive(id: number): {
  backtest: Backtest | undefined;
  error: CallError | undefined;
  reload: () => void;
} {
  const [backtest, setBacktest] = useState<Backtest>();
  const [error, setError] = useState<CallError>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stale = false;
    api.backtests.get.query({ id }).then(
      (b) => !stale && setBacktest(b),
      (err: unknown) => !stale && setError(toCallError(err)),
    );
    return () => {
      stale = true;
    };
  }, [id, generation]);

  const finished = backtest ? FINISHED.includes(backtest.status) : true;
  useEffect(() => {
    if (finished) return;
    const subscription = api.backtests.progress.subscribe(
      { id },
      {
        onData: (event) => {
          if (FINISHED.includes(event.status)) setGeneration((g) => g + 1);
          else
            setBacktest((b) =>
              b
                ? { ...b, status: event.status, percent: event.percent, barsPerSecond: event.barsPerSecond }
                : b,
            );
        },
        onError: (err) => setError(toCallError(err)),
      },
    );
    return () => subscription.unsubscribe();
  }, [id, finished]);

  return { backtest, error, reload: () => setGeneration((g) => g + 1) };
}
