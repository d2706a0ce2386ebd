// Every engaged kill switch you can see (global, account, deployment) and the latest ones, with
// engage per account for operators and release for whoever may (the daemon decides: the global
// switch needs an admin). The header's control covers the global switch on every page.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { formatIstSeconds } from '../../ui/cell-text';
import { ConfirmDialog } from '../../ui/confirm-dialog';

type Status = Outputs['risk']['killSwitch']['status'];
type Switch = Status['engaged'][number];
type Account = Outputs['broker']['accounts'][number];

function scopeText(s: Switch, accounts: Account[]): string {
  if (s.scope === 'global') return 'Global';
  if (s.scope === 'account')
    return `Account ${accounts.find((a) => a.id === s.accountId)?.label ?? s.accountId}`;
  return `Deployment ${s.deploymentId}`;
}

export function KillSwitches(props: {
  status: Status;
  accounts: Account[];
  operator: boolean;
  admin: boolean;
  onChanged: () => void;
}) {
  const [releasing, setReleasing] = useState<Switch>();
  const [engaging, setEngaging] = useState<Account>();
  const [flatten, setFlatten] = useState(false);
  const { engaged, recent } = props.status;
  const covered = new Set(engaged.filter((s) => s.scope === 'account').map((s) => s.accountId));
  return (
    <section class="panel" aria-labelledby="switches-title">
      <h2 id="switches-title">
        Kill switches{' '}
        <span class={`badge ${engaged.length ? 'bad' : 'ok'}`}>
          {engaged.length ? `${engaged.length} engaged` : 'none engaged'}
        </span>
      </h2>
      {engaged.length > 0 && (
        <div class="table-wrap">
          <table aria-label="Engaged kill switches">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Reason</th>
                <th scope="col">Engaged by</th>
                <th scope="col">At (IST)</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {engaged.map((s) => (
                <tr key={s.id}>
                  <td>
                    {scopeText(s, props.accounts)}
                    {s.flatten && <span class="muted"> · flatten</span>}
                  </td>
                  <td class="wrap">{s.reason || '—'}</td>
                  <td>{s.engagedBy}</td>
                  <td>{formatIstSeconds(s.engagedAt)}</td>
                  <td>
                    {(s.scope === 'global' ? props.admin : props.operator) && (
                      <button type="button" onClick={() => setReleasing(s)}>
                        Release<span class="visually-hidden"> {scopeText(s, props.accounts)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.operator && props.accounts.some((a) => !covered.has(a.id)) && (
        <div class="row">
          <span class="muted">Stop one account:</span>
          {props.accounts
            .filter((a) => !covered.has(a.id))
            .map((a) => (
              <button key={a.id} type="button" class="danger" onClick={() => setEngaging(a)}>
                Engage on {a.label}
              </button>
            ))}
        </div>
      )}
      {recent.length > 0 && (
        <details>
          <summary>Latest engagements</summary>
          <ul class="hint">
            {recent.map((s) => (
              <li key={s.id}>
                {formatIstSeconds(s.engagedAt)} · {scopeText(s, props.accounts)} by {s.engagedBy}
                {s.releasedAt
                  ? ` · released ${formatIstSeconds(s.releasedAt)} by ${s.releasedBy}`
                  : ' · engaged'}
              </li>
            ))}
          </ul>
        </details>
      )}
      {releasing && (
        <ConfirmDialog
          title={`Release the ${scopeText(releasing, props.accounts).toLowerCase()} kill switch?`}
          confirmLabel="Release"
          reasonLabel="Reason (recorded)"
          onConfirm={async (reason) => {
            await api.risk.killSwitch.release.mutate({ id: releasing.id, reason });
            props.onChanged();
          }}
          onClose={() => setReleasing(undefined)}
        >
          <p>Orders it covers may be sent again.</p>
        </ConfirmDialog>
      )}
      {engaging && (
        <ConfirmDialog
          title={`Engage the kill switch on ${engaging.label}?`}
          confirmLabel="Engage"
          reasonLabel="Reason (recorded)"
          danger
          onConfirm={async (reason) => {
            await api.risk.killSwitch.engage.mutate({
              target: { scope: 'account', accountId: engaging.id },
              flatten,
              reason,
            });
            props.onChanged();
          }}
          onClose={() => {
            setEngaging(undefined);
            setFlatten(false);
          }}
        >
          <p>No order of this account is sent until it is released; open orders are cancelled.</p>
          <label class="inline" for="engage-flatten">
            <input
              id="engage-flatten"
              type="checkbox"
              checked={flatten}
              onChange={(e) => setFlatten(e.currentTarget.checked)}
            />
            Also close its positions
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
