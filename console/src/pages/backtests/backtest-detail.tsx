// One backtest: what it runs, its live progress (cancel while it runs), then its results — or,
// for a sweep, the ranking of its runs and the heatmap.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { hasRole, useSession } from '../../api/session';
import { href } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { StatusBadge } from '../../ui/status-badge';
import { ResultsView } from './results-view';
import { SweepView } from './sweep-view';
import { WalkForwardView } from './walk-forward-view';
import { useBacktestLive } from './use-backtest-live';

export function BacktestDetail({ id }: { id: number }) {
  const session = useSession();
  const { backtest, error, reload } = useBacktestLive(id);
  const [cancelError, setCancelError] = useState<CallError>();
  const running = backtest?.status === 'queued' || backtest?.status === 'running';

  const cancel = async () => {
    try {
      await api.backtests.cancel.mutate({ id });
      reload();
    } catch (err) {
      setCancelError(toCallError(err));
    }
  };

  return (
    <>
      <h1>
        Backtest #{id} {backtest && <StatusBadge status={backtest.status} />}
      </h1>
      <p>
        <a href={href('backtests')}>← All backtests</a>
        {backtest?.parentId && (
          <>
            {' · '}
            <a href={href('backtests', backtest.parentId)}>part of #{backtest.parentId}</a>
          </>
        )}
      </p>
      <ErrorBox error={error ?? cancelError} />
      {backtest && running && (
        <section class="panel" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <progress max={100} value={backtest.percent} aria-label="Backtest progress" />
          <p class="muted" aria-live="polite">
            {backtest.status} · {Math.round(backtest.percent)}%
            {backtest.barsPerSecond
              ? ` · ${Math.round(backtest.barsPerSecond).toLocaleString('en-IN')} bars/s`
              : ''}
          </p>
          {hasRole(session, 'operator') && (
            <button type="button" onClick={cancel} disabled={backtest.cancelRequested}>
              {backtest.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
        </section>
      )}
      {backtest?.status === 'failed' && <div class="error-box">This run failed: {backtest.error}</div>}
      {backtest?.kind === 'sweep' && <SweepView parent={backtest} />}
      {backtest?.kind === 'walk-forward' && <WalkForwardView parent={backtest} />}
      {backtest?.status === 'succeeded' && backtest.kind === 'single' && <ResultsView backtest={backtest} />}
      {backtest && (
        <details>
          <summary>Specification</summary>
          <pre>{JSON.stringify(backtest.spec, null, 2)}</pre>
        </details>
      )}
    </>
  );
}
