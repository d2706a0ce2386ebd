// Loads the first traded symbol's bars over the backtest's range (downsampled by the daemon)
// and its trades, and draws them with PriceChart. Synthetic bars are labelled as such, and a
// chart of one symbol among several says so.
import { useMemo } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorBox } from '../../ui/error-box';
import { PriceChart } from './price-chart';

type Backtest = Outputs['backtests']['get'];

/** The parts of the stored run spec (daemon/src/backtests/run-spec.ts) this chart needs. */
interface RunSpecPart {
  symbols?: string[];
  timeframe?: string;
}

/** Most trades marked: the chart shows them, the trade table pages through all of them. */
const MARKED_TRADES = 1000;

export function SymbolPriceChart({ backtest }: { backtest: Backtest }) {
  const spec = backtest.spec as RunSpecPart;
  const symbol = spec.symbols?.[0];
  const bars = useApi(
    () =>
      symbol && backtest.rangeFrom && backtest.rangeTo
        ? api.market.bars.query({
            symbol,
            timeframe: spec.timeframe ?? '1d',
            from: backtest.rangeFrom,
            to: backtest.rangeTo,
            maxPoints: 1500,
          })
        : Promise.resolve(undefined),
    [backtest.id],
  );
  const trades = useApi(
    () => api.backtests.results.query({ id: backtest.id, points: 10, offset: 0, limit: MARKED_TRADES }),
    [backtest.id],
  );
  const marks = useMemo(
    () =>
      (trades.data?.trades?.items ?? [])
        .filter((t) => t.symbol === symbol)
        .map((t) => ({
          side: t.side,
          entryTime: Date.parse(t.entryTime),
          entryPrice: Number(t.entryPrice),
          exitTime: Date.parse(t.exitTime),
          exitPrice: Number(t.exitPrice),
        })),
    [trades.data, symbol],
  );
  if (!symbol) return null;
  const others = (spec.symbols?.length ?? 1) - 1;
  return (
    <>
      <ErrorBox error={bars.error} />
      {bars.data && (bars.data.synthetic || others > 0) && (
        <p class="muted" data-testid="price-chart-note">
          {bars.data.synthetic && (
            <>
              <span class="badge warn">synthetic data</span> {symbol}’s bars are generated, not market
              prices.{' '}
            </>
          )}
          {others > 0 && `The first of ${others + 1} symbols is shown.`}
        </p>
      )}
      {bars.data && <PriceChart symbol={symbol} bars={bars.data} trades={marks} />}
    </>
  );
}
