// Broker accounts: link state, token expiry counting down each second, and the operator's
// actions (connect, disconnect, a new token, remove). Selecting an account opens its details.
import { useEffect, useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatIstSeconds } from '../../ui/cell-text';
import { expiryText } from './token-expiry';

type Account = Outputs['broker']['accounts'][number];

const LINK_CLASS: Record<string, string> = {
  connected: 'ok',
  degraded: 'warn',
  connecting: 'warn',
  circuit_open: 'bad',
  auth_expired: 'bad',
  stopped: 'bad',
  disconnected: 'muted',
};

/** Seconds since the accounts were loaded, ticking, so countdowns move without reloading. */
function useElapsed(loadedAt: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - loadedAt) / 1000));
}

export function AccountsTable(props: {
  accounts: Account[];
  loadedAt: number;
  selected: number | undefined;
  operator: boolean;
  onSelect: (id: number) => void;
  onChanged: () => void;
}) {
  const elapsed = useElapsed(props.loadedAt);
  const [tokenFor, setTokenFor] = useState<Account>();
  const [removing, setRemoving] = useState<Account>();
  const [token, setToken] = useState('');
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } finally {
      props.onChanged();
    }
  };
  return (
    <div class="table-wrap">
      <table aria-label="Broker accounts">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Client id</th>
            <th scope="col">Link</th>
            <th scope="col">Token expires</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => {
            const expiry =
              a.broker === 'paper'
                ? undefined
                : expiryText(a.tokenExpiresInSeconds === null ? null : a.tokenExpiresInSeconds - elapsed);
            return (
              <tr key={a.id} aria-selected={props.selected === a.id}>
                <td>
                  <button type="button" class="link" onClick={() => props.onSelect(a.id)}>
                    {a.label}
                  </button>{' '}
                  <span class="muted">{a.broker}</span>
                </td>
                <td>{a.clientIdHint ?? '—'}</td>
                {a.broker === 'paper' ? (
                  <td>
                    <span class="badge muted">simulated, no link</span>
                  </td>
                ) : (
                  <td title={a.link.detail ?? undefined}>
                    <span class={`badge ${LINK_CLASS[a.link.state] ?? 'muted'}`}>
                      {a.link.state.replace('_', ' ')}
                    </span>
                    {a.link.since && <span class="muted"> since {formatIstSeconds(a.link.since)}</span>}
                  </td>
                )}
                <td data-testid={`expiry-${a.id}`}>
                  {expiry ? (
                    <span class={expiry.level === 'unknown' ? 'muted' : expiry.level}>{expiry.text}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="row">
                  {props.operator && a.broker === 'dhan' && (
                    <>
                      {a.linkEnabled ? (
                        <button
                          type="button"
                          onClick={() => void act(() => api.broker.disconnect.mutate({ id: a.id }))}
                        >
                          Disconnect<span class="visually-hidden"> {a.label}</span>
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => void act(() => api.broker.connect.mutate({ id: a.id }))}
                        >
                          Connect<span class="visually-hidden"> {a.label}</span>
                        </button>
                      )}
                      <button type="button" onClick={() => setTokenFor(a)}>
                        New token<span class="visually-hidden"> for {a.label}</span>
                      </button>
                      {!a.linkEnabled && (
                        <button type="button" onClick={() => setRemoving(a)}>
                          Remove<span class="visually-hidden"> {a.label}</span>
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {tokenFor && (
        <ConfirmDialog
          title={`A new access token for ${tokenFor.label}`}
          confirmLabel="Set token"
          onConfirm={async () => {
            try {
              await api.broker.setToken.mutate({ id: tokenFor.id, accessToken: token.trim() });
            } finally {
              setToken('');
            }
            props.onChanged();
          }}
          onClose={() => {
            setToken('');
            setTokenFor(undefined);
          }}
        >
          <div class="field">
            <label for="new-token">
              <span>Access token (applies without a restart; never shown again)</span>
              <input
                id="new-token"
                type="password"
                autocomplete="off"
                value={token}
                onInput={(e) => setToken(e.currentTarget.value)}
              />
            </label>
          </div>
        </ConfirmDialog>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove the account ${removing.label}?`}
          confirmLabel="Remove account"
          danger
          onConfirm={async () => {
            await api.broker.remove.mutate({ id: removing.id });
            props.onChanged();
          }}
          onClose={() => setRemoving(undefined)}
        >
          <p>
            Its encrypted credentials are deleted. An account with orders or deployments cannot be removed.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
