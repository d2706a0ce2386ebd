// Adds a Dhan account: label, client id and the access token. The token goes to the daemon once
// (encrypted there) and is cleared from the form; no answer ever carries it back.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import type { FieldIssue } from '../../forms/schema-validate';
import { TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';

export function AddAccountForm({ onAdded }: { onAdded: (label: string) => void }) {
  const [label, setLabel] = useState('');
  const [clientId, setClientId] = useState('');
  const [token, setToken] = useState('');
  const [connect, setConnect] = useState(true);
  const [local, setLocal] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const issues: FieldIssue[] = [];
    if (!label.trim()) issues.push({ path: 'label', message: 'label: expected a name for the account' });
    if (!/^\d{1,20}$/.test(clientId.trim()))
      issues.push({
        path: 'clientId',
        message: `clientId: got ${JSON.stringify(clientId.trim())}, expected the Dhan client id (digits)`,
      });
    if (!token.trim())
      issues.push({ path: 'accessToken', message: 'accessToken: expected the access token' });
    setLocal(issues);
    if (issues.length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const account = await api.broker.add.mutate({
        label: label.trim(),
        clientId: clientId.trim(),
        accessToken: token.trim(),
      });
      if (connect) await api.broker.connect.mutate({ id: account.id });
      setLabel('');
      setClientId('');
      onAdded(account.label);
    } catch (err) {
      setError(toCallError(err));
    } finally {
      // The token never stays in the page, whatever the outcome.
      setToken('');
      setBusy(false);
    }
  };
  const issues = [...local, ...serverIssues(error)];
  const tokenIssues = issues.filter((i) => i.path === 'accessToken');
  return (
    <form onSubmit={submit} aria-label="Add a Dhan account" noValidate>
      <TextField
        id="account-label"
        label="Label"
        value={label}
        onInput={setLabel}
        path="label"
        issues={issues}
      />
      <TextField
        id="account-client"
        label="Dhan client id"
        value={clientId}
        onInput={setClientId}
        path="clientId"
        issues={issues}
      />
      <div class="field">
        <label for="account-token">
          <span>Access token (from web.dhan.co; stored encrypted, never shown again)</span>
          <input
            id="account-token"
            type="password"
            autocomplete="off"
            value={token}
            aria-invalid={tokenIssues.length > 0}
            aria-describedby={tokenIssues.length ? 'account-token-error' : undefined}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        {tokenIssues.length > 0 && (
          <div id="account-token-error" class="field-error" role="alert">
            {tokenIssues.map((i) => i.message).join('; ')}
          </div>
        )}
      </div>
      <label class="inline field" for="account-connect">
        <input
          id="account-connect"
          type="checkbox"
          checked={connect}
          onChange={(e) => setConnect(e.currentTarget.checked)}
        />
        Connect the link now
      </label>
      {error && error.issues.length === 0 && <ErrorBox error={error} />}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add account'}
      </button>
    </form>
  );
}
