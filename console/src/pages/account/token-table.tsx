// API tokens: name, owner (when listing everyone's), prefix, created, last used, expiry, state,
// and a revoke button for live ones.
import { formatIstSeconds } from '../../ui/cell-text';

export interface TokenRow {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

interface TokenTableProps {
  tokens: TokenRow[];
  /** Owner emails by user id, to show whose token it is (admins' list of everyone's). */
  owners?: Map<number, string>;
  onRevoke: (token: TokenRow) => void;
  /** Epoch ms "now", to tell expired tokens (a prop so tests are deterministic). */
  now: number;
}

function stateOf(t: TokenRow, now: number): 'revoked' | 'expired' | 'live' {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return 'expired';
  return 'live';
}

const when = (t: string | null) => (t ? formatIstSeconds(t) : '—');

export function TokenTable({ tokens, owners, onRevoke, now }: TokenTableProps) {
  if (tokens.length === 0) return <p class="muted">No API tokens.</p>;
  return (
    <div class="table-wrap">
      <table aria-label={owners ? 'Every API token' : 'Your API tokens'}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {owners && <th scope="col">Owner</th>}
            <th scope="col">Starts with</th>
            <th scope="col">Created (IST)</th>
            <th scope="col">Last used (IST)</th>
            <th scope="col">Expires (IST)</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => {
            const state = stateOf(t, now);
            return (
              <tr key={t.id}>
                <td>{t.name}</td>
                {owners && <td>{owners.get(t.userId) ?? `user ${t.userId}`}</td>}
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>{t.expiresAt ? when(t.expiresAt) : 'never'}</td>
                <td>
                  <span class={`badge ${state === 'live' ? 'ok' : 'muted'}`}>{state}</span>
                </td>
                <td>
                  {state === 'live' && (
                    <button type="button" aria-label={`Revoke token ${t.name}`} onClick={() => onRevoke(t)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
