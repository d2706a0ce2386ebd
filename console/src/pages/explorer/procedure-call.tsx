// One procedure: its type, role and input schema, a JSON editor prefilled with the example
// input, and the call's result or error with its latency. Subscriptions stream until stopped.
import { useState } from 'preact/hooks';
import { untypedApi, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { JsonEditor, parseJson } from '../../forms/json-editor';
import { ErrorBox } from '../../ui/error-box';
import { SubscriptionStream } from './subscription-stream';

type ProcedureInfo = Outputs['system']['procedures'][number];
type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; error: CallError; ms: number };

function exampleText(example: unknown): string {
  return example === undefined ? '' : JSON.stringify(example, null, 2);
}

export function ProcedureCall({ procedure }: { procedure: ProcedureInfo }) {
  const [text, setText] = useState(() => exampleText(procedure.example));
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const parsed = parseJson(text);

  const call = async () => {
    setBusy(true);
    const started = performance.now();
    try {
      const value =
        procedure.type === 'query'
          ? await untypedApi.query(procedure.path, parsed.value)
          : await untypedApi.mutation(procedure.path, parsed.value);
      setOutcome({ ok: true, value, ms: performance.now() - started });
    } catch (err) {
      setOutcome({ ok: false, error: toCallError(err), ms: performance.now() - started });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="call-title">
      <h2 id="call-title">
        <code>{procedure.path}</code>
        <span class="badge muted">
          {procedure.type} · {procedure.role} role
        </span>
      </h2>
      {procedure.description && <p>{procedure.description}</p>}
      <details>
        <summary>Input JSON Schema</summary>
        <pre>{procedure.inputSchema ? JSON.stringify(procedure.inputSchema, null, 2) : 'no input'}</pre>
      </details>
      {procedure.inputSchema ? (
        <>
          <JsonEditor
            id="call-input"
            label="Input (JSON)"
            text={text}
            onText={setText}
            error={parsed.error}
            rows={8}
          />
          <button type="button" onClick={() => setText(exampleText(procedure.example))}>
            Reset to example
          </button>
        </>
      ) : (
        <p class="muted">Takes no input.</p>
      )}
      {procedure.type === 'subscription' ? (
        <SubscriptionStream
          path={procedure.path}
          input={parsed.value}
          disabled={parsed.error !== undefined}
        />
      ) : (
        <>
          <div class="row" style={{ marginTop: '0.5rem' }}>
            <button
              type="button"
              class="primary"
              disabled={busy || parsed.error !== undefined}
              onClick={call}
            >
              {busy ? 'Calling…' : procedure.type === 'mutation' ? 'Run mutation' : 'Run query'}
            </button>
          </div>
          <div aria-live="polite" data-testid="call-outcome">
            {outcome && (
              <>
                <p class={outcome.ok ? 'ok' : 'bad'}>
                  {outcome.ok ? 'OK' : 'Failed'} in {outcome.ms.toFixed(1)} ms
                </p>
                {outcome.ok ? (
                  <pre>{JSON.stringify(outcome.value, null, 2) ?? 'undefined'}</pre>
                ) : (
                  <ErrorBox error={outcome.error} />
                )}
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
