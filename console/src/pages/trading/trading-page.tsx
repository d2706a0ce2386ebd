// Trading: the deployments with their state, P&L today and open positions and orders, the
// operator's create and start / pause / resume / stop, and one deployment's book (#/trading/7). Live over
// the WebSocket: trading.events (deployment transitions, orders, fills, positions) reloads what
// changed, trading.pnl pushes P&L as marks move (the live end of the stored P&L curve).
import { useEffect, useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { hasRole, useSession } from '../../api/session';
import { useApi } from '../../api/use-api';
import type { PageProps } from '../../app/pages';
import { ErrorBox } from '../../ui/error-box';
import { navigate } from '../../app/router';
import { CreateDeployment } from './create-deployment';
import { DeploymentDetail } from './deployment-detail';
import { DeploymentsTable, type Figures } from './deployments-table';

type Summary = Outputs['trading']['summary'];

export function TradingPage({ params }: PageProps) {
  const operator = hasRole(useSession(), 'operator');
  const [changed, setChanged] = useState(0);
  const [pnl, setPnl] = useState<Summary>();
  useEffect(() => {
    // A burst of events (an order, its fill, the position) reloads once.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setChanged((n) => n + 1);
      }, 200);
    };
    const events = api.trading.events.subscribe(undefined, { onData: bump, onError: () => undefined });
    const live = api.trading.pnl.subscribe(
      { intervalSeconds: 5 },
      {
        onData: (s) => setPnl(s),
        onError: () => undefined,
      },
    );
    return () => {
      clearTimeout(timer);
      events.unsubscribe();
      live.unsubscribe();
    };
  }, []);
  const list = useApi(
    () => Promise.all([api.deployments.list.query({ limit: 200 }), api.trading.summary.query({})]),
    [changed],
  );
  const deployments = list.data?.[0].deployments ?? [];
  const summary = pnl ?? list.data?.[1];
  const figures = new Map<number, Figures>(summary?.deployments.map((d) => [d.deploymentId, d]));
  const wanted = Number(params[0]);
  const selected = deployments.find((d) => d.id === wanted);
  return (
    <>
      <h1>Trading</h1>
      <ErrorBox error={list.error} />
      <section class="panel" aria-labelledby="deployments-title">
        <h2 id="deployments-title">Deployments</h2>
        {operator && (
          <CreateDeployment
            onCreated={(id) => {
              setChanged((n) => n + 1);
              navigate('trading', id);
            }}
          />
        )}
        {list.data && deployments.length === 0 ? (
          <p class="muted">
            No deployments yet: create one here, with <code>quanttrade deploy create</code> or with{' '}
            <code>deployments.create</code>.
          </p>
        ) : (
          <DeploymentsTable
            deployments={deployments}
            figures={figures}
            selected={selected?.id}
            operator={operator}
            onChanged={() => setChanged((n) => n + 1)}
          />
        )}
        {params[0] && list.data && !selected && (
          <p role="alert" class="bad">
            Deployment {params[0]} is not one of yours.
          </p>
        )}
      </section>
      {selected && (
        <DeploymentDetail
          key={selected.id}
          deployment={selected}
          changed={changed}
          live={figures.get(selected.id)}
          operator={operator}
        />
      )}
    </>
  );
}
