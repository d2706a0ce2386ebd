// Trading state per account and deployment (ACTIVE, REDUCING, HALTED), why and since when, and
// the latest changes; operators move a state with a reason (audited). An account with no stored
// state has never left ACTIVE.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { formatIstSeconds } from '../../ui/cell-text';
import { ConfirmDialog } from '../../ui/confirm-dialog';

type StateView = Outputs['risk']['state'];
type Account = Outputs['broker']['accounts'][number];
type Row = {
  scope: 'account' | 'deployment';
  scopeId: number;
  name: string;
  state: string;
  why: string;
  since?: string;
};
type Move = { row: Row; to: 'ACTIVE' | 'REDUCING' | 'HALTED' };

const BADGE: Record<string, string> = { ACTIVE: 'ok', REDUCING: 'warn', HALTED: 'bad' };
const VERB = { ACTIVE: 'Resume', REDUCING: 'Reduce only', HALTED: 'Halt' } as const;

export function stateRows(view: StateView, accounts: Account[]): Row[] {
  const rows: Row[] = view.states.map((s) => ({
    scope: s.scope,
    scopeId: s.scopeId,
    name:
      s.scope === 'account'
        ? (accounts.find((a) => a.id === s.scopeId)?.label ?? `account ${s.scopeId}`)
        : `deployment ${s.scopeId}`,
    state: s.state,
    why: `${s.source}${s.reason ? `: ${s.reason}` : ''}`,
    since: s.since,
  }));
  for (const a of accounts)
    if (!rows.some((r) => r.scope === 'account' && r.scopeId === a.id))
      rows.push({ scope: 'account', scopeId: a.id, name: a.label, state: 'ACTIVE', why: 'never changed' });
  return rows.sort((a, b) => a.scope.localeCompare(b.scope) || a.scopeId - b.scopeId);
}

export function TradingStates(props: {
  view: StateView;
  accounts: Account[];
  operator: boolean;
  onChanged: () => void;
}) {
  const [move, setMove] = useState<Move>();
  const rows = stateRows(props.view, props.accounts);
  return (
    <section class="panel" aria-labelledby="states-title">
      <h2 id="states-title">Trading states</h2>
      {rows.length === 0 ? (
        <p class="muted">No broker accounts or deployments yet.</p>
      ) : (
        <div class="table-wrap">
          <table aria-label="Trading states">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">State</th>
                <th scope="col">Why</th>
                <th scope="col">Since (IST)</th>
                {props.operator && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.scope}-${r.scopeId}`}>
                  <td>{r.name}</td>
                  <td>
                    <span class={`badge ${BADGE[r.state] ?? 'muted'}`}>{r.state}</span>
                  </td>
                  <td class="wrap">{r.why}</td>
                  <td>{r.since ? formatIstSeconds(r.since) : '—'}</td>
                  {props.operator && (
                    <td class="row">
                      {(['HALTED', 'REDUCING', 'ACTIVE'] as const)
                        .filter((to) => to !== r.state)
                        .map((to) => (
                          <button key={to} type="button" onClick={() => setMove({ row: r, to })}>
                            {VERB[to]}
                            <span class="visually-hidden"> {r.name}</span>
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.view.changes.length > 0 && (
        <details>
          <summary>Latest changes</summary>
          <ul class="hint">
            {props.view.changes.slice(0, 20).map((c) => (
              <li key={c.id}>
                {formatIstSeconds(c.at)} · {c.scope} {c.scopeId}: {c.from} → {c.to} by {c.by}
                {c.reason ? ` (${c.reason})` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {move && (
        <ConfirmDialog
          title={`${VERB[move.to]} ${move.row.name}?`}
          confirmLabel={VERB[move.to]}
          reasonLabel="Reason (recorded)"
          danger={move.to !== 'ACTIVE'}
          onConfirm={async (reason) => {
            await api.risk.setState.mutate({
              scope: move.row.scope,
              scopeId: move.row.scopeId,
              state: move.to,
              reason: reason || `${VERB[move.to]} from the console`,
            });
            props.onChanged();
          }}
          onClose={() => setMove(undefined)}
        >
          <p>
            {move.to === 'HALTED'
              ? 'Only protective exits pass; its open orders are cancelled.'
              : move.to === 'REDUCING'
                ? 'Only orders that reduce a position pass.'
                : 'Orders pass again (while no loss limit is reached).'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
