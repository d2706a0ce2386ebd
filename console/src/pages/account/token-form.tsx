// Create an API token: a name and an optional expiry in days.
import { useState } from 'preact/hooks';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';

interface TokenFormProps {
  /** Whose token, in words ("your", "analyst@example.com's"). */
  owner: string;
  /** Element ids start with this (two token forms can be on one page). */
  idPrefix: string;
  onCreate: (input: { name: string; expiresInDays?: number }) => Promise<void>;
}

export function TokenForm({ owner, idPrefix, onCreate }: TokenFormProps) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const daysNumber = days.trim() === '' ? undefined : Number(days);
  const local =
    daysNumber !== undefined && !(Number.isInteger(daysNumber) && daysNumber >= 1 && daysNumber <= 3650)
      ? [
          {
            path: 'expiresInDays',
            message: `expires in: got ${JSON.stringify(days)}, expected whole days from 1 to 3650 (empty: never)`,
          },
        ]
      : [];
  const submit = async (event: Event) => {
    event.preventDefault();
    if (local.length > 0 || !name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await onCreate({ name: name.trim(), expiresInDays: daysNumber });
      setName('');
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const issues = [...local, ...serverIssues(error)];
  return (
    <form class="filters" onSubmit={submit} aria-label={`Create ${owner} API token`} noValidate>
      <TextField
        id={`${idPrefix}-name`}
        label="Token name"
        value={name}
        onInput={setName}
        path="name"
        issues={issues}
      />
      <TextField
        id={`${idPrefix}-days`}
        label="Expires in (days; empty: never)"
        value={days}
        onInput={setDays}
        path="expiresInDays"
        issues={issues}
      />
      <div class="field">
        <button type="submit" class="primary" disabled={busy || !name.trim()}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
    </form>
  );
}
