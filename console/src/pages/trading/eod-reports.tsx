// A deployment's end-of-day reports (saved by the runner at each session close): one line per
// trading date; opening one shows its P&L by component, charges, trades and the positions
// carried. Downloads: the open report as JSON (as stored), and every report or every fill as CSV
// through the export endpoint (/api/exports/deployment, the same bytes as `quanttrade export`).
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIstSeconds } from '../../ui/cell-text';
import { DownloadButton, saveFile } from '../../ui/download-button';
import { ErrorBox } from '../../ui/error-box';
import { Money } from './deployments-table';

type Report = Outputs['deployments']['eodReport']['report'];

const exportUrl = (id: number, table: 'eod' | 'fills') =>
  `/api/exports/deployment?id=${id}&table=${table}&format=csv`;

export function EodReports({ deploymentId, changed }: { deploymentId: number; changed: number }) {
  const list = useApi(
    () => api.deployments.eodReports.query({ id: deploymentId, limit: 60 }),
    [deploymentId, changed],
  );
  const [open, setOpen] = useState<string>();
  const reports = list.data?.reports ?? [];
  return (
    <>
      <h3>End-of-day reports {list.data && <span class="muted">({list.data.total})</span>}</h3>
      <ErrorBox error={list.error} />
      <p class="row">
        <DownloadButton
          url={exportUrl(deploymentId, 'eod')}
          filename={`deployment-${deploymentId}-eod.csv`}
          label="All reports (CSV)"
        />
        <DownloadButton
          url={exportUrl(deploymentId, 'fills')}
          filename={`deployment-${deploymentId}-fills.csv`}
          label="All fills (CSV)"
        />
      </p>
      {list.data && reports.length === 0 ? (
        <p class="muted">No end-of-day reports yet: the runner saves one when each session it ran closes.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="End-of-day reports, scrollable">
          <table aria-label="End-of-day reports">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Net
                </th>
                <th scope="col" class="num">
                  Day P&amp;L
                </th>
                <th scope="col" class="num">
                  Charges
                </th>
                <th scope="col" class="num">
                  Trades
                </th>
                <th scope="col" class="num">
                  Orders
                </th>
                <th scope="col" class="num">
                  Carried
                </th>
                <th scope="col">Saved</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.tradingDate} aria-selected={open === r.tradingDate}>
                  <td>
                    <button
                      type="button"
                      class="link"
                      aria-expanded={open === r.tradingDate}
                      onClick={() => setOpen(open === r.tradingDate ? undefined : r.tradingDate)}
                    >
                      {r.tradingDate}
                    </button>
                  </td>
                  <td class="num">
                    <Money value={r.net} />
                  </td>
                  <td class="num">
                    <Money value={r.dayPnl} />
                  </td>
                  <td class="num">
                    <Money value={r.charges} />
                  </td>
                  <td class="num">{r.trades}</td>
                  <td class="num">{r.orders}</td>
                  <td class="num">{r.positions}</td>
                  <td>{formatIstSeconds(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <EodReportView deploymentId={deploymentId} date={open} />}
    </>
  );
}

function EodReportView({ deploymentId, date }: { deploymentId: number; date: string }) {
  const loaded = useApi(
    () => api.deployments.eodReport.query({ id: deploymentId, date }),
    [deploymentId, date],
  );
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  const report = loaded.data?.report;
  if (!report) return <p class="muted">Loading…</p>;
  return (
    <section aria-label={`End-of-day report ${date}`}>
      <h4>
        Report of {date}{' '}
        <button
          type="button"
          onClick={() =>
            saveFile(
              new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }),
              `deployment-${deploymentId}-eod-${date}.json`,
            )
          }
        >
          Download JSON
        </button>
      </h4>
      <ReportPnl report={report} />
      {report.stalePositions > 0 && (
        <p class="warn">
          {report.stalePositions} position(s) were not marked that day: listed, but left out of the day
          P&amp;L.
        </p>
      )}
      <p>
        Orders: {report.orders.total} ({report.orders.filled} filled, {report.orders.cancelled} cancelled,{' '}
        {report.orders.rejected} rejected, {report.orders.expired} expired, {report.orders.open} open)
      </p>
      {report.trades.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={`Trades of ${date}, scrollable`}>
          <table aria-label={`Trades of ${date}`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Symbol</th>
                <th scope="col">Side</th>
                <th scope="col" class="num">
                  Qty
                </th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col" class="num">
                  Charges
                </th>
                <th scope="col" class="num">
                  Realised
                </th>
              </tr>
            </thead>
            <tbody>
              {report.trades.map((t) => (
                <tr key={`${t.clientOrderId}-${t.time}-${t.qty}`}>
                  <td>{formatIstSeconds(t.time)}</td>
                  <td>{t.symbol}</td>
                  <td>{t.side}</td>
                  <td class="num">{t.qty}</td>
                  <td class="num">{t.price}</td>
                  <td class="num">
                    <Money value={t.charges.total} />
                  </td>
                  <td class="num">
                    <Money value={t.realisedPnl} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.positions.length > 0 && (
        <p>
          Carried:{' '}
          {report.positions.map((p) => `${p.symbol} ${p.qty} @ ${p.avgPrice} (${p.product})`).join('; ')}
        </p>
      )}
    </section>
  );
}

function ReportPnl({ report }: { report: Report }) {
  const { pnl } = report;
  return (
    <dl class="facts" aria-label={`P&L of ${report.tradingDate}`}>
      <dt>Net</dt>
      <dd>
        <Money value={pnl.net} />
      </dd>
      <dt>Day P&amp;L (gross)</dt>
      <dd>
        <Money value={pnl.dayPnl} />
      </dd>
      <dt>Realised</dt>
      <dd>
        <Money value={pnl.realised} />
      </dd>
      <dt>Unrealised</dt>
      <dd>
        <Money value={pnl.unrealised} />
      </dd>
      <dt>Charges</dt>
      <dd>
        <Money value={pnl.charges.total} />{' '}
        <span class="muted">
          (
          {Object.entries(pnl.charges)
            .filter(([k, v]) => k !== 'total' && Number(v) !== 0)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}
          )
        </span>
      </dd>
    </dl>
  );
}
