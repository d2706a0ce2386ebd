// Change your own password: the current one, the new one twice. Checked as you type (length,
// match) and again by the daemon, whose refusal shows under the form.
import { useState } from 'preact/hooks';
import { toCallError, type CallError } from '../../api/error-message';
import type { FieldIssue } from '../../forms/schema-validate';
import { ErrorBox } from '../../ui/error-box';

export const MIN_PASSWORD = 12;

export function checkNewPassword(next: string, again: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (next.length > 0 && next.length < MIN_PASSWORD)
    issues.push({
      path: 'newPassword',
      message: `new password: got ${next.length} characters, expected at least ${MIN_PASSWORD}`,
    });
  if (again.length > 0 && again !== next)
    issues.push({ path: 'again', message: 'repeat: does not match the new password' });
  return issues;
}

interface PasswordFormProps {
  onSubmit: (input: { currentPassword: string; newPassword: string }) => Promise<void>;
}

export function PasswordForm({ onSubmit }: PasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<CallError>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const issues = checkNewPassword(next, again);
  const ready = current.length > 0 && next.length >= MIN_PASSWORD && again === next;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ currentPassword: current, newPassword: next });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (id: string, label: string, value: string, set: (v: string) => void, path: string) => {
    const mine = issues.filter((i) => i.path === path);
    return (
      <div class="field">
        <label for={id}>
          {label}
          <input
            id={id}
            type="password"
            autoComplete={path === 'current' ? 'current-password' : 'new-password'}
            value={value}
            aria-invalid={mine.length > 0}
            aria-describedby={mine.length ? `${id}-error` : undefined}
            onInput={(e) => {
              setDone(false);
              set(e.currentTarget.value);
            }}
          />
        </label>
        {mine.length > 0 && (
          <div id={`${id}-error`} class="field-error" role="alert">
            {mine.map((i) => i.message).join('; ')}
          </div>
        )}
      </div>
    );
  };
  return (
    <form onSubmit={submit} aria-label="Change your password" noValidate>
      {field('pw-current', 'Current password', current, setCurrent, 'current')}
      {field('pw-new', `New password (at least ${MIN_PASSWORD} characters)`, next, setNext, 'newPassword')}
      {field('pw-again', 'Repeat the new password', again, setAgain, 'again')}
      <ErrorBox error={error} />
      {done && (
        <p class="ok" role="status">
          Password changed.
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || !ready}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
