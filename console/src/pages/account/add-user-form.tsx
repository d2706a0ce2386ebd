// Add a user (admins): email and role; the daemon generates the first password and returns it
// once (shown by the caller).
import { useState } from 'preact/hooks';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import type { Role } from '../../api/session';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';

interface AddUserFormProps {
  onAdd: (input: { email: string; role: Role }) => Promise<void>;
}

export function AddUserForm({ onAdd }: AddUserFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const local =
    email.length > 0 && !/^[^@\s]+@[^@\s]+$/.test(email.trim())
      ? [
          {
            path: 'email',
            message: `email: got ${JSON.stringify(email)}, expected an address such as user@example.com`,
          },
        ]
      : [];
  const submit = async (event: Event) => {
    event.preventDefault();
    if (local.length > 0 || !email.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await onAdd({ email: email.trim(), role });
      setEmail('');
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="filters" onSubmit={submit} aria-label="Add a user" noValidate>
      <TextField
        id="new-user-email"
        label="Email"
        value={email}
        onInput={setEmail}
        path="email"
        issues={[...local, ...serverIssues(error)]}
      />
      <div class="field">
        <label for="new-user-role">
          Role
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option>viewer</option>
            <option>operator</option>
            <option>admin</option>
          </select>
        </label>
      </div>
      <div class="field">
        <button type="submit" class="primary" disabled={busy || !email.trim()}>
          {busy ? 'Adding…' : 'Add user'}
        </button>
      </div>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
    </form>
  );
}
