// One account in detail: the link's reason, the feed and the rate-limit usage (read again every
// 5 s), funds and holdings from Dhan, and the differences reconciliation found between the broker
// and the ledger.
import { useEffect, useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatNumber, formatRupees } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { FeedTable } from './feed-table';
import { RateUsage } from './rate-usage';
import { ReconciliationPanel } from './reconciliation-panel';

type Account = Outputs['broker']['accounts'][number];

const REFRESH_MS = 5_000;

function useTicker(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return n;
}

export function AccountDetail({ account, operator }: { account: Account; operator: boolean }) {
  const tick = useTicker(REFRESH_MS);
  const health = useApi(() => api.broker.health.query({ id: account.id }), [account.id, tick]);
  const dhan = account.broker === 'dhan' && account.hasCredentials;
  const [asked, setAsked] = useState(false);
  const funds = useApi(
    () => (dhan && asked ? api.broker.funds.query({ id: account.id }) : Promise.resolve(undefined)),
    [account.id, asked],
  );
  const holdings = useApi(
    () => (dhan && asked ? api.broker.holdings.query({ id: account.id }) : Promise.resolve(undefined)),
    [account.id, asked],
  );
  const h = health.data;
  return (
    <section class="panel" aria-labelledby="account-title">
      <h2 id="account-title">{account.label}</h2>
      {account.link.detail && <p class="muted">{account.link.detail}</p>}
      <ErrorBox error={health.error} />
      <h3>Market feed</h3>
      {h?.feed ? (
        <FeedTable feed={h.feed} />
      ) : (
        <p class="muted">
          {h?.holder
            ? `The link is held by daemon ${h.holder}: its feed is shown by that daemon's console.`
            : 'No daemon holds this link (connect it; a daemon with the trader role and the broker key takes it).'}
        </p>
      )}
      <h3>Rate-limit usage</h3>
      {h?.rates ? <RateUsage rates={h.rates} /> : <p class="muted">Only Dhan accounts count requests.</p>}
      {dhan && (
        <>
          <h3>Funds and holdings</h3>
          {!asked ? (
            <button type="button" onClick={() => setAsked(true)}>
              Ask Dhan for funds and holdings
            </button>
          ) : (
            <>
              <ErrorBox error={funds.error ?? holdings.error} />
              {funds.data && (
                <dl class="facts" aria-label="Funds">
                  <dt>Available</dt>
                  <dd>{formatRupees(funds.data.availableBalance)}</dd>
                  <dt>Start of day</dt>
                  <dd>{formatRupees(funds.data.startOfDayLimit)}</dd>
                  <dt>Utilised</dt>
                  <dd>{formatRupees(funds.data.utilized)}</dd>
                  <dt>Collateral</dt>
                  <dd>{formatRupees(funds.data.collateral)}</dd>
                  <dt>Withdrawable</dt>
                  <dd>{formatRupees(funds.data.withdrawable)}</dd>
                </dl>
              )}
              {holdings.data &&
                (holdings.data.length === 0 ? (
                  <p class="muted">No holdings.</p>
                ) : (
                  <div class="table-wrap" tabIndex={0} role="region" aria-label="Holdings, scrollable">
                    <table aria-label="Holdings">
                      <thead>
                        <tr>
                          <th scope="col">Symbol</th>
                          <th scope="col" class="num">
                            Quantity
                          </th>
                          <th scope="col" class="num">
                            Average cost
                          </th>
                          <th scope="col" class="num">
                            Last price
                          </th>
                          <th scope="col" class="num">
                            Unrealised
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {holdings.data.map((x) => (
                          <tr key={`${x.exchange}-${x.securityId}`}>
                            <td>{x.tradingSymbol}</td>
                            <td class="num">{formatNumber(x.totalQty)}</td>
                            <td class="num">{formatRupees(x.averageCost)}</td>
                            <td class="num">{formatRupees(x.lastPrice)}</td>
                            <td class="num">{formatRupees((x.lastPrice - x.averageCost) * x.totalQty)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ))}
            </>
          )}
        </>
      )}
      <ReconciliationPanel accountId={account.id} operator={operator} />
    </section>
  );
}
