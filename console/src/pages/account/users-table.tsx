// Every user for admins: role (changeable), state, last sign-in, and the actions — disable or
// enable, reset the password. An admin's own row offers none of these (the daemon refuses an
// admin disabling or demoting themselves; their password is changed above, with the current one).
import type { Role } from '../../api/session';
import { formatIstSeconds } from '../../ui/cell-text';

export interface UserRow {
  id: number;
  email: string;
  role: Role;
  disabledAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UsersTableProps {
  users: UserRow[];
  selfId: number;
  onSetRole: (user: UserRow, role: Role) => void;
  onSetDisabled: (user: UserRow, disabled: boolean) => void;
  onResetPassword: (user: UserRow) => void;
  onCreateToken: (user: UserRow) => void;
}

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

export function UsersTable(props: UsersTableProps) {
  return (
    <div class="table-wrap">
      <table aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Last sign-in (IST)</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => {
            const self = u.id === props.selfId;
            return (
              <tr key={u.id}>
                <td>
                  {u.email}
                  {self && <span class="muted"> (you)</span>}
                </td>
                <td>
                  {self ? (
                    u.role
                  ) : (
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      onChange={(e) => props.onSetRole(u, e.currentTarget.value as Role)}
                    >
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <span class={`badge ${u.disabledAt ? 'bad' : 'ok'}`}>
                    {u.disabledAt ? 'disabled' : 'active'}
                  </span>
                </td>
                <td>{u.lastLoginAt ? formatIstSeconds(u.lastLoginAt) : 'never'}</td>
                <td class="row">
                  {!self && (
                    <>
                      <button type="button" onClick={() => props.onSetDisabled(u, !u.disabledAt)}>
                        {u.disabledAt ? 'Enable' : 'Disable'}
                        <span class="visually-hidden"> {u.email}</span>
                      </button>
                      <button type="button" onClick={() => props.onResetPassword(u)}>
                        Reset password<span class="visually-hidden"> of {u.email}</span>
                      </button>
                    </>
                  )}
                  {!u.disabledAt && (
                    <button type="button" onClick={() => props.onCreateToken(u)}>
                      New token<span class="visually-hidden"> for {u.email}</span>
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
