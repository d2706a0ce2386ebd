// Deployments with their state, P&L today, open positions and orders (trading.summary), the last
// bar the runner stepped and the last signal (deployments.list), and the
// operator's start / pause / resume / stop. Stopping one that holds positions asks first: stop
// cancels its working orders but keeps the positions, which then nobody manages.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { href } from '../../app/router';
import { formatIstSeconds, formatRupees } from '../../ui/cell-text';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorBox } from '../../ui/error-box';
import { actionsFor, amount, STATUS_CLASS, type DeploymentCommand } from './deployment-actions';

type Deployment = Outputs['deployments']['list']['deployments'][number];
export type Figures = Outputs['trading']['summary']['deployments'][number];

const LABEL: Record<DeploymentCommand, string> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
};

/** Deployments made before names existed have an empty one. */
export function displayName(d: { id: number; name: string }): string {
  return d.name.trim() || `deployment ${d.id}`;
}

export function Money({ value }: { value: string | null | undefined }) {
  const n = amount(value);
  if (n === undefined) return <span class="muted">—</span>;
  return <span class={n < 0 ? 'bad' : undefined}>{formatRupees(n)}</span>;
}

export function DeploymentsTable(props: {
  deployments: Deployment[];
  figures: Map<number, Figures>;
  selected: number | undefined;
  operator: boolean;
  onChanged: () => void;
}) {
  const [stopping, setStopping] = useState<Deployment>();
  const [error, setError] = useState<CallError>();
  const run = async (d: Deployment, command: DeploymentCommand) => {
    setError(undefined);
    try {
      await api.deployments[command].mutate({ id: d.id });
    } catch (err) {
      setError(toCallError(err));
    } finally {
      props.onChanged();
    }
  };
  const ask = (d: Deployment, command: DeploymentCommand) => {
    if (command === 'stop' && (props.figures.get(d.id)?.openPositions ?? 0) > 0) setStopping(d);
    else void run(d, command);
  };
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Deployments, scrollable">
      <ErrorBox error={error} />
      <table aria-label="Deployments">
        <thead>
          <tr>
            <th scope="col">Deployment</th>
            <th scope="col">State</th>
            <th scope="col" class="num">
              P&amp;L today
            </th>
            <th scope="col" class="num">
              Net P&amp;L
            </th>
            <th scope="col" class="num">
              Positions
            </th>
            <th scope="col" class="num">
              Open orders
            </th>
            <th scope="col">Last bar</th>
            <th scope="col">Last signal</th>
            <th scope="col">Symbols</th>
            <th scope="col">State since</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.deployments.map((d) => {
            const f = props.figures.get(d.id);
            const name = displayName(d);
            return (
              <tr key={d.id} aria-selected={props.selected === d.id}>
                <td>
                  <a href={href('trading', d.id)}>{name}</a> <span class="muted">{d.mode}</span>
                </td>
                <td title={d.error ?? undefined}>
                  <span class={`badge ${STATUS_CLASS[d.status] ?? 'muted'}`}>{d.status}</span>
                </td>
                <td class="num">
                  <Money value={f?.dayPnl} />
                </td>
                <td class="num">
                  <Money value={f?.netPnl} />
                </td>
                <td class="num">{f?.openPositions ?? 0}</td>
                <td class="num">{f?.openOrders ?? 0}</td>
                <td>{d.lastBarAt ? formatIstSeconds(d.lastBarAt) : <span class="muted">—</span>}</td>
                <td>{d.lastSignalAt ? formatIstSeconds(d.lastSignalAt) : <span class="muted">—</span>}</td>
                <td>{d.symbols.join(', ')}</td>
                <td>{formatIstSeconds(d.updatedAt)}</td>
                <td class="row">
                  {props.operator &&
                    actionsFor(d.status).map((c) => (
                      <button key={c} type="button" onClick={() => ask(d, c)}>
                        {LABEL[c]}
                        <span class="visually-hidden"> {name}</span>
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {stopping && (
        <ConfirmDialog
          title={`Stop ${displayName(stopping)}?`}
          confirmLabel="Stop deployment"
          reasonLabel="Reason (recorded)"
          danger
          onConfirm={async (reason) => {
            try {
              await api.deployments.stop.mutate({ id: stopping.id, ...(reason ? { reason } : {}) });
            } finally {
              props.onChanged();
            }
          }}
          onClose={() => setStopping(undefined)}
        >
          <p>
            It holds {props.figures.get(stopping.id)?.openPositions} open position(s). Stopping cancels its
            working orders but keeps the positions: nothing will manage or exit them until it is started
            again.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
