// A finished backtest's results: equity and drawdown, the price with its trades, statistics and
// the trade list (paged by the daemon).
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorBox } from '../../ui/error-box';
import { EquityCharts } from './equity-charts';
import { ResultDownloads } from './result-downloads';
import { ResultNotices } from './result-notices';
import { StatsTable } from './stats-table';
import { SymbolPriceChart } from './symbol-price-chart';
import { TradesTable } from './trades-table';

type Backtest = Outputs['backtests']['get'];

/** Chart points asked for: about one per horizontal pixel of a wide screen. */
const POINTS = 1200;
const TRADES_PER_PAGE = 50;

export function ResultsView({ backtest }: { backtest: Backtest }) {
  const [page, setPage] = useState(0);
  const results = useApi(
    () =>
      api.backtests.results.query({
        id: backtest.id,
        points: POINTS,
        offset: page * TRADES_PER_PAGE,
        limit: TRADES_PER_PAGE,
      }),
    [backtest.id, page],
  );
  const equity = results.data?.equity;
  const trades = results.data?.trades;
  return (
    <>
      <ErrorBox error={results.error} />
      <ResultNotices backtest={backtest} />
      {equity && (
        <EquityCharts
          times={equity.time}
          equity={equity.equity}
          drawdown={equity.drawdown}
          benchmark={equity.benchmark}
        />
      )}
      <SymbolPriceChart backtest={backtest} />
      {backtest.stats && <StatsTable stats={backtest.stats} />}
      <ResultDownloads id={backtest.id} />
      {trades && (
        <TradesTable
          trades={trades.items}
          total={trades.total}
          page={page}
          pageSize={TRADES_PER_PAGE}
          onPage={setPage}
        />
      )}
    </>
  );
}
