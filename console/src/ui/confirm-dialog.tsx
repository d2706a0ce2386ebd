// A modal confirmation with an optional reason: the native <dialog> (focus moves into it and
// returns on close; Escape cancels), so one deliberate click confirms a dangerous action.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { toCallError, type CallError } from '../api/error-message';
import { ErrorBox } from './error-box';

export interface ConfirmDialogProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  /** Ask for a reason (recorded with the action). */
  reasonLabel?: string;
  danger?: boolean;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal?.();
  }, []);
  const confirm = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await props.onConfirm(reason.trim());
      props.onClose();
    } catch (err) {
      setError(toCallError(err));
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="confirm-title" onClose={props.onClose}>
      <form onSubmit={confirm}>
        <h2 id="confirm-title">{props.title}</h2>
        <div>{props.children}</div>
        {props.reasonLabel && (
          <div class="field">
            <label for="confirm-reason">
              {props.reasonLabel}
              <input
                id="confirm-reason"
                type="text"
                value={reason}
                maxLength={500}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </label>
          </div>
        )}
        <ErrorBox error={error} />
        <div class="row">
          <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Working…' : props.confirmLabel}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
