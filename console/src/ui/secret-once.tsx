// A secret the daemon returns once (a generated password, a new API token): shown with a copy
// button and a warning that it will not be shown again.
import { useState } from 'preact/hooks';

export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div class="secret-once" role="status" aria-live="polite">
      <p>
        <strong>{label}</strong> — shown only now; copy it somewhere safe.
      </p>
      <div class="row">
        <code data-testid="secret-value">{value}</code>
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
