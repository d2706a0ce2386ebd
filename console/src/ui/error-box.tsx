import type { CallError } from '../api/error-message';

/** A failed call, announced to screen readers; the daemon's message is shown as is. */
export function ErrorBox({ error }: { error: CallError | undefined }) {
  if (!error) return null;
  return (
    <div class="error-box" role="alert">
      <strong>{error.code}</strong>: {error.message}
    </div>
  );
}
