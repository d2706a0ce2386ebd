// Recent ingests (imports, fetches, synthetic data) with their state; running ones follow their
// progress live (market.ingestProgress) and the list reloads when one ends.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds, formatNumber } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { StatusBadge } from '../../ui/status-badge';

type Ingest = Outputs['market']['ingests'][number];

function requestText(i: Ingest): string {
  const r = i.request as { symbol?: string; timeframe?: string; symbols?: number; prefix?: string };
  if (r.symbol) return `${r.symbol}${r.timeframe ? ` ${r.timeframe}` : ''}`;
  if (r.prefix) return `${r.symbols ?? ''} × ${r.prefix}…`;
  return '';
}

function LiveProgress({ ingest, onEnd }: { ingest: Ingest; onEnd: () => void }) {
  const [state, setState] = useState({
    status: ingest.status,
    progress: ingest.progress,
    bars: ingest.barsWritten,
  });
  useEffect(() => {
    const sub = api.market.ingestProgress.subscribe(
      { id: ingest.id },
      {
        onData: (e) => {
          setState({ status: e.status, progress: e.progress, bars: e.barsWritten });
          if (e.status === 'succeeded' || e.status === 'failed') onEnd();
        },
      },
    );
    return () => sub.unsubscribe();
  }, [ingest.id]);
  return (
    <>
      <td>
        <StatusBadge status={state.status} />
      </td>
      <td>
        <progress max={1} value={state.progress} aria-label={`Ingest ${ingest.id} progress`} />{' '}
        {Math.round(state.progress * 100)}%
      </td>
      <td class="num">{formatNumber(state.bars)}</td>
    </>
  );
}

/** `onFinished`: an ingest ended while shown (the stored bars changed). */
export function IngestList({ highlight, onFinished }: { highlight?: number; onFinished: () => void }) {
  const list = useApi(() => api.market.ingests.query({ limit: 20 }), [highlight]);
  const ended = () => {
    list.reload();
    onFinished();
  };
  return (
    <section class="panel" aria-labelledby="ingests-title">
      <h2 id="ingests-title">Imports and fetches</h2>
      <ErrorBox error={list.error} />
      <div class="table-wrap">
        <table aria-label="Recent ingests">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Kind</th>
              <th scope="col">What</th>
              <th scope="col">Queued (IST)</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col" class="num">
                Bars written
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((i) => {
              const active = i.status === 'queued' || i.status === 'running';
              return (
                <Fragment key={i.id}>
                  <tr class={i.id === highlight ? 'selected' : undefined} data-ingest={i.id}>
                    <td>{i.id}</td>
                    <td>{i.kind}</td>
                    <td>{requestText(i)}</td>
                    <td>{formatIstSeconds(i.createdAt)}</td>
                    {active ? (
                      <LiveProgress ingest={i} onEnd={ended} />
                    ) : (
                      <>
                        <td>
                          <StatusBadge status={i.status} />
                        </td>
                        <td>{i.status === 'succeeded' ? '100%' : ''}</td>
                        <td class="num">{formatNumber(i.barsWritten)}</td>
                      </>
                    )}
                  </tr>
                  {i.error && (
                    <tr>
                      <td colSpan={7} class="bad wrap">
                        {i.error}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
