// Create or edit a strategy: name, template, the template's parameters (a form generated from its
// JSON Schema), the universe and the cost model. A strategy written as code (docs/user-strategies.md)
// keeps its source — pushed with `quanttrade strategy push` — and gets the same form from the
// parameter schema its code declared. Parameter problems show as you type; the rest
// once you try to save; the daemon's own answer lands under the field it names.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { toCallError, type CallError } from '../../api/error-message';
import { serverIssues } from '../../api/field-issues';
import type { JsonSchema } from '../../forms/json-schema';
import { SchemaForm } from '../../forms/schema-form';
import { splitList, TextField } from '../../forms/text-field';
import { ErrorBox } from '../../ui/error-box';
import { CostsField } from './costs-field';
import { checkDraft, costsInput, TIMEFRAMES, type StrategyDraft } from './strategy-draft';

type Template = Outputs['strategies']['templates'][number];
type Strategy = Outputs['strategies']['get'];

interface EditorProps {
  templates: Template[];
  /** Absent when creating. */
  strategy?: Strategy;
  initialTemplate?: string;
  onSaved: (saved: { id: number }) => void;
}

function initialDraft(templates: Template[], strategy?: Strategy, templateName?: string): StrategyDraft {
  if (strategy) {
    const v = strategy.current;
    return {
      name: strategy.name,
      description: strategy.description,
      template: v.template ?? '',
      params: v.params,
      symbols: v.universe.symbols,
      timeframe: v.universe.timeframe,
      costs: v.costs,
    };
  }
  const template = templates.find((t) => t.name === templateName) ?? templates[0];
  return {
    name: template ? `${template.name} strategy` : '',
    description: '',
    template: template?.name ?? '',
    params: { ...(template?.defaults ?? {}) },
    symbols: ['RELIANCE'],
    timeframe: '1d',
    costs: { model: 'india' },
  };
}

export function StrategyEditor({ templates, strategy, initialTemplate, onSaved }: EditorProps) {
  const [draft, setDraft] = useState(() => initialDraft(templates, strategy, initialTemplate));
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<CallError>();
  const [busy, setBusy] = useState(false);
  const code = strategy?.current.code ?? null;
  const template = code ? undefined : templates.find((t) => t.name === draft.template);
  const schema = (code ? code.paramSchema : template?.schema) as JsonSchema | undefined;
  const local = checkDraft(draft, schema);
  const issues = [
    ...(submitted ? local : local.filter((i) => i.path.startsWith('params'))),
    ...serverIssues(error),
  ];
  const set = (patch: Partial<StrategyDraft>) => {
    setError(undefined);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (local.length > 0) return;
    setBusy(true);
    const input = {
      name: draft.name.trim(),
      description: draft.description,
      // Code keeps its source: only parameters, universe and costs change here.
      ...(code ? {} : { template: draft.template }),
      params: draft.params,
      universe: { symbols: draft.symbols, timeframe: draft.timeframe },
      costs: costsInput(draft.costs),
    };
    try {
      onSaved(
        strategy
          ? await api.strategies.update.mutate({ id: strategy.id, ...input })
          : await api.strategies.create.mutate(input),
      );
    } catch (err) {
      setError(toCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={save} aria-labelledby="editor-title" noValidate>
      <h2 id="editor-title">
        {strategy ? `Edit “${strategy.name}” (version ${strategy.latestVersion})` : 'New strategy'}
      </h2>
      <TextField
        id="strategy-name"
        label="Name"
        value={draft.name}
        onInput={(name) => set({ name })}
        path="name"
        issues={issues}
      />
      <TextField
        id="strategy-description"
        label="Description (optional)"
        value={draft.description}
        onInput={(description) => set({ description })}
        path="description"
        issues={issues}
      />
      {code ? (
        <div class="field">
          <span>Code</span>
          <div id="strategy-code">
            {code.name} ({code.language}, sha256 {code.sourceHash.slice(0, 12)})
          </div>
          <div class="hint">
            Edit the source in your editor and save it with <code>quanttrade strategy push</code>.
          </div>
        </div>
      ) : (
        <div class="field">
          <label for="strategy-template">
            <span>Template</span>
            <select
              id="strategy-template"
              value={draft.template}
              onChange={(e) => {
                const next = templates.find((t) => t.name === e.currentTarget.value);
                set({ template: e.currentTarget.value, params: { ...(next?.defaults ?? {}) } });
              }}
            >
              {templates.map((t) => (
                <option key={t.name}>{t.name}</option>
              ))}
            </select>
          </label>
          {template && <div class="hint">{template.description}</div>}
        </div>
      )}
      {schema && (
        <fieldset class="field">
          <legend>Parameters</legend>
          <SchemaForm
            schema={schema}
            value={draft.params}
            onChange={(update) => {
              setError(undefined);
              setDraft((d) => ({ ...d, params: update(d.params) }));
            }}
            issues={issues}
            path="params"
          />
        </fieldset>
      )}
      <fieldset class="field">
        <legend>Universe</legend>
        <TextField
          id="universe-symbols"
          label="Symbols"
          hint="Comma-separated: RELIANCE, NSE:TCS"
          value={draft.symbols.join(', ')}
          onInput={(t) => set({ symbols: splitList(t) })}
          path="universe.symbols"
          issues={issues}
        />
        {issues
          .filter((i) => i.path.startsWith('universe.symbols['))
          .map((i) => (
            <div key={i.path} class="field-error" role="alert">
              {i.message}
            </div>
          ))}
        <label for="universe-timeframe">
          <span>Timeframe</span>
          <select
            id="universe-timeframe"
            value={draft.timeframe}
            onChange={(e) => set({ timeframe: e.currentTarget.value })}
          >
            {TIMEFRAMES.map((tf) => (
              <option key={tf}>{tf}</option>
            ))}
          </select>
        </label>
      </fieldset>
      <CostsField costs={draft.costs} onChange={(costs) => set({ costs })} issues={issues} />
      <ErrorBox error={error} />
      <button class="primary" type="submit" disabled={busy}>
        {busy ? 'Saving…' : strategy ? 'Save as a new version' : 'Create strategy'}
      </button>
    </form>
  );
}
