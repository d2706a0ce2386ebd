// Market data: what the bar store holds (per symbol and timeframe, with a calendar strip of gaps
// and the quality report), the instrument list, and CSV uploads and fetches with live progress.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import { href } from '../../app/router';
import { ErrorBox } from '../../ui/error-box';
import { CoverageTable } from './coverage-table';
import { CsvUploadForm, FetchForm } from './ingest-forms';
import { IngestList } from './ingest-list';
import { InstrumentSearch } from './instrument-search';
import { SymbolDetail } from './symbol-detail';

export function MarketPage({ params }: { params: string[] }) {
  const session = useSession();
  const [queued, setQueued] = useState<number>();
  const [finished, setFinished] = useState(0);
  const coverage = useApi(() => api.market.coverage.query(), [queued, finished]);
  const [symbol, timeframe] = params;
  if (symbol === 'instruments')
    return (
      <>
        <h1>Market data: instruments</h1>
        <p>
          <a href={href('market')}>← Stored bars</a>
        </p>
        <InstrumentSearch />
      </>
    );
  return (
    <>
      <h1>Market data</h1>
      <p>
        <a href={href('market', 'instruments')}>Search instruments →</a>
      </p>
      <ErrorBox error={coverage.error} />
      <CoverageTable
        coverage={coverage.data ?? []}
        selected={symbol ? `${symbol}/${timeframe}` : undefined}
      />
      {symbol ? (
        <SymbolDetail key={`${symbol}/${timeframe}`} symbol={symbol} timeframe={timeframe ?? '1d'} />
      ) : (
        <p class="panel muted">Choose a symbol to see its stored days and data quality.</p>
      )}
      {hasRole(session, 'operator') && (
        <div class="grid-2">
          <CsvUploadForm onQueued={setQueued} />
          <FetchForm onQueued={setQueued} />
        </div>
      )}
      <IngestList highlight={queued} onFinished={() => setFinished((n) => n + 1)} />
    </>
  );
}
