// Streams a subscription's events until the operator stops it (or leaves the page).
import { useEffect, useRef, useState } from 'preact/hooks';
import { untypedApi } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { ErrorBox } from '../../ui/error-box';

interface StreamProps {
  path: string;
  input: unknown;
  disabled: boolean;
}

interface Received {
  at: number;
  data: unknown;
}

/** Events kept on screen; older ones scroll away. */
const KEEP = 50;

export function SubscriptionStream({ path, input, disabled }: StreamProps) {
  const [events, setEvents] = useState<Received[]>([]);
  const [error, setError] = useState<CallError>();
  const [running, setRunning] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  const startedAt = useRef(0);

  const start = () => {
    setEvents([]);
    setError(undefined);
    setRunning(true);
    startedAt.current = performance.now();
    const subscription = untypedApi.subscription(path, input, {
      onData: (data: unknown) =>
        setEvents((list) => [{ at: performance.now() - startedAt.current, data }, ...list].slice(0, KEEP)),
      onError: (err: unknown) => {
        setError(toCallError(err));
        setRunning(false);
      },
      onComplete: () => setRunning(false),
    });
    stop.current = () => subscription.unsubscribe();
  };
  const end = () => {
    stop.current?.();
    stop.current = null;
    setRunning(false);
  };
  useEffect(() => () => stop.current?.(), []);

  return (
    <>
      <div class="row" style={{ marginTop: '0.5rem' }}>
        <button type="button" class="primary" disabled={disabled || running} onClick={start}>
          Subscribe
        </button>
        <button type="button" disabled={!running} onClick={end}>
          Stop
        </button>
        <span class="muted" aria-live="polite">
          {running
            ? `streaming · ${events.length} event(s)`
            : events.length
              ? `stopped · ${events.length} event(s)`
              : ''}
        </span>
      </div>
      <ErrorBox error={error} />
      <ol class="proc-list" aria-label="Events received" reversed>
        {events.map((e, i) => (
          <li key={events.length - i}>
            <div class="muted">+{(e.at / 1000).toFixed(2)} s</div>
            <pre>{JSON.stringify(e.data, null, 2)}</pre>
          </li>
        ))}
      </ol>
    </>
  );
}
